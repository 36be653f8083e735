"""Driving the terminal app in tests: a fixed clock, the demo school on loopback, deterministic waits."""

from __future__ import annotations

import contextlib
import html
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

from espace_parents_tui.clock import Clock, DayClock
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache
from espace_parents_tui.tui.app import EspaceParentsApp

TODAY = date(2026, 11, 24)  # a Tuesday of the second trimester
NOW = datetime(2026, 11, 24, 7, 30)


class Served:
    """The demo school served in a thread (so a test can stop it), and an opener for the app."""

    def __init__(self, school, cache_dir: Path, *, clock: Clock | None = None, **options) -> None:
        self.school = school
        # One clock for the server, the portal and the app: by default the test day, its time of
        # day frozen with the suite's; the cache then stamps at NOW.
        self.clock = clock or DayClock(TODAY)
        self._cache_clock = (lambda: NOW) if clock is None else self.clock.now
        self.server = DemoServer(school, ServerOptions(today=self.clock.today(), **options), clock=self.clock)
        self.thread = ServerThread(self.server)
        self.cache_dir = cache_dir
        self.portal: Portal | None = None

    def stop(self) -> None:
        self.thread.stop()

    @contextlib.asynccontextmanager
    async def opener(self) -> AsyncIterator[Portal]:
        parent = self.school.parents[0]
        account = AccountConfig(
            id="demo", server_url=self.thread.page_url, username=parent.login, storage="ask"
        )
        store = MemoryStore()
        store.set(account.id, "password", parent.password)
        cache = Cache.open(self.cache_dir / "demo.sqlite3", clock=self._cache_clock)
        self.portal = Portal(account, store, cache, clock=self.clock, timeout=3)
        try:
            yield self.portal
        finally:
            await self.portal.close()
            cache.close()

    def app(self, **kwargs) -> EspaceParentsApp:
        return EspaceParentsApp(self.opener, clock=self.clock, watch_terminal=False, **kwargs)


async def settle(pilot) -> None:
    """Wait until every worker is done and the screen is repainted (never a sleep)."""
    app = pilot.app
    for _ in range(5):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def wait_for(pilot, predicate, *, rounds: int = 400) -> None:
    """Pause until ``predicate()`` holds (for screens a worker waits on, where ``settle`` would hang)."""
    for _ in range(rounds):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never reached the expected state")


def screen_text(app) -> str:
    """What the screen shows, as text (the SVG export with its entities decoded)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def screen_lines(app) -> list[str]:
    """What the screen shows, line by line (the SVG's text runs joined per row), for reading."""
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, body in re.findall(
        r'<text[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', app.export_screenshot()
    ):
        rows.setdefault(float(y), []).append((float(x), html.unescape(body).replace("\xa0", " ")))
    return ["".join(text for _x, text in sorted(row)) for _y, row in sorted(rows.items())]


async def screens_after(app, keys: tuple[str, ...]) -> list[list[str]]:
    """The app at 80x24: the screen's lines after each key (to compare two apps screen by screen)."""
    shots = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            shots.append(screen_lines(app))
    return shots
