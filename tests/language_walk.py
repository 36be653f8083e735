"""Walks every screen of the app in one language and writes what each showed (run in its own process).

``python tests/language_walk.py LANG OUT.json``: tests/test_language_walk.py runs it once per language.
The language is set before the interface's modules are imported, as ``espace-parents --lang en``
does (the keys' descriptions are translated when their classes are defined). The clock is the
suite's (2026-11-24 10:00, Paris), the school is the demo school served on loopback.

The walk: the login screen, then on the demo school every section (its letter), each of its keys
(every binding of the view, ``enter`` and the modes' ``o`` pressed again), each dialog a key opens
(captured, then closed with ``escape``), the help (``?``, scrolled to its end) and the command
palette. Each capture is the screen's text, line by line (the SVG export's text, markup removed).
It also writes every text the server sent (the demo school's strings) so the checks can leave
server data out.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ["TZ"] = "Europe/Paris"
time.tzset()
os.environ["TEXTUAL_ANIMATIONS"] = "none"

import time_machine  # noqa: E402

time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris")), tick=False).start()

from espace_parents_tui.util.i18n import set_language  # noqa: E402

LANG, OUT = sys.argv[1], Path(sys.argv[2])
set_language(LANG)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from espace_parents_tui.clock import DayClock  # noqa: E402
from espace_parents_tui.demo.school import demo_school  # noqa: E402
from espace_parents_tui.service.portal import Portal  # noqa: E402
from espace_parents_tui.settings.config import AccountConfig  # noqa: E402
from espace_parents_tui.settings.credentials import MemoryStore  # noqa: E402
from espace_parents_tui.store import Cache  # noqa: E402
from espace_parents_tui.tui.app import EspaceParentsApp  # noqa: E402
from espace_parents_tui.tui.views import ALL_VIEWS  # noqa: E402
from language_checks import server_texts  # noqa: E402
from tui_helpers import TODAY, Served  # noqa: E402

TEXT = re.compile(r'<text [^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)
# Keys never pressed on the walk: leaving the app, and the next account (there is only one).
SKIPPED_KEYS = {"q", "ctrl+q", "ctrl+c", "ctrl+a"}


def visible_text(app) -> str:
    """The screen's characters, one line per row (what a person reads; no SVG, no style names)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, content in TEXT.findall(app.export_screenshot()):
        content = html.unescape(re.sub(r"<[^>]+>", "", content)).replace("\xa0", " ")
        rows.setdefault(float(y), []).append((float(x), content))
    return "\n".join("".join(part for _, part in sorted(row)).rstrip() for _, row in sorted(rows.items()))


async def calm(pilot, rounds: int = 300) -> None:
    """Let the app work until its workers are done (or one waits on a dialog); never a fixed sleep."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.01)
        if all(worker.is_finished for worker in app.workers) or isinstance(app.screen, _MODAL):
            break
    else:
        STUCK.append([w.name for w in app.workers if not w.is_finished])
    await pilot.pause()


async def back_to_base(pilot) -> None:
    for _ in range(4):
        if len(pilot.app.screen_stack) <= 1:
            return
        await pilot.press("escape")
        await calm(pilot)


async def walk_views(pilot, app, screens: dict[str, str], prefix: str) -> None:
    """Every section, each of its keys (and the dialog a key opens, then tab in it)."""
    for entry in ALL_VIEWS:
        view = entry.load()
        await pilot.press(view.letter)
        await calm(pilot)
        screens[prefix + view.key] = visible_text(app)
        keys = ["enter"] + [
            key.strip()
            for binding in view.BINDINGS
            for key in (binding.key if hasattr(binding, "key") else binding[0]).split(",")
        ]
        for key in dict.fromkeys(keys):
            if key in SKIPPED_KEYS:
                continue
            for round_ in range(4 if key == "o" else 1):
                await back_to_base(pilot)
                await pilot.press(view.letter)
                await pilot.press(key)
                await calm(pilot)
                screens[f"{prefix}{view.key}/{key}/{round_}"] = visible_text(app)
                if len(app.screen_stack) > 1:
                    await pilot.press("tab")
                    await calm(pilot)
                    screens[f"{prefix}{view.key}/{key}/{round_}/tab"] = visible_text(app)
                await back_to_base(pilot)


class FamilyServed(Served):
    """The demo school served on loopback, the app logged in as one of its families' parent."""

    def __init__(self, school, cache_dir: Path, family: int) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        super().__init__(school, cache_dir)
        self.family = family

    @contextlib.asynccontextmanager
    async def opener(self):
        parent = self.school.parents[self.family]
        account = AccountConfig(
            id=parent.login, server_url=self.thread.page_url, username=parent.login, storage="ask"
        )
        store = MemoryStore()
        store.set(account.id, "password", parent.password)
        cache = Cache.open(self.cache_dir / f"{parent.login}.sqlite3", clock=self._cache_clock)
        self.portal = Portal(account, store, cache, clock=self.clock, timeout=3)
        try:
            yield self.portal
        finally:
            await self.portal.close()
            cache.close()


async def walk() -> dict[str, str]:
    screens: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
            os.environ[var] = str(base / var.lower())
        os.environ["ESPACE_PARENTS_DOWNLOADS"] = str(base / "downloads")
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        os.environ.pop("DISPLAY", None)
        os.environ.pop("WAYLAND_DISPLAY", None)

        login = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
        async with login.run_test(size=(80, 24)) as pilot:
            await calm(pilot)
            screens["login"] = visible_text(login)
            await pilot.press("tab", "tab", "enter")
            await calm(pilot)
            screens["login/tab-tab-enter"] = visible_text(login)

        # The demo school's first family (Léa, Hugo), then its second (Inès in 3e, Yanis in 2nde: the
        # sections only some children have, Orientation and Stages).
        school = demo_school(TODAY, second_family=True)
        for family in (0, 1):
            served = FamilyServed(school, base / f"family{family}", family)
            try:
                app = served.app()
                async with app.run_test(size=(80, 24)) as pilot:
                    prefix = "" if family == 0 else "family2:"
                    await calm(pilot)
                    screens[prefix + "start"] = visible_text(app)
                    if family == 0:
                        for key, name in (("question_mark", "help"), ("ctrl+p", "palette")):
                            await pilot.press(key)
                            await calm(pilot)
                            screens[name] = visible_text(app)
                            for n in range(1, 6):
                                await pilot.press("pagedown")
                                await calm(pilot)
                                screens[f"{name}/page{n}"] = visible_text(app)
                            await back_to_base(pilot)
                    for child in ("1", "2"):
                        await pilot.press(child)
                        await calm(pilot)
                        await walk_views(pilot, app, screens, f"{prefix}child{child}:" if family else "")
                        if family == 0:
                            break  # the first family's second child: seen by the other tests
            finally:
                served.stop()
    return screens, server_texts(school)


_MODAL = ()
STUCK: list = []


def main() -> None:
    global _MODAL
    from textual.screen import ModalScreen

    _MODAL = (ModalScreen,)
    screens, server = asyncio.run(walk())
    print(STUCK[:20], len(STUCK), file=sys.stderr)
    OUT.write_text(json.dumps({"screens": screens, "server": server}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
