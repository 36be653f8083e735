"""The terminal app driven with Pilot against the emulated server: app state and server state."""

from __future__ import annotations

from datetime import timedelta

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.tui.screens.dialogs import LessonScreen
from espace_parents_tui.tui.screens.grades import GradesView
from espace_parents_tui.tui.widgets.week_grid import WeekGrid
from tui_helpers import TODAY, Served, press, settle
from tui_helpers import screen_text as _screen_text


async def test_opens_on_home_then_switches_child_timetable_and_grades(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.child.name == "MARTIN Léa"
        assert served.server.stats.requests["PageEmploiDuTemps"] > 0  # the background sync ran
        await press(pilot, "e")
        grid = app.query_one(WeekGrid)
        lea_teachers = {t for lesson in grid.lessons for t in lesson.teachers}
        await press(pilot, "n")
        lea_grades = [(g.subject.name, g.day) for g in app.query_one(GradesView).read("grades").value.grades]

        await press(pilot, "ctrl+e")
        assert app.child.name == "MARTIN Hugo"
        await press(pilot, "e")
        hugo_teachers = {t for lesson in app.query_one(WeekGrid).lessons for t in lesson.teachers}
        hugo = served.school.child("hugo")
        expected = {
            t
            for d in range(5)
            for o in served.school.lessons_on(hugo, TODAY - timedelta(days=1) + timedelta(days=d))
            for t in o.teachers
        }
        assert hugo_teachers == expected and hugo_teachers != lea_teachers
        await press(pilot, "n")
        hugo_grades = [(g.subject.name, g.day) for g in app.query_one(GradesView).read("grades").value.grades]
        assert hugo_grades != lea_grades
        assert "MARTIN Hugo" in _screen_text(app)


async def test_next_week_and_back_fetches_the_new_week(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        grid = app.query_one(WeekGrid)
        first = grid.monday
        asked = served.server.stats.requests["PageEmploiDuTemps"]
        await press(pilot, "pagedown", "pagedown")  # two weeks ahead: not in the sync, fetched
        assert grid.monday == first + timedelta(weeks=2)
        assert served.server.stats.requests["PageEmploiDuTemps"] == asked + 1
        lea = served.school.child("lea")
        expected = sum(len(served.school.lessons_on(lea, grid.monday + timedelta(days=d))) for d in range(7))
        assert len(grid.lessons) == expected
        await press(pilot, "pageup", "pageup")
        assert grid.monday == first
        await press(pilot, "pagedown", "t")
        assert grid.monday == first


async def test_open_a_lesson(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "down", "enter")
        assert isinstance(app.screen, LessonScreen)
        selected = app.screen_stack[0].query_one(WeekGrid).selected
        text = _screen_text(app)
        assert selected is not None
        assert f"{selected.start:%H:%M}–{selected.end:%H:%M}" in text
        assert all(teacher in text for teacher in selected.teachers)
        await press(pilot, "escape")
        assert not isinstance(app.screen, LessonScreen)


async def test_server_stopped_mid_session_keeps_the_data_and_says_offline(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        before = _screen_text(app)
        served.stop()
        await served.portal.close()  # the next sync must reach the (stopped) server
        await press(pilot, "s")
        assert app.portal.freshness().offline_since is not None
        after = _screen_text(app)
        assert "hors ligne" in after
        assert "Traceback" not in after
        # The grades are still on screen.
        grades = app.query_one(GradesView).read("grades").value.grades
        assert grades and grades[0].subject.name[:8] in after and grades[0].subject.name[:8] in before


async def test_server_text_is_never_markup(tmp_path):
    school = demo_school(TODAY)
    weird = "MATHS [bold] [/] [link=x]"
    for subject in school.subjects:
        if subject.name == "MATHÉMATIQUES":
            subject.name = weird
    for child in school.children:
        for lesson in child.timetable:
            if lesson.subject == "MATHÉMATIQUES":
                lesson.subject = weird
                lesson.teacher = "M. [red]ROUGE[/red] J."
        for grade in child.grades:
            if grade.subject == "MATHÉMATIQUES":
                grade.subject = weird
                grade.comment = "Bien [/] vu"
    for teacher in school.teachers:
        teacher.subjects = [weird if s == "MATHÉMATIQUES" else s for s in teacher.subjects]
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await press(pilot, "e")
            grid = app.query_one(WeekGrid)
            maths = next(les for les in grid.lessons if les.subject == weird)
            assert maths.subject == weird
            day = (maths.start.date() - grid.monday).days
            grid.day_index, grid.lesson_index = day, grid.lessons_of(maths.start.date()).index(maths)
            grid.focus()
            await press(pilot, "enter")
            shown = _screen_text(app)
            assert weird in shown
            assert "[red]ROUGE[/red]" in shown
            await press(pilot, "escape", "n")
            view = app.query_one(GradesView)
            view.period = "Trimestre 1"  # a whole trimester: maths grades are there
            view.refresh_view()
            await settle(pilot)
            shown = _screen_text(app)
            assert weird in shown
    finally:
        served.stop()
