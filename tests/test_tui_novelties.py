"""Nouveautés (``N``) driven with Pilot against the emulated server: what the school adds between
syncs is listed newest first, viewing it marks it seen in the cache (Accueil follows, a restart shows
none of it), ``Entrée`` opens the line's section; and its picture at 80×24.
"""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest
from textual.widgets import DataTable, Static

from espace_parents_tui.demo.school import DiscussionMessage, Grade
from espace_parents_tui.tui.screens.novelties import NoveltiesView
from test_snapshots import RepoSnapshots, _no_blink
from tui_helpers import TODAY, press, settle


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


@pytest.fixture(autouse=True)
def _quiet_terminal(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _cells(table: DataTable, row: int) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(row)]


def _home_new(app) -> str:
    widget = app.query_one("#home-new", Static)
    return str(widget.render()) if widget.display else ""


def _add_grade(served) -> None:
    school = served.school
    lea = school.child("lea")
    period = school.current_period(TODAY).name
    lea.grades.append(Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=16.5, comment="Interro"))


def _add_message(served) -> str:
    """A teacher writes in an open discussion (the server keeps the mailbox in its state)."""
    mailbox = served.server.state["messaging"]["demo"]
    discussion = next(d for d in mailbox if not d.closed and d.folder is None)
    teacher = next(p for p in discussion.participants if p != served.school.parents[0].name)
    discussion.messages.append(
        DiscussionMessage(
            teacher, datetime.combine(TODAY, time(7, 0)), "Merci pour votre message.", read=False
        )
    )
    return discussion.subject


async def _two_news(served, pilot) -> str:
    """A grade, one sync, then a message, another sync: the message is the newest."""
    await settle(pilot)
    _add_grade(served)
    await press(pilot, "s")
    subject = _add_message(served)
    await press(pilot, "s")
    return subject


async def test_novelties_lists_newest_first_and_viewing_marks_them_seen(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        subject = await _two_news(served, pilot)
        counted = re.findall(r"\b(\d+) (notes?|messages?)\b", _home_new(app))
        assert sorted(counted) == [("1", "message"), ("1", "note")]

        await press(pilot, "N")
        assert app.current == "novelties"
        view = app.query_one(NoveltiesView)
        table = view.query_one(DataTable)
        rows = [_cells(table, row) for row in range(table.row_count)]
        assert len(rows) == 2, rows
        assert rows[0][1] == "Messagerie" and rows[0][2] == "—" and subject[:10] in rows[0][3]
        assert rows[1][1] == "Notes" and rows[1][2] == "Léa"
        assert "MATHÉMATIQUES" in rows[1][3] and "16,5/20" in rows[1][3]
        assert all(row[3].startswith("Nouveau ") for row in rows)
        # Seen in the cache as soon as it is shown; the lines stay for the visit.
        assert app.portal.cache.unseen_changes() == []
        await press(pilot, "s")
        assert table.row_count == 2

        # Accueil's count is gone; back in Nouveautés, nothing is left.
        await press(pilot, "a")
        assert _home_new(app) == ""
        await press(pilot, "N")
        assert table.row_count == 0 and not table.display
        assert "Rien de nouveau" in str(view.query_one("#novelties-empty", Static).render())

    # A restarted app on the same cache has nothing new either.
    again = served.app(sync_on_start=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.portal.cache.unseen_changes() == []
        assert _home_new(again) == ""
        await press(pilot, "N")
        assert again.query_one(NoveltiesView).query_one(DataTable).row_count == 0


async def test_enter_opens_the_lines_section_for_its_child(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hugo = served.school.child("hugo")
        period = served.school.current_period(TODAY).name
        hugo.grades.append(Grade("HISTOIRE-GÉOGRAPHIE", TODAY, period, out_of=20, value=12.0))
        await press(pilot, "s")
        assert app.child.name.endswith("Léa")
        await press(pilot, "N")
        table = app.query_one(NoveltiesView).query_one(DataTable)
        assert _cells(table, 0)[2] == "Hugo"
        await press(pilot, "enter")
        assert app.current == "grades"
        assert app.child.name.endswith("Hugo")


async def test_novelties_at_80x24(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _two_news(served, pilot)
        await press(pilot, "N")
        _no_blink(app)
        await pilot.pause()
        assert app.export_screenshot(simplify=True) == svg_snapshot(name="section-novelties-80x24")


async def test_palette_and_help_reach_novelties(served):
    from textual.command import CommandList

    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        binding = next(b for b in app.BINDINGS if getattr(b, "id", None) == "section.novelties")
        assert binding.key == "N" and binding.tooltip
        await press(pilot, "question_mark")
        shown = "".join(str(s.render()) for s in app.screen.query(Static))
        assert "  N  Nouveautés\n" in shown and "Nouveautés : Entrée ouvre la rubrique" in shown
        await press(pilot, "escape", "ctrl+p")
        await pilot.press(*"nouveaut")
        await settle(pilot)
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("Nouveautés" in p for p in prompts), prompts
        await press(pilot, "enter")
        assert app.current == "novelties"


async def test_hostile_server_text_shows_as_written(tmp_path, monkeypatch):
    """A child's name and a subject full of markup, escapes and controls: shown as text, nothing leaks."""
    from espace_parents_tui.demo.school.fileformat import load_school
    from hostile_school import MATHS, write_hostile_school
    from test_tui_hostile import assert_safe
    from tui_helpers import Served

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    served = Served(load_school(write_hostile_school(tmp_path)), tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            child = served.school.children[0]
            period = served.school.current_period(TODAY).name
            child.grades.append(Grade(MATHS, TODAY, period, out_of=20, value=9.0))
            await press(pilot, "s", "N")
            table = app.query_one(NoveltiesView).query_one(DataTable)
            assert table.row_count == 1
            assert_safe(app, "MATHS [bold]Gras[/]")
            assert app.is_running
    finally:
        served.stop()
