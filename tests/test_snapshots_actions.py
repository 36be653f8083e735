"""Snapshot tests of the parents' action forms at 80×24 on the demo school: the justification
form, the "Prévenir d'une absence" form, and the list of documents to provide.

Same rules as ``test_snapshots.py`` (fixed clock and data, no blink, no animation); baselines in
``snapshots/``; ``pytest tests/test_snapshots_actions.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from espace_parents_tui.tui.screens.school_life import SchoolLifeView
from test_snapshots import RepoSnapshots, _no_blink
from tui_helpers import press, settle


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


@pytest.fixture(autouse=True)
def _quiet_terminal(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


async def _shot(app, pilot, svg_snapshot, name: str) -> None:
    _no_blink(app)
    await pilot.pause()
    assert app.export_screenshot(simplify=True) == svg_snapshot(name=name)


async def test_justification_form(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        view = app.query_one(SchoolLifeView)
        row = next(
            i for i, e in enumerate(view.events) if getattr(e.obj, "editable", False) and not e.obj.pending
        )
        view.query_one(DataTable).move_cursor(row=row)
        await press(pilot, "j")
        await _shot(app, pilot, svg_snapshot, "form-justify-80x24")


async def test_declare_ahead_form(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "a")
        await _shot(app, pilot, svg_snapshot, "form-declare-80x24")


async def test_documents_to_provide(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d", "o")
        await _shot(app, pilot, svg_snapshot, "documents-requested-80x24")
