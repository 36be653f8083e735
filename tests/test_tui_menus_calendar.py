"""Menus and Calendrier driven with Pilot against the emulated server, checked against the school.

Also: each of the four sections of this area opens from its key at 80×24 and at 120×40 without an
error, and server text (a dish, an event, a homework) shows as written, never as markup.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.models import Course
from espace_parents_tui.models.menus import COURSE_ORDER
from espace_parents_tui.tui.screens.attachments import AttachmentDialog
from espace_parents_tui.tui.screens.calendar import CalendarView
from espace_parents_tui.tui.screens.documents import DocumentsView
from espace_parents_tui.tui.screens.homework import HomeworkView
from espace_parents_tui.tui.screens.menus import MenusView
from tui_helpers import TODAY, Served, press, settle
from tui_helpers import screen_text as _screen_text

MONDAY = TODAY - timedelta(days=TODAY.weekday())
COURSE_KINDS = ("entree", "plat", "accompagnement", "autre", "dessert", "fromage")  # index = Course


def _school_menus(served, monday):
    return sorted(
        (m for m in served.school.menus if monday <= m.date < monday + timedelta(days=7)),
        key=lambda m: m.date,
    )


def _shown_menus(view: MenusView):
    """(day, [(course, dish, labels, allergens)…]) in the order the view reads them."""
    return [
        (
            menu.day,
            sorted(
                (
                    (
                        int(course.kind),
                        dish.name,
                        [t.name for t in dish.labels],
                        [t.name for t in dish.allergens],
                    )
                    for course in menu.courses
                    for dish in course.dishes
                ),
            ),
        )
        for menu in sorted(view.menus, key=lambda m: m.day)
    ]


def _school_view(meals):
    return [
        (
            meal.date,
            sorted((COURSE_KINDS.index(d.course), d.name, d.labels, d.allergens) for d in meal.dishes),
        )
        for meal in meals
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_each_section_opens_from_its_key(served, size):
    app = served.app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key, section, view_class in (
            ("c", "homework", HomeworkView),
            ("d", "documents", DocumentsView),
            ("r", "menus", MenusView),
            ("k", "calendar", CalendarView),
        ):
            await press(pilot, key)
            assert app.current == section
            assert app.query_one(view_class).display
            assert app.focused is not None and view_class in {type(n) for n in app.focused.ancestors}
            screen = _screen_text(app)
            assert "Traceback" not in screen and "Chargement" not in screen
        await press(pilot, "c", "o")  # the lesson contents tab of the cahier de textes
        assert "Contenu des cours" in _screen_text(app)
        assert app.last_problem is None


async def test_menus_of_the_week_are_the_schools(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        view = app.query_one(MenusView)
        assert view.week == MONDAY
        school = _school_menus(served, MONDAY)
        assert school and _shown_menus(view) == _school_view(school)
        screen = _screen_text(app)
        first = school[0]
        assert f"Lundi {first.date:%d/%m}" in screen
        assert first.dishes[0].name in screen
        assert Course.STARTER.label in screen and "allergènes" in screen
        # Courses are read in PRONOTE's order: starter, main, side, cheese, dessert.
        body = str(app.query_one("#menus-text").render())
        today_meal = next(m for m in school if m.date == TODAY)
        kinds = sorted({COURSE_KINDS.index(d.course) for d in today_meal.dishes}, key=COURSE_ORDER.index)
        today_part = body[body.index(f"Mardi {TODAY:%d/%m}") :]
        positions = [today_part.index(Course(k).label) for k in kinds]
        assert positions == sorted(positions)


async def test_menus_next_week_is_fetched(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        view = app.query_one(MenusView)
        asked = served.server.stats.requests["PageMenus"]
        await press(pilot, "full_stop")
        next_week = MONDAY + timedelta(weeks=1)
        assert view.week == next_week
        assert served.server.stats.requests["PageMenus"] == asked + 1
        assert _shown_menus(view) == _school_view(_school_menus(served, next_week))
        await press(pilot, "comma")  # back: from the cache
        assert view.week == MONDAY
        assert served.server.stats.requests["PageMenus"] == asked + 1


async def test_calendar_shows_periods_holidays_and_events_with_the_current_period(served):
    app = served.app()
    lea = served.school.child("lea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "k")
        view = app.query_one(CalendarView)
        titles = [e.title for e in view.entries]
        assert {p.name for p in served.school.periods} <= set(titles)
        assert {h.name for h in served.school.holidays} <= set(titles)
        mine = {e.title for e in served.school.events if not e.classes or lea.class_name in e.classes}
        others = {e.title for e in served.school.events} - mine
        assert mine <= set(titles) and not (others & set(titles))
        starts = [e.start for e in view.entries]
        assert starts == sorted(starts)
        current = [e.title for e in view.entries if e.current]
        assert current == [served.school.current_period(TODAY).name]
        screen = _screen_text(app)
        assert "en cours" in screen and served.school.current_period(TODAY).name in screen
        kinds = {e.kind for e in view.entries}
        assert {"Période", "Vacances", "Jour férié"} <= kinds
        # The list opens on what comes next.
        table = view.query_one("DataTable")
        assert view.entries[table.cursor_row].end >= TODAY


async def test_calendar_event_with_a_file(served, tmp_path, monkeypatch):
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(tmp_path / "dl"))
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "k")
        view = app.query_one(CalendarView)
        school_event = next(e for e in served.school.events if e.attachments)
        index = next(i for i, e in enumerate(view.entries) if e.title == school_event.title)
        await pilot.press("ctrl+home", *["down"] * index)
        await press(pilot, "enter")
        assert isinstance(app.screen, AttachmentDialog)
        assert school_event.attachments[0].name in _screen_text(app)
        await press(pilot, "enter")
        saved = list((tmp_path / "dl").iterdir())
        assert [p.name for p in saved] == [school_event.attachments[0].name]
        document = served.school.document(school_event.attachments[0].document)
        assert saved[0].read_bytes() == base64.b64decode(document.data)


async def test_server_text_is_never_markup(tmp_path):
    school = demo_school(TODAY)
    weird = "Purée [bold] [/] [link=x]"
    meal = next(m for m in school.menus if m.date == TODAY)
    meal.dishes[0].name = weird
    event = next(e for e in school.events if not e.classes)
    event.title = "Fête [/] [red]"
    homework = next(h for h in school.child("lea").homework if h.due == TODAY)
    homework.description = "Lire [b]p. 3[/b] [link=x]"
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await press(pilot, "r")
            assert weird in _screen_text(app)
            await press(pilot, "k")
            view = app.query_one(CalendarView)
            index = next(i for i, e in enumerate(view.entries) if e.title == event.title)
            await pilot.press("ctrl+home", *["down"] * index)
            await settle(pilot)
            assert event.title in _screen_text(app)
            await press(pilot, "c")
            assert "Lire [b]p. 3[/b] [link=x]" in _screen_text(app)
            assert app.last_problem is None
    finally:
        served.stop()
