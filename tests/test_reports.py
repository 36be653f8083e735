"""Notes beyond the grades: competences, report cards (and their PDF), the grade report.

Our client against the emulated server over loopback HTTP; values are checked against the demo
school (``SCHOOL``) and, for averages, against the grades the school defines (computed with the
server's documented rules), never against the client's own output.
"""

from __future__ import annotations

import base64
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from espace_parents_tui.demo.pages.grades import class_average, student_average
from espace_parents_tui.demo.school import COMPETENCE_LEVELS, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import SpecialGrade
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)  # the second trimester has just begun: only the first one is elapsed
SCHOOL = demo_school(TODAY)
LEA, HUGO = SCHOOL.child("lea"), SCHOOL.child("hugo")
GENRES = {"A+": 1, "A": 2, "C": 4, "E": 6, "Abs": 7, "NE": 8, "Disp": 9}


@asynccontextmanager
async def logged_in(app: DemoServer | None = None, login: str = "demo", password: str = "demo"):
    app = app or DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password(login, password)
            yield client, app


def subject_stat(grades, stat: str) -> Fraction | None:
    """One subject's average (``stat`` "student" or a class statistic); with sub-subjects, theirs
    weighted by their coefficients."""

    def of(selection):
        return student_average(selection) if stat == "student" else class_average(selection, stat)

    subject = SCHOOL.subject(grades[0].subject) if grades else None
    if subject is None or not subject.parts:
        return of(grades)
    pairs = [
        (of([g for g in grades if g.part == p.name]), Fraction(str(p.coefficient))) for p in subject.parts
    ]
    pairs = [(v, c) for v, c in pairs if v is not None]
    return sum(v * c for v, c in pairs) / sum(c for _v, c in pairs) if pairs else None


def rounded(value: Fraction | None) -> float | None:
    """The server's exact average, rounded as PRONOTE writes it (half up, to the hundredth)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- the demo school ------------------------------------------------------------------------------


def test_report_cards_are_published_for_elapsed_trimesters_only():
    for today, published in [
        (date(2026, 11, 24), ["Trimestre 1"]),
        (date(2027, 3, 20), ["Trimestre 1", "Trimestre 2"]),
        (date(2027, 7, 10), ["Trimestre 1", "Trimestre 2", "Trimestre 3"]),
        (date(2026, 10, 1), []),
    ]:
        school = demo_school(today)
        for child in school.children:
            assert [card.period for card in child.report_cards] == published
            for card in child.report_cards:
                assert school.period_named(card.period).end < today
                assert school.document(card.document).data


def test_competences_each_trimester_up_to_today():
    later = demo_school(date(2027, 7, 10))
    for child in later.children:
        periods = {e.period for e in child.evaluations}
        assert periods == {"Trimestre 1", "Trimestre 2", "Trimestre 3"}
        assert {r.level for e in child.evaluations for r in e.results} <= set(COMPETENCE_LEVELS)
        assert any(r.level == "Abs" for e in child.evaluations for r in e.results)
    for child in SCHOOL.children:
        assert child.evaluations and all(e.date <= TODAY for e in child.evaluations)


# -- DernieresEvaluations -------------------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_evaluations_of_the_first_trimester_are_the_schools(child):
    async with logged_in() as (client, _app):
        got = await client.evaluations(child.name, "Trimestre 1")
    want = sorted((e for e in child.evaluations if e.period == "Trimestre 1"), key=lambda e: e.date)
    assert len(got) == len(want) > 0
    assert [(e.day, e.name, e.subject.name, e.teacher, e.levels, e.description) for e in got] == [
        (e.date, e.name, e.subject, e.teacher, tuple(e.levels), e.description) for e in want
    ]
    for mine, school in zip(got, want, strict=True):
        assert [
            (a.item, a.abbreviation, a.level, a.kind, a.domain, a.pillar, a.pillar_prefix)
            for a in mine.acquisitions
        ] == [
            (
                r.item,
                r.level,
                COMPETENCE_LEVELS[r.level],
                GENRES[r.level],
                r.domain,
                r.pillar,
                r.pillar_prefix,
            )
            for r in school.results
        ]


# -- PageBulletins and GenerationPDF --------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_the_published_report_card_is_the_schools(child):
    period = SCHOOL.period_named("Trimestre 1")
    (card,) = child.report_cards
    async with logged_in() as (client, _app):
        report = await client.report_card(child.name, "Trimestre 1")
    assert report.published
    assert [(s.subject.name, s.appraisals) for s in report.subjects] == [
        (line.subject, (line.appraisal,)) for line in card.subjects
    ]
    assert [(a.title, a.text) for a in report.appraisals] == [(a.title, a.text) for a in card.appraisals]
    for line in report.subjects:
        name = line.subject.name
        grades = [g for g in child.grades if g.subject == name and g.period == period.name]
        teachers = list(dict.fromkeys(les.teacher for les in child.timetable if les.subject == name))
        assert line.teachers == tuple(teachers)
        if name in child.hidden_averages:
            assert not line.student_average.published and not line.class_average.published
            continue
        assert line.student_average.value == rounded(subject_stat(grades, "student"))
        assert line.class_average.value == rounded(subject_stat(grades, "class_average"))
        assert line.class_min.value == rounded(subject_stat(grades, "class_min"))
        assert line.class_max.value == rounded(subject_stat(grades, "class_max"))


async def test_the_current_trimester_is_not_published_yet():
    async with logged_in() as (client, _app):
        report = await client.report_card(LEA.name)  # the default period: the current one
        assert not report.published and "pas encore publié" in report.message
        with pytest.raises(errors.PageUnavailable):
            await client.report_card_pdf(LEA.name, "Trimestre 2")


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_the_report_card_pdf_is_the_schools_document(child):
    (card,) = child.report_cards
    async with logged_in() as (client, app):
        content = await client.report_card_pdf(child.name, "Trimestre 1")
        assert app.stats.file_gets == 1
    assert content == base64.b64decode(SCHOOL.document(card.document).data)
    assert content.startswith(b"%PDF-")


# -- PageReleve -----------------------------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_the_grade_report_lists_the_grades_and_averages(child):
    async with logged_in() as (client, _app):
        transcript = await client.grade_report(child.name, "Trimestre 1")
        notes = await client.grades(child.name, "Trimestre 1")
    assert transcript.published
    want = [g for g in child.grades if g.period == "Trimestre 1"]
    got = [(line.line.subject.name, g) for line in transcript.subjects for g in line.grades]
    assert sorted(
        (s, g.day, g.mark.value, g.mark.special, g.out_of, g.coefficient) for s, g in got
    ) == sorted(
        (
            g.subject,
            g.date,
            g.value,
            SpecialGrade(g.special) if g.special else None,
            float(g.out_of),
            float(g.coefficient),
        )
        for g in want
    )
    # Averages: the same numbers as DernieresNotes.
    averages = {a.subject.name: a.student for a in notes.averages if not a.subject.parent}
    assert {line.line.subject.name: line.line.student_average for line in transcript.subjects} == averages
    assert transcript.overall == notes.overall


async def test_the_grade_report_is_refused_before_sending_when_tab_12_is_not_granted():
    parent = replace(
        SCHOOL.parents[0],
        login="sans-releve",
        password="sans-releve",
        tabs=[7, 16, 198, 13, 201, 19, 37, 49],
        children=list(SCHOOL.parents[0].children),
    )
    school = replace(SCHOOL, parents=[*SCHOOL.parents, parent])
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with logged_in(app, "sans-releve", "sans-releve") as (client, app):
        assert 12 not in client.account.tabs
        sent = client.requests_sent
        with pytest.raises(errors.AccessDenied):
            await client.grade_report(LEA.name, "Trimestre 1")
        assert client.requests_sent == sent and app.stats.requests["PageReleve"] == 0
        # The report card stays available to this account.
        assert (await client.report_card(LEA.name, "Trimestre 1")).published
