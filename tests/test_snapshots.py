"""Snapshot tests: every section and the login screen, at 80×24 and 120×40, on the demo school.

Fixed clock and date, fixed demo data (the school is generated from a seed and the date), no cursor
blink, no animation. Baselines live in ``snapshots/`` at the top of the repository; after a
deliberate change, review and update them with ``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension

from espace_parents_tui.clock import DayClock
from espace_parents_tui.tui.app import EspaceParentsApp
from espace_parents_tui.tui.views import VIEWS
from tui_helpers import TODAY, settle

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
SIZES = [(80, 24), (120, 40)]


class RepoSnapshots(SVGImageExtension):
    """The SVG baselines, kept in ``snapshots/`` at the top of the repository."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS)


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(RepoSnapshots)


@pytest.fixture(autouse=True)
def _quiet_terminal(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _no_blink(app) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
# Orientation and Stages are offered to the second demo family only (test_snapshots_records.py).
@pytest.mark.parametrize("view", [v.key for v in VIEWS if v.key not in ("orientation", "internships")])
async def test_section(served, svg_snapshot, view, size):
    app = served.app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_section(view)
        await settle(pilot)
        _no_blink(app)
        await pilot.pause()
        assert app.export_screenshot(simplify=True) == svg_snapshot(
            name=f"section-{view}-{size[0]}x{size[1]}"
        )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_login_screen(svg_snapshot, size, monkeypatch, tmp_path):
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        _no_blink(app)
        await pilot.pause()
        assert app.export_screenshot(simplify=True) == svg_snapshot(name=f"login-{size[0]}x{size[1]}")
