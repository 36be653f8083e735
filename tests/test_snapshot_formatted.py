"""Snapshot: a homework formatted by its teacher shows its list and its table, at 80×24.

The homework is the formatted one of the hostile school (``hostile_school.FORMATTED_HTML``): its
list keeps its bullets and nesting, its table its columns; the list behind the dialog shows the
school's hostile names as text. Baseline in ``snapshots/`` (``--snapshot-update`` after a
deliberate change, then look at it).
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from espace_parents_tui.demo.school.fileformat import load_school
from espace_parents_tui.tui.screens.attachments import AttachmentDialog
from hostile_school import write_hostile_school
from test_snapshots import RepoSnapshots
from tui_helpers import Served, press, settle


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


async def test_homework_with_a_list_and_a_table(tmp_path, monkeypatch, svg_snapshot):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    served = Served(load_school(write_hostile_school(tmp_path)), tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.action_section("homework")
            await settle(pilot)
            table = app.screen.query_one("#homework-table", DataTable)
            row = next(i for i in range(table.row_count) if table.get_row_at(i)[0].plain.startswith("ven"))
            await press(pilot, "ctrl+home", *["down"] * row, "enter")
            assert isinstance(app.screen, AttachmentDialog)
            await pilot.pause()
            assert app.export_screenshot(simplify=True) == svg_snapshot(name="homework-formatted-80x24")
    finally:
        served.stop()
