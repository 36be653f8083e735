"""Vie scolaire and Équipe pédagogique driven with Pilot at 80×24 against the emulated server: what
the table shows is checked against the demo school, the copied e-mail against the school's."""

from __future__ import annotations

from textual.widgets import DataTable

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.models.school_life import Absence
from espace_parents_tui.tui.screens.dialogs import InfoScreen
from espace_parents_tui.tui.screens.school_life import SchoolLifeView
from espace_parents_tui.tui.screens.team import TeamView
from tui_helpers import TODAY, Served, press, settle
from tui_helpers import screen_text as _screen_text


def _cells(table: DataTable, row: int) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(row)]


def _school_absences(school, child, period_name: str):
    period = school.period_named(period_name)
    return sorted(
        (a for a in child.absences if a.start.date() <= period.end and a.end.date() >= period.start),
        key=lambda a: a.start,
    )


async def test_school_life_shows_the_schools_absences_and_what_to_justify(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        view = app.query_one(SchoolLifeView)
        assert view.period == "Trimestre 2"
        lea = served.school.child("lea")
        # Every period of the tab: the current one, then the first trimester (fetched by the sync).
        for keys, period in (((), "Trimestre 2"), (("comma",), "Trimestre 1")):
            await press(pilot, *keys)
            assert view.period == period
            table = view.query_one(DataTable)
            shown = [
                (event.obj, _cells(table, row))
                for row, event in enumerate(view.events)
                if isinstance(event.obj, Absence)
            ]
            want = _school_absences(served.school, lea, period)
            assert want, period  # the demo school has absences in both
            assert [(a.start, a.end) for a, _ in sorted(shown, key=lambda s: s[0].start)] == [
                (a.start, a.end) for a in want
            ]
            for (absence, cells), school in zip(sorted(shown, key=lambda s: s[0].start), want, strict=True):
                state = cells[3]
                if school.pending:  # the parents' justification waits for the school
                    assert state.startswith("en attente")
                elif school.justified:
                    assert state.startswith("justifiée")
                elif school.to_justify_by_parents:
                    assert state.startswith("à justifier")
                else:
                    assert state.startswith("non justifiée")
                assert ("réglée" in state) == school.settled
                assert absence.reasons == tuple(school.reasons)
            assert table.row_count == len(view.events)
            assert f"Vie scolaire — {period}" in _screen_text(app)

        # Only the delays, then open one: the dialog shows the school's minutes.
        await press(pilot, "f", "f")
        assert view.events and {e.kind for e in view.events} == {"delay"}
        delays = {d.time: d for d in lea.delays}
        await press(pilot, "enter")
        assert isinstance(app.screen, InfoScreen)
        first = view.events[0].obj
        assert f"{delays[first.when].minutes} min" in _screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, InfoScreen)


async def test_a_punishment_opens_with_the_schools_words_never_markup(tmp_path):
    school = demo_school(TODAY)
    lea = school.child("lea")
    punishment = max(lea.punishments, key=lambda p: p.given)
    punishment.circumstances = "Jeté [bold]la craie[/] [link=x]"
    cpe = next(s for s in school.staff if s.email)
    cpe.function = "Conseillère [bold]principale[/b] [link=x]"
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "v")
            view = app.query_one(SchoolLifeView)
            period = next(p.name for p in school.periods if p.start <= punishment.given.date() <= p.end)
            while view.period != period:
                await press(pilot, "full_stop")
            await press(pilot, "f", "f", "f")  # punishments
            assert [e.kind for e in view.events] and {e.kind for e in view.events} == {"punishment"}
            row = next(
                i for i, e in enumerate(view.events) if e.obj.circumstances == punishment.circumstances
            )
            view.query_one(DataTable).move_cursor(row=row)
            await press(pilot, "enter")
            shown = _screen_text(app)
            assert "Jeté [bold]la craie[/] [link=x]" in shown
            assert punishment.requested_by in shown
            for session in punishment.sessions:
                assert f"{session.date:%d/%m/%Y} à {session.start:%Hh%M}" in shown
            await press(pilot, "escape", "p")
            team = app.query_one(TeamView)
            row = next(i for i, m in enumerate(team.members) if m.name == cpe.name)
            team.query_one(DataTable).move_cursor(row=row)
            await press(pilot, "enter")
            assert cpe.function in _screen_text(app)
    finally:
        served.stop()


async def test_team_lists_the_schools_people_and_copies_an_email(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p")
        view = app.query_one(TeamView)
        table = view.query_one(DataTable)
        lea = served.school.child("lea")
        taught = {les.teacher for les in lea.timetable}
        teachers = {t.name: t for t in served.school.teachers if t.name in taught}
        staff = {s.name: s for s in served.school.staff}
        shown = {m.name: m for m in view.members}
        assert {n for n, m in shown.items() if m.is_teacher} == set(teachers)
        assert {n for n, m in shown.items() if not m.is_teacher} <= set(staff)
        main = next(c.main_teacher for c in served.school.classes if c.name == lea.class_name)
        for row, member in enumerate(view.members):
            cells = _cells(table, row)
            assert cells[0].startswith(member.name)
            assert ("PP" in cells[0]) == (member.name == main)
            school_email = (teachers.get(member.name) or staff.get(member.name)).email
            assert member.email == school_email
            assert cells[2] == (school_email or "—")
        assert "Équipe pédagogique" in _screen_text(app)

        # The first person with an e-mail: y copies the school's address.
        row = next(i for i, m in enumerate(view.members) if m.email)
        table.move_cursor(row=row)
        await press(pilot, "y")
        expected = (teachers.get(view.members[row].name) or staff.get(view.members[row].name)).email
        assert app.clipboard == expected
        assert any(expected in n.message for n in app._notifications)

        # Someone without: nothing copied, a message says why.
        row = next(i for i, m in enumerate(view.members) if not m.email)
        table.move_cursor(row=row)
        await press(pilot, "y")
        assert app.clipboard == expected
        assert any("pas d'adresse e-mail" in n.message for n in app._notifications)

        await press(pilot, "enter")
        assert isinstance(app.screen, InfoScreen)
        assert view.members[row].name in _screen_text(app)
        await press(pilot, "escape")

        # The other child: their own teachers.
        await press(pilot, "ctrl+e")
        hugo = served.school.child("hugo")
        assert app.child.name == hugo.name
        hugo_teachers = {les.teacher for les in hugo.timetable}
        assert {m.name for m in view.members if m.is_teacher} == hugo_teachers != set(teachers)
