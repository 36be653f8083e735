"""The grade analytics in the app: computed averages marked, a subject's trend (``g``) and "what if"
(``h``), with their 80×24 snapshots. The hypothetical grade never reaches the cache or the server."""

from __future__ import annotations

import copy

import pytest
from textual.widgets import DataTable, Input

from espace_parents_tui.tui.screens.grade_analytics import TrendScreen, WhatIfScreen, read_number
from espace_parents_tui.tui.screens.grades import GradesView
from test_snapshots import RepoSnapshots, _no_blink
from tui_helpers import press, screen_text, settle

SIZE = (80, 24)


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


@pytest.fixture(autouse=True)
def _quiet_terminal(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


async def _averages(pilot) -> GradesView:
    await settle(pilot)
    await press(pilot, "n", "o")
    view = pilot.app.query_one(GradesView)
    assert view.mode == "averages"
    view.period = "Trimestre 1"  # a whole trimester of grades, every subject in it
    view.refresh_view()
    await settle(pilot)
    return view


def _cursor_on(view: GradesView, subject: str) -> None:
    rows = [getattr(getattr(o, "subject", None), "name", None) for o in view.row_objects]
    view.query_one(DataTable).move_cursor(row=rows.index(subject))


async def test_a_hidden_average_is_computed_and_marked(served):
    lea = served.school.child("lea")
    (hidden,) = lea.hidden_averages
    app = served.app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _averages(pilot)
        report = view.read("grades", view.current_period()).value
        served_average = {a.subject.name: a for a in report.averages}[hidden]
        assert not served_average.student.published  # the school hides it...
        shown = next(o for o in view.row_objects if getattr(o, "subject", None) and o.subject.name == hidden)
        assert shown.computed and shown.student.published  # ...the app computes it, and says so
        text = screen_text(app)
        assert "calculée par l'application" in text
        line = next(row for row in text.splitlines() if hidden in row)
        assert "*" in line and "," in line  # "13,42 *": a decimal comma and the mark


async def test_trend_shows_the_subject_over_time_and_moves_between_subjects(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=SIZE) as pilot:
        view = await _averages(pilot)
        _cursor_on(view, "MATHÉMATIQUES")
        await press(pilot, "g")
        screen = app.screen
        assert isinstance(screen, TrendScreen) and screen.subject == "MATHÉMATIQUES"
        text = screen_text(app)
        assert "Évolution — MATHÉMATIQUES" in text and "Classe" in text and "█" in text
        _no_blink(app)
        assert app.export_screenshot(simplify=True) == svg_snapshot(name="grades-trend-80x24")
        await press(pilot, "right")
        assert screen.subject != "MATHÉMATIQUES"
        assert screen.subject in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, TrendScreen)


async def test_what_if_shows_new_averages_and_keeps_nothing(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=SIZE) as pilot:
        view = await _averages(pilot)
        period = view.current_period()
        portal = served.portal
        before = portal.read("grades", portal.child("MARTIN Léa"), period).value
        school_before = copy.deepcopy(served.school.child("lea").grades)
        calls_before = sum(served.server.stats.requests.values())
        _cursor_on(view, "MATHÉMATIQUES")
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, WhatIfScreen) and screen.subject == "MATHÉMATIQUES"
        await press(pilot, *"19,5", "tab", "backspace", "backspace", *"20", "tab", "backspace", "2")
        text = screen_text(app)
        assert "Avec 19,5/20 (coef. 2)" in text
        maths_line = next(row for row in text.splitlines() if "MATHÉMATIQUES :" in row)
        assert "→" in maths_line and "(+" in maths_line
        assert "Moyenne générale :" in text and "estimation" not in text  # the demo agrees with us
        _no_blink(app)
        assert app.export_screenshot(simplify=True) == svg_snapshot(name="grades-what-if-80x24")
        # a grade above its scale is refused in one sentence
        screen.query_one("#whatif-value", Input).value = "25"
        await settle(pilot)
        assert "La note doit être un nombre entre 0 et 20." in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, WhatIfScreen)
        # Never saved: the cache holds the same report, the server got no call, its school is as it was.
        assert portal.read("grades", portal.child("MARTIN Léa"), period).value == before
        assert sum(served.server.stats.requests.values()) == calls_before
        assert served.school.child("lea").grades == school_before


@pytest.mark.parametrize(
    "typed, value", [("15,5", 15.5), ("15.5", 15.5), (" 12 ", 12.0), ("douze", None), ("nan", None), ("", None)]
)
def test_a_typed_number_reads_with_a_comma_or_a_point(typed, value):
    assert read_number(typed) == value
