"""Snapshot tests at 80×24 on the demo school: the Compte tabs (parent, child), the account forms
(contact details, password, the child's data) and Rencontres (wishes and the published planning with
its overlap).

Same rules as ``test_snapshots.py`` (fixed clock and data, no blink, no animation); baselines in
``snapshots/``; ``pytest tests/test_snapshots_account.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("keys", "name"),
    [
        (("C",), "account-parent-80x24"),
        (("C", "o"), "account-child-80x24"),
        (("C", "enter"), "form-contact-80x24"),
        (("C", "w"), "form-password-80x24"),
        (("C", "o", "enter"), "form-child-data-80x24"),
        (("2", "C", "o", "enter"), "form-child-data-closed-80x24"),
        (("R",), "meetings-80x24"),
    ],
)
async def test_account_and_meetings(served, svg_snapshot, keys, name):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await press(pilot, key)
            await settle(pilot)
        await _shot(app, pilot, svg_snapshot, name)


async def test_meetings_planning_with_the_overlap(served, svg_snapshot):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "R")
        await settle(pilot)
        app.query_one("#meetings-body").scroll_end(animate=False)
        app.query_one("#meetings-body").focus()
        await settle(pilot)
        await _shot(app, pilot, svg_snapshot, "meetings-planning-80x24")
