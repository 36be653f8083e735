"""Snapshots at 80×24 of the second demo family's Orientation (the page, the wishes form) and
Stages, and of a subject across the years in Parcours. Same rules as ``test_snapshots.py``;
``pytest tests/test_snapshots_records.py --snapshot-update`` after a deliberate change."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from espace_parents_tui.tui.screens.record import RecordView
from test_snapshots import RepoSnapshots, _no_blink
from test_tui_orientation import FamilyServed
from tui_helpers import press, settle


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


@pytest.fixture(autouse=True)
def _quiet_terminal(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def family(tmp_path):
    served = FamilyServed(tmp_path)
    yield served
    served.stop()


async def _shot(app, pilot, svg_snapshot, name: str) -> None:
    _no_blink(app)
    await pilot.pause()
    assert app.export_screenshot(simplify=True) == svg_snapshot(name=name)


@pytest.mark.parametrize(("keys", "name"), [(("i",), "orientation"), (("i", "w"), "orientation-wishes"), (("g",), "internships")])
async def test_second_family(family, svg_snapshot, keys, name):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        await _shot(app, pilot, svg_snapshot, f"{name}-80x24")


async def test_parcours_subject_across_the_years(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        view = app.query_one(RecordView)
        view.query_one(DataTable).move_cursor(row=view.subjects.index("SVT"))
        await press(pilot, "enter")
        await _shot(app, pilot, svg_snapshot, "record-subject-80x24")


async def test_livret_a_past_class_and_a_subject_across_the_years(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "o", "comma")
        await _shot(app, pilot, svg_snapshot, "livret-80x24")
        view = app.query_one(RecordView)
        view.query_one(DataTable).move_cursor(row=view.rows.index("MATHÉMATIQUES"))
        await press(pilot, "enter")
        await _shot(app, pilot, svg_snapshot, "livret-subject-80x24")


async def test_orientation_with_a_draft_waiting_and_the_comment_dialog(family, svg_snapshot):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "w", "e")
        await _shot(app, pilot, svg_snapshot, "orientation-comment-80x24")
        await press(pilot, "escape", "down", "enter", "escape")  # a second wish chosen, not sent
        await settle(pilot)
        await press(pilot, "end")  # the draft is said below the steps
        await _shot(app, pilot, svg_snapshot, "orientation-draft-80x24")
