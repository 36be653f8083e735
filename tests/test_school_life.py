"""Vie scolaire: our client against the emulated server over loopback HTTP.

Values are checked against the demo school the server serves (``SCHOOL``), never against the
client's own output; the writes (an observation marked read, a punishment acknowledged) are read
back, in the same session and in a new one. Also: what the demo school promises, and the school
file's checks of these sections.
"""

from __future__ import annotations

import base64
import copy
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta

import pytest

from espace_parents_tui.demo.pages.presence import missed
from espace_parents_tui.demo.school import (
    FORBIDDEN_ACCESS_KINDS,
    OBSERVATION_KINDS,
    SchoolFileError,
    demo_school,
    dump_school,
    load_school,
)
from espace_parents_tui.demo.school.fileformat import school_from_json, school_to_json
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import ForbiddenAccess, ObservationKind
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)  # a Tuesday of the second trimester (the first ended on 22/11)
SCHOOL = demo_school(TODAY)
LEA, HUGO = SCHOOL.child("lea"), SCHOOL.child("hugo")
YEAR = SCHOOL.period_named("Année continue")


@asynccontextmanager
async def logged_in(app: DemoServer | None = None):
    app = app or DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield client


def place_time(moment: time) -> time:
    """The start of the grid place that holds ``moment`` (what a place number stands for)."""
    grid = SCHOOL.grid
    return grid.time_of(grid.minutes_of(moment) // grid.place_minutes)


# -- the demo school ------------------------------------------------------------------------------


def test_demo_school_vie_scolaire_has_what_it_promises():
    for child in (LEA, HUGO):
        assert child.absences and child.delays and len(child.punishments) == 1
        # Only the absence the parents warned of ahead is to come.
        assert all(a.start.date() < TODAY for a in child.absences if not a.declared_by_parent)
        assert any(a.justified and a.reasons for a in child.absences)
        to_justify = [a for a in child.absences if a.to_justify_by_parents]
        assert to_justify and all(not a.justified and a.reason_unknown and not a.reasons for a in to_justify)
        # The last school day's is still open; the parents answered one (waiting for the school).
        assert max(to_justify, key=lambda a: a.start).parent_reason is None
        assert [a for a in to_justify if a.pending and a.parent_reason]
        assert {o.kind for o in child.observations} == {"observation", "encouragement"}
        assert all(o.date < TODAY for o in child.observations)
        # The punishment is the detention of the timetable: same day, time and length.
        (punishment,) = child.punishments
        (detention,) = [e for e in child.extra_lessons if e.kind == "retenue"]
        (session,) = punishment.sessions
        assert (session.date, session.start, session.minutes) == (
            detention.date,
            detention.start,
            detention.minutes,
        )
        assert punishment.given.date() <= min(TODAY, detention.date - timedelta(days=2))
    assert [a for a in LEA.absences if a.settled and not a.justified]
    assert not HUGO.absences[0].settled
    assert not LEA.precautionary_measures and len(HUGO.precautionary_measures) == 1


def test_past_school_life_does_not_change_from_one_day_to_the_next():
    later = demo_school(TODAY + timedelta(days=1))
    for child, next_day in zip(SCHOOL.children, later.children, strict=True):
        assert [d for d in next_day.delays if d.time.date() < TODAY] == child.delays
        assert next_day.observations == child.observations
        assert next_day.punishments == child.punishments
        kept = [a for a in child.absences if not a.to_justify_by_parents and a.start.date() < TODAY]
        assert [
            a for a in next_day.absences if not a.to_justify_by_parents and a.start.date() < TODAY
        ] == kept


def test_school_life_round_trips_and_is_checked(tmp_path):
    dump_school(SCHOOL, tmp_path / "ecole.json")
    assert load_school(tmp_path / "ecole.json") == SCHOOL
    raw = school_to_json(SCHOOL)
    cases = [
        (lambda r: r["children"][0]["observations"][0].update(kind="blâme"), "« blâme » inconnu"),
        (lambda r: r["children"][0]["absences"][0].update(reasons=["GRÈVE"]), "motif inconnu « GRÈVE »"),
        (
            lambda r: r["children"][0]["punishments"][0].update(requested_by="M. X"),
            "ni professeur ni personnel",
        ),
        (
            lambda r: r["children"][1]["precautionary_measures"][0].update(forbidden_access=["cantine"]),
            "« cantine »",
        ),
        (lambda r: r["children"][0]["delays"][0].update(minutes=0), "au moins une minute"),
        (lambda r: r["classes"][0].update(main_teacher="M. X"), "professeur inconnu « M. X »"),
        (lambda r: r["children"][0]["absences"][0].update(start="2026-13-01T08:00"), "instant inexistant"),
    ]
    for change, expected in cases:
        broken = copy.deepcopy(raw)
        change(broken)
        with pytest.raises(SchoolFileError) as caught:
            school_from_json(broken)
        assert expected in str(caught.value)


# -- PagePresence ---------------------------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_school_life_of_the_year_is_the_schools(child):
    async with logged_in() as client:
        life = await client.school_life(child.name, start=YEAR.start, end=YEAR.end)
    assert [
        (a.start, a.end, a.justified, a.to_justify_by_parents, a.settled, a.reason_unknown, a.reasons)
        for a in life.absences
    ] == [
        (a.start, a.end, a.justified, a.to_justify_by_parents, a.settled, a.reason_unknown, tuple(a.reasons))
        for a in child.absences
    ]
    for got, school in zip(life.absences, child.absences, strict=True):
        minutes, days = missed(SCHOOL, child, school.start, school.end)
        assert (got.missed_minutes, got.days) == (minutes, days)
        assert got.hours == f"{minutes // 60}h{minutes % 60:02d}"
    assert [
        (d.when, d.minutes, d.justified, d.to_justify_by_parents, d.settled, d.justification, d.reasons)
        for d in life.delays
    ] == [
        (
            d.time,
            d.minutes,
            d.justified,
            d.to_justify_by_parents,
            d.settled,
            d.justification,
            tuple(d.reasons),
        )
        for d in child.delays
    ]
    (punishment,) = life.punishments
    (school_punishment,) = child.punishments
    assert (punishment.nature, punishment.given, punishment.requested_by, punishment.reasons) == (
        school_punishment.nature,
        school_punishment.given.date(),
        school_punishment.requested_by,
        tuple(school_punishment.reasons),
    )
    assert punishment.given_at == datetime.combine(
        school_punishment.given.date(), place_time(school_punishment.given.time())
    )
    assert (punishment.circumstances, punishment.homework, punishment.subject) == (
        school_punishment.circumstances,
        school_punishment.homework,
        school_punishment.subject,
    )
    assert [a.name for a in punishment.homework_documents] == [
        a.name for a in school_punishment.homework_documents
    ]
    assert punishment.needs_acknowledgement == school_punishment.acknowledgement
    assert [(s.day, s.start, s.minutes) for s in punishment.sessions] == [
        (s.date, datetime.combine(s.date, s.start), s.minutes) for s in school_punishment.sessions
    ]
    assert [(o.day, o.title, o.kind, o.teacher, o.subject, o.comment, o.read) for o in life.observations] == [
        (o.date, o.title, ObservationKind(OBSERVATION_KINDS[o.kind]), o.teacher, o.subject, o.comment, o.read)
        for o in child.observations
    ]
    assert [
        (m.start, m.end, m.decided_by, m.decided_by_function, m.requested_by, m.reasons, m.forbidden_access)
        for m in life.measures
    ] == [
        (
            m.start,
            m.end,
            m.decided_by,
            m.decided_by_function,
            m.requested_by,
            tuple(m.reasons),
            tuple(ForbiddenAccess(FORBIDDEN_ACCESS_KINDS[k]) for k in m.forbidden_access),
        )
        for m in child.precautionary_measures
    ]


async def test_the_period_chooses_the_events():
    first = SCHOOL.period_named("Trimestre 1")
    async with logged_in() as client:
        life = await client.school_life(LEA.name, "Trimestre 1")
        current = await client.school_life(LEA.name)  # the server's default: the current trimester
    assert [a.start for a in life.absences] == [
        a.start for a in LEA.absences if a.start.date() <= first.end and a.end.date() >= first.start
    ]
    assert [d.when for d in life.delays] == [
        d.time for d in LEA.delays if first.start <= d.time.date() <= first.end
    ]
    period = SCHOOL.current_period(TODAY)
    assert [a.start for a in current.absences] == [
        a.start for a in LEA.absences if a.start.date() >= period.start
    ]
    # This trimester: the absence to justify and the one the parents warned of ahead.
    assert [(a.to_justify_by_parents, a.created_by_parent) for a in current.absences] == [
        (a.to_justify_by_parents, a.declared_by_parent)
        for a in LEA.absences
        if a.start.date() >= period.start
    ]


async def test_the_homework_document_of_a_punishment_downloads():
    async with logged_in() as client:
        life = await client.school_life(LEA.name, start=YEAR.start, end=YEAR.end)
        (document,) = life.punishments[0].homework_documents
        content = await client.download(document)
    (attachment,) = LEA.punishments[0].homework_documents
    assert content == base64.b64decode(SCHOOL.document(attachment.document).data)


async def test_marking_an_observation_read_and_acknowledging_a_punishment_are_kept():
    app = DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with logged_in(app) as client:
        life = await client.school_life(HUGO.name, start=YEAR.start, end=YEAR.end)
        unread = next(o for o in life.observations if not o.read)
        (punishment,) = life.punishments
        assert punishment.needs_acknowledgement and not punishment.acknowledged
        await client.mark_observation_read(HUGO.name, unread)
        await client.acknowledge_punishment(HUGO.name, punishment)
        again = await client.school_life(HUGO.name, start=YEAR.start, end=YEAR.end)
        assert all(o.read for o in again.observations)
        assert again.punishments[0].acknowledged
        # Léa's punishment does not ask for an acknowledgement: refused before anything is sent.
        lea_life = await client.school_life(LEA.name, start=YEAR.start, end=YEAR.end)
        sent = client.requests_sent
        with pytest.raises(errors.AccessDenied):
            await client.acknowledge_punishment(LEA.name, lea_life.punishments[0])
        assert client.requests_sent == sent
    async with logged_in(app) as client:  # a new session sees what the parent did
        later = await client.school_life(HUGO.name, start=YEAR.start, end=YEAR.end)
        assert all(o.read for o in later.observations) and later.punishments[0].acknowledged
        # Léa's unread observation stays unread: the write was for Hugo's only.
        lea_later = await client.school_life(LEA.name, start=YEAR.start, end=YEAR.end)
        assert [o.read for o in lea_later.observations] == [o.read for o in LEA.observations]


async def test_an_id_from_another_child_is_refused():
    async with logged_in() as client:
        life = await client.school_life(HUGO.name, start=YEAR.start, end=YEAR.end)
        with pytest.raises(errors.PageUnavailable):
            await client.mark_observation_read(LEA.name, life.observations[0])
