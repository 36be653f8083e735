"""pronotepy 2.15.7 reads the vie scolaire, competences, report cards and teaching team from
``espace-parents demo-server``.

The server runs as the real command in a subprocess, serving a school file. What pronotepy reads
(absences, delays, punishments, evaluations, the published report card, the teaching staff) must
equal what our client reads from the same server for the same child; an unpublished report card
is ``None`` for pronotepy and "not published" for us.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from espace_parents_tui.models import Mark
from espace_parents_tui.pronote.client import PronoteClient

pronotepy = pytest.importorskip("pronotepy")

pytestmark = pytest.mark.pronotepy

TODAY = date(2026, 11, 24)  # the second trimester: only the first one's report card is published


def ours(url: str, reader):
    async def read():
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            return await reader(client)

    return asyncio.run(read())


def number(text: str | None) -> float | None:
    return None if text is None else float(text.replace(",", "."))


def mark_value(mark: Mark) -> float | None:
    return mark.value


@pytest.fixture(scope="module")
def theirs(demo_server):
    url, _school = demo_server
    client = pronotepy.ParentClient(url, "demo", "demo")
    assert client.logged_in
    return client


def period_named(client, name: str):
    return next(p for p in client.periods if p.name == name)


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_vie_scolaire(demo_server, theirs, child_key):
    url, school = demo_server
    child = school.child(child_key)
    theirs.set_child(child.name)
    year = period_named(theirs, "Année continue")
    start, end = year.start.date(), year.end.date()
    life = ours(url, lambda c: c.school_life(child.name, start=start, end=end))

    absences = year.absences
    assert len(absences) == len(child.absences) > 0
    assert [(a.from_date, a.to_date, a.justified, a.hours, a.days, a.reasons) for a in absences] == [
        (a.start, a.end, a.justified, a.hours, a.days, list(a.reasons)) for a in life.absences
    ]
    delays = year.delays
    assert len(delays) == len(child.delays) > 0
    assert [(d.date, d.minutes, d.justified, d.justification, d.reasons) for d in delays] == [
        (d.when, d.minutes, d.justified, d.justification, list(d.reasons)) for d in life.delays
    ]
    (punishment,) = year.punishments
    (mine,) = life.punishments
    assert (
        punishment.given,
        punishment.during_lesson,
        punishment.nature,
        punishment.reasons,
        punishment.giver,
    ) == (
        mine.given_at,
        mine.during_lesson,
        mine.nature,
        list(mine.reasons),
        mine.requested_by,
    )
    assert (punishment.exclusion, punishment.homework, punishment.circumstances) == (
        mine.is_exclusion,
        mine.homework,
        mine.circumstances,
    )
    assert punishment.requires_parent == str(mine.needs_acknowledgement)
    assert [a.name for a in punishment.homework_documents] == [a.name for a in mine.homework_documents]
    assert [(s.start, s.duration) for s in punishment.schedule] == [
        (s.start, timedelta(minutes=s.minutes)) for s in mine.sessions
    ]
    assert punishment.duration == timedelta(minutes=mine.minutes)


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_evaluations(demo_server, theirs, child_key):
    url, school = demo_server
    child = school.child(child_key)
    theirs.set_child(child.name)
    evaluations = period_named(theirs, "Trimestre 1").evaluations
    mine = ours(url, lambda c: c.evaluations(child.name, "Trimestre 1"))
    assert len(evaluations) == len(mine) > 0
    assert [(e.name, e.subject.name, e.teacher, e.date, e.paliers, e.description) for e in evaluations] == [
        (e.name, e.subject.name, e.teacher, e.day, list(e.levels), e.description) for e in mine
    ]
    for their, my in zip(evaluations, mine, strict=True):
        assert [
            (a.level, a.abbreviation, a.name, a.domain, a.pillar, a.pillar_prefix, a.order)
            for a in their.acquisitions
        ] == [
            (a.level, a.abbreviation, a.item, a.domain, a.pillar, a.pillar_prefix, a.order)
            for a in my.acquisitions
        ]


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_report_card(demo_server, theirs, child_key):
    url, school = demo_server
    child = school.child(child_key)
    theirs.set_child(child.name)
    report = period_named(theirs, "Trimestre 1").report
    mine = ours(url, lambda c: c.report_card(child.name, "Trimestre 1"))
    assert report is not None and mine.published
    assert [(s.name, s.comments, s.teachers) for s in report.subjects] == [
        (s.subject.name, list(s.appraisals), list(s.teachers)) for s in mine.subjects
    ]
    assert [
        (number(s.student_average), number(s.class_average), number(s.min_average), number(s.max_average))
        for s in report.subjects
    ] == [
        (
            mark_value(s.student_average),
            mark_value(s.class_average),
            mark_value(s.class_min),
            mark_value(s.class_max),
        )
        for s in mine.subjects
    ]
    hidden = [s for s in report.subjects if s.name in child.hidden_averages]
    assert hidden and all(s.student_average is None for s in hidden)
    assert report.comments == [a.text for a in mine.appraisals]
    # The current trimester's report card is not published yet.
    assert period_named(theirs, "Trimestre 2").report is None
    assert not ours(url, lambda c: c.report_card(child.name, "Trimestre 2")).published


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_teaching_staff(demo_server, theirs, child_key):
    url, school = demo_server
    child = school.child(child_key)
    theirs.set_child(child.name)
    staff = theirs.get_teaching_staff()
    mine = ours(url, lambda c: c.teaching_team(child.name))
    assert len(staff) == len(mine) > len(school.staff)
    assert [(s.name, s.type, [sub.name for sub in s.subjects]) for s in staff] == [
        (m.name, m.kind, [sub.name for sub in m.subjects]) for m in mine
    ]
    assert [[sub.duration for sub in s.subjects] for s in staff if s.type == "teacher"] == [
        [
            timedelta(hours=int(sub.weekly_hours.split("h")[0]), minutes=int(sub.weekly_hours.split("h")[1]))
            for sub in m.subjects
        ]
        for m in mine
        if m.is_teacher
    ]
