"""Menus, school calendar and agenda: our client against the emulated server over loopback HTTP.

Values are checked against the demo school the server serves, never against the client's output.
"""

from __future__ import annotations

import base64
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta

import pytest

from espace_parents_tui.demo.school import COURSE_KINDS, MEAL_KINDS, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import Course, EventKind, MealKind
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)  # a Tuesday
SCHOOL = demo_school(TODAY)
LEA, HUGO = SCHOOL.child("lea"), SCHOOL.child("hugo")
KINDS = {
    "evenement": EventKind.STANDARD,
    "conseil_de_classe": EventKind.CLASS_COUNCIL,
    "rencontre_parents_professeurs": EventKind.PARENT_TEACHER_MEETING,
    "sortie": EventKind.SCHOOL_OUTING,
    "election": EventKind.ELECTION,
    "jour_ferie": EventKind.PUBLIC_HOLIDAY,
}


@asynccontextmanager
async def logged_in():
    app = DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield client


def school_menu(meal):
    """{course: [(dish, labels, allergens)]} of a school meal, in course terms."""
    courses: dict[Course, list] = {}
    for dish in meal.dishes:
        courses.setdefault(Course(COURSE_KINDS.index(dish.course)), []).append(
            (dish.name, dish.labels, dish.allergens)
        )
    return courses


def client_menu(menu):
    return {
        course.kind: [
            (d.name, [t.name for t in d.labels], [t.name for t in d.allergens]) for d in course.dishes
        ]
        for course in menu.courses
    }


async def test_menus_of_two_weeks_one_request_a_week():
    start = TODAY - timedelta(days=1)  # a Monday
    end = start + timedelta(days=11)  # the Friday of the next week
    async with logged_in() as client:
        sent = client.requests_sent
        menus = await client.menus(LEA.name, start, end)
        assert client.requests_sent == sent + 2
        hugo = await client.menus(HUGO.name, start, end)
    want = [m for m in SCHOOL.menus if start <= m.date <= end]
    assert len(menus) == len(want) == 10
    for mine, meal in zip(menus, want, strict=True):
        assert mine.day == meal.date
        assert mine.meal == MealKind(MEAL_KINDS.index(meal.kind)) == MealKind.LUNCH
        assert client_menu(mine) == school_menu(meal)
    # Labels and allergens carry the school's colours; the canteen is the same for both children.
    colors = {t.name: t.color for t in SCHOOL.food_labels + SCHOOL.allergens}
    tags = [t for m in menus for c in m.courses for d in c.dishes for t in d.labels + d.allergens]
    assert tags and all(t.color == colors[t.name] for t in tags)
    assert {t.name for t in tags} >= {"Bio", "Gluten", "Lait"}
    assert [client_menu(m) for m in hugo] == [client_menu(m) for m in menus]


async def test_menus_of_one_day_and_of_a_day_without_lunch():
    saturday = TODAY + timedelta(days=4)
    async with logged_in() as client:
        (menu,) = await client.menus(LEA.name, TODAY)
        assert await client.menus(LEA.name, saturday) == []
    (meal,) = [m for m in SCHOOL.menus if m.date == TODAY]
    assert client_menu(menu) == school_menu(meal)
    assert menu.dishes(Course.MAIN) and menu.is_lunch


async def test_the_calendar_is_the_schools():
    async with logged_in() as client:
        calendar = client.calendar()
    assert calendar.first_date == SCHOOL.year_start
    assert calendar.last_date == SCHOOL.year_end
    assert calendar.first_monday == SCHOOL.first_monday
    assert calendar.school_year == SCHOOL.year_label
    assert [(p.name, p.start, p.end) for p in calendar.periods] == [
        (p.name, p.start, p.end) for p in SCHOOL.periods
    ]
    assert [(h.name, h.start, h.end) for h in calendar.holidays] == [
        (h.name, h.start, h.end) for h in sorted(SCHOOL.holidays, key=lambda h: h.start)
    ]
    assert {h.name for h in calendar.vacations} == {h.name for h in SCHOOL.holidays if h.end > h.start}
    assert {h.name for h in calendar.days_off} == {h.name for h in SCHOOL.holidays if h.end == h.start}
    christmas = next(h for h in SCHOOL.holidays if "Noël" in h.name)
    assert calendar.holiday_on(christmas.start + timedelta(days=3)).name == christmas.name
    assert calendar.holiday_on(TODAY) is None
    assert calendar.period_on(TODAY).name == SCHOOL.current_period(TODAY).name
    assert calendar.week_number(TODAY) == SCHOOL.week_number(TODAY)
    grid = SCHOOL.grid
    assert calendar.hour_starts[0] == grid.first_time
    assert calendar.hour_starts[grid.place_of(time(13, 30))] == time(13, 30)


def expected_events(child, predicate=lambda e: True):
    return [e for e in SCHOOL.events if (not e.classes or child.class_name in e.classes) and predicate(e)]


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_the_agenda_of_the_year(child):
    async with logged_in() as client:
        events = await client.agenda(child.name)
    want = sorted(expected_events(child), key=lambda e: (e.start, e.title))
    assert len(events) == len(want) >= 12
    for mine, event in zip(events, want, strict=True):
        assert (mine.title, mine.kind, mine.all_day, mine.comment) == (
            event.title,
            KINDS[event.kind],
            event.all_day,
            event.comment,
        )
        if event.all_day:
            assert (mine.start.date(), mine.end.date()) == (event.start.date(), event.end.date())
        else:
            assert (mine.start, mine.end) == (event.start, event.end)
        assert mine.color and mine.color.startswith("#")
    kinds = {e.kind for e in events}
    assert {EventKind.CLASS_COUNCIL, EventKind.PARENT_TEACHER_MEETING, EventKind.SCHOOL_OUTING} <= kinds
    # Another class's events are not shown.
    other = {e.title for e in SCHOOL.events if e.classes and child.class_name not in e.classes}
    assert other and not other & {e.title for e in events}


async def test_the_agenda_by_weeks_and_without_past_events():
    async with logged_in() as client:
        weeks = [TODAY, TODAY + timedelta(weeks=1), TODAY + timedelta(weeks=2)]
        sent = client.requests_sent
        events = await client.agenda(LEA.name, weeks)
        assert client.requests_sent == sent + 3
        coming = await client.agenda(LEA.name, past=False)
    monday = datetime.combine(TODAY - timedelta(days=TODAY.weekday()), time(0))
    window_end = monday + timedelta(weeks=3)
    want = expected_events(LEA, lambda e: e.start < window_end and e.end >= monday)
    assert sorted(e.title for e in events) == sorted(e.title for e in want)
    assert len(events) >= 2  # the class council this week, the one-off event next week
    assert sorted(e.title for e in coming) == sorted(
        e.title for e in expected_events(LEA, lambda e: e.end.date() >= TODAY)
    )


async def test_an_event_attachment_downloads_the_schools_bytes():
    (event,) = [e for e in SCHOOL.events if e.attachments]
    async with logged_in() as client:
        (mine,) = [e for e in await client.agenda(LEA.name) if e.title == event.title]
        data = await client.download(mine.attachments[0])
    assert data == base64.b64decode(SCHOOL.document(event.attachments[0].document).data)
