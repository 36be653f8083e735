"""pronotepy 2.15.7, the independent client, reads the demo school from ``espace-parents demo-server``.

The server runs as the real command in a subprocess, serving a school file; what pronotepy reads is
compared with that file (grades, lessons) and with what our own client reads (averages, which the
server computes).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest

from espace_parents_tui.pronote.client import PronoteClient

pronotepy = pytest.importorskip("pronotepy")

pytestmark = pytest.mark.pronotepy

TODAY = date(2026, 11, 24)
SPECIAL_TEXT = {
    1: "Absent",
    2: "Dispense",
    3: "NonNote",
    4: "Inapte",
    5: "NonRendu",
    6: "AbsentZero",
    7: "NonRenduZero",
    8: "Felicitations",
}


def _format(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") if value % 1 else f"{value:.0f}"


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _our_averages(url: str, child_name: str) -> dict[str, object]:
    async def read():
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            return await client.grades(child_name)

    return asyncio.run(read())


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_what_the_school_file_says(demo_server, child_key):
    url, school = demo_server
    child = school.child(child_key)
    client = pronotepy.ParentClient(url, "demo", "demo")
    assert client.logged_in
    assert {c.name for c in client.children} == {c.name for c in school.parents[0].children}
    client.set_child(child.name)

    # Grades of the current period, as the school file gives them.
    period = client.current_period
    assert period.name == school.current_period(TODAY).name
    expected = [g for g in child.grades if g.period == period.name]
    got = sorted(
        (g.subject.name, g.date, g.grade, _number(g.out_of), _number(g.coefficient)) for g in period.grades
    )
    want = sorted(
        (
            g.subject,
            g.date,
            SPECIAL_TEXT[g.special] if g.special else g.value,
            float(g.out_of),
            float(g.coefficient),
        )
        for g in expected
    )
    assert [(s, d, o, c) for s, d, _, o, c in got] == [(s, d, o, c) for s, d, _, o, c in want]
    for (_, _, grade, _, _), (_, _, value, _, _) in zip(got, want, strict=True):
        assert grade == value if isinstance(value, str) else _number(grade) == pytest.approx(value)

    # Averages: pronotepy and our client read the same numbers; hidden ones stop pronotepy, as on
    # a real server whose school does not publish them.
    ours = _our_averages(url, child.name)
    hidden_with_grades = set(child.hidden_averages) & {g.subject for g in expected}
    if hidden_with_grades:
        # pronotepy means to raise UnsupportedOperation here, but compares its error path (a tuple)
        # with a list, so its ParsingError escapes instead.
        with pytest.raises((pronotepy.UnsupportedOperation, pronotepy.ParsingError)):
            _ = period.averages
    else:
        theirs = {a.subject.name: _number(a.student) for a in period.averages}
        assert theirs == {a.subject.name: a.student.value for a in ours.averages}
    assert _number(period.overall_average) == ours.overall.value

    # The current week's lessons, as the school file gives them.
    monday = TODAY - timedelta(days=TODAY.weekday())
    lessons = client.lessons(monday, monday + timedelta(days=6))
    week = [occ for d in range(7) for occ in school.lessons_on(child, monday + timedelta(days=d))]
    assert len(lessons) == len(week) > 0
    assert sorted(
        (lsn.start, lsn.subject.name if lsn.subject else None, lsn.canceled) for lsn in lessons
    ) == sorted((datetime.combine(o.day, o.start), o.subject, o.cancelled) for o in week)
    by_start = {datetime.combine(o.day, o.start): o for o in week}
    for lesson in lessons:
        occ = by_start[lesson.start]
        assert lesson.end == datetime.combine(occ.day, occ.start) + timedelta(minutes=occ.minutes)
        assert lesson.teacher_names == occ.teachers
        assert (lesson.classroom or None) == occ.room
        if occ.status and occ.kind == "cours":
            assert lesson.status == occ.status
