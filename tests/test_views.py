"""The lazy registry of section views (tui/views.py): what the app, the palette and the help know
before a view's module is imported must agree with the view itself, and the app's start must not
import the screens it does not show."""

from __future__ import annotations

import subprocess
import sys

import pytest

from espace_parents_tui.tui.views import ALL_VIEWS, BY_KEY, VIEWS


@pytest.mark.parametrize("entry", ALL_VIEWS, ids=lambda e: e.key)
def test_each_entry_names_its_view_class(entry):
    view_class = entry.load()
    assert view_class.key == entry.key
    assert view_class.letter == entry.letter
    assert view_class.title_text == (entry.title_text or entry.short_text)  # French, translated when shown
    assert view_class().title == entry.title


def test_keys_and_letters_are_unique():
    assert len({e.key for e in ALL_VIEWS}) == len(ALL_VIEWS) == len(BY_KEY)
    assert len({e.letter for e in ALL_VIEWS}) == len(ALL_VIEWS)
    assert VIEWS[0].key == "home"  # the app opens on it


def test_the_app_imports_no_screen_before_it_is_shown():
    """Importing the app (and the launcher) loads the screens' base only; the home screen loads
    when the app composes, each other screen when first shown."""
    code = (
        "import sys, espace_parents_tui.cli.launch, espace_parents_tui.tui.app; "
        "print(sorted(m for m in sys.modules if m.startswith('espace_parents_tui.tui.screens.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['espace_parents_tui.tui.screens.base']"


async def test_a_view_is_built_when_first_shown(served):
    from tui_helpers import press, settle

    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        built = {v.key for v in app.views()}
        assert built == {"home"}
        await press(pilot, "n")
        assert {v.key for v in app.views()} == {"home", "grades"}
        assert app.current == "grades" and app.view("grades").display
        assert not app.view("home").display
        await press(pilot, "a")
        await press(pilot, "n")
        assert len(app.query("#view-grades")) == 1  # built once


async def test_a_view_shown_again_unchanged_is_not_redrawn_but_is_after_a_change(served, monkeypatch):
    from espace_parents_tui.demo.school import Grade
    from espace_parents_tui.tui.screens.grades import GradesView
    from tui_helpers import TODAY, press, settle

    drawn = []
    original = GradesView.refresh_view
    monkeypatch.setattr(GradesView, "refresh_view", lambda self: (drawn.append(1), original(self))[1])
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        first = len(drawn)
        assert first >= 1
        await press(pilot, "a")
        await press(pilot, "n")
        assert len(drawn) == first  # nothing changed: what was drawn stays
        lea = served.school.child("lea")
        period = served.school.current_period(TODAY).name
        lea.grades.append(Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=19.0, comment="Redessin"))
        await press(pilot, "a")
        await press(pilot, "s")  # a sync brings the new grade: Notes is drawn again when shown
        await press(pilot, "n")
        assert len(drawn) > first
        assert "Redessin" in str(
            [g.comment for g in app.query_one(GradesView).read("grades").value.grades]
        )


async def test_a_write_to_another_section_keeps_the_drawing_but_one_to_its_own_redraws(served, monkeypatch):
    """The stamp is per section: a dataset written for Emploi du temps (a week fetched on demand)
    leaves Notes' drawing alone; a dataset written for Notes, or one of its changes seen, redraws it."""
    from espace_parents_tui.tui.screens.grades import GradesView
    from tui_helpers import press, settle

    drawn = []
    original = GradesView.refresh_view
    monkeypatch.setattr(GradesView, "refresh_view", lambda self: (drawn.append(1), original(self))[1])
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await press(pilot, "a")
        await press(pilot, "n")
        first = len(drawn)
        view = app.query_one(GradesView)
        cache, child = app.portal.cache, view.child

        def write_again(section: str) -> None:
            cached = app.portal.read(section, child)
            assert cached is not None
            scope = app.portal.default_scope(section, child)
            writer = cache.begin_sync(complete=False)
            writer.put(child.name, section, scope, cached.value)
            writer.commit()

        await press(pilot, "a")
        before = cache.version()
        write_again("timetable")
        cache.mark_seen(section="timetable")
        assert cache.version() != before  # the old global stamp would have redrawn Notes
        await press(pilot, "n")
        assert len(drawn) == first
        await press(pilot, "a")
        write_again("grades")
        await press(pilot, "n")
        assert len(drawn) == first + 1
        await press(pilot, "a")
        await press(pilot, "n")
        assert len(drawn) == first + 1
