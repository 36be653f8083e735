"""The first paint from a kept drawing (tui/kept.py): painted only when it is what the full path
draws now, cell for cell the same as the real screen that replaces it, and no key lost meanwhile."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from textual import events

from espace_parents_tui.cli import launch
from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.main import parse_args
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.store import kept as store
from espace_parents_tui.tui import kept

TODAY = date(2026, 11, 24)


@pytest.fixture
def synced(world, capsys):
    """A configured account (secret in the opt-in file) with one sync done; its cache file."""
    thread = ServerThread(DemoServer(demo_school(TODAY), ServerOptions(today=TODAY)))
    try:
        login = ["login", "--server", thread.page_url, "--username", "demo", "--password-stdin"]
        sys.stdin = io.StringIO("demo\n")
        try:
            assert (
                cli.main(["--today", TODAY.isoformat(), *login, "--insecure-storage", "--account", "famille"])
                == 0
            )
        finally:
            sys.stdin = sys.__stdin__
        assert cli.main(["--today", TODAY.isoformat(), "sync"]) == 0, capsys.readouterr().err
        capsys.readouterr()
        yield world / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"
    finally:
        thread.stop()


def _app(*options: str):
    app = launch.build_app(parse_args(["--today", TODAY.isoformat(), *options]))
    app._sync_on_start = False  # the server is gone: what is compared is the first paint
    return app


async def _first_paint(app, size=(80, 24)):
    """(cells painted first, cells once the real screen is in place, whether a kept drawing was used).

    With a kept drawing, the screen is also checked to show it until the moment it is removed (the
    real screen, built under it, is laid out by then)."""
    painted: dict[str, list] = {}
    original, drop = app._kept_painted, app._drop_kept_frame

    def kept_painted():
        painted["first"] = kept.cells(app.screen._compositor.render_strips())
        original()

    def drop_kept_frame():
        assert kept.cells(app.screen._compositor.render_strips()) == painted["first"]
        drop()

    app._kept_painted, app._drop_kept_frame = kept_painted, drop_kept_frame
    async with app.run_test(size=size) as pilot:
        for _ in range(400):
            if getattr(app, "_painted", False) and app._kept_frame is None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        real = kept.cells(app.screen._compositor.render_strips())
    return painted.get("first", real), real, "first" in painted


def _kept_value(path) -> str | None:
    db = sqlite3.connect(path)
    try:
        row = db.execute("SELECT value FROM meta WHERE key=?", (store.KEY,)).fetchone()
        return row[0] if row else None
    finally:
        db.close()


async def test_the_kept_drawing_is_the_real_screen_cell_for_cell(synced, caplog):
    first, real, used = await _first_paint(_app())
    assert not used  # nothing kept yet: the full path, which keeps its first paint
    kept_value = _kept_value(synced)
    assert kept_value is not None
    first_again, real_again, used = await _first_paint(_app())
    assert used, "the drawing kept by the last start should have been painted"
    assert first_again == real  # what was painted first is what the full path painted
    assert real_again == real  # and the real screen that replaced it is the same
    assert "Accueil — MARTIN" in "".join(char for char, _style in first_again[2])
    assert _kept_value(synced) == kept_value  # found the same: not written again
    assert "was not the real one" not in caplog.text


@pytest.mark.parametrize(
    "change",
    [
        "another day",
        "another size",
        "another language",
        "another theme",
        "a cache write",
        "a dataset written again",
    ],
)
async def test_anything_else_takes_the_full_path(synced, change):
    await _first_paint(_app())  # keeps the first paint
    options: list[str] = []
    size = (80, 24)
    if change == "another day":
        options = ["--today", (TODAY + timedelta(days=1)).isoformat()]
    elif change == "another size":
        size = (100, 30)
    elif change == "another language":
        options = ["--lang", "en"]
    elif change == "another theme":
        options = ["--theme", "textual-light"]
    else:
        db = sqlite3.connect(synced)
        if change == "a cache write":
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_error', 'x')")
        else:
            # (the same text: a fetch that found nothing new still writes, and could have found more)
            db.execute(
                "INSERT OR REPLACE INTO datasets SELECT * FROM datasets WHERE rowid=(SELECT min(rowid) FROM datasets)"
            )
        db.commit()
        db.close()
    if options[:1] == ["--today"]:
        app = launch.build_app(parse_args(options))
        app._sync_on_start = False
    else:
        app = _app(*options)
    _first, _real, used = await _first_paint(app, size)
    assert not used


def test_a_drawing_past_its_end_is_not_painted():
    strips = [kept.Strip.blank(3)]
    drawing = kept.encode(strips, datetime(2026, 11, 24, 17, 0))
    assert kept.decode(drawing, datetime(2026, 11, 24, 16, 59)) is not None
    assert kept.decode(drawing, datetime(2026, 11, 24, 17, 0)) is None
    assert kept.decode("not json", datetime(2026, 11, 24, 16, 59)) is None


@pytest.mark.parametrize(
    "cell, style",
    [
        ("\x1b]52;c;ZXZpbA==\x07", ""),  # an OSC 52 clipboard write
        ("\x1b[31mrouge", ""),  # an ANSI colour
        ("deux\nlignes", ""),
        ("\u202eesrever", ""),  # a bidi override
        ("Notes", "link https://example.org"),  # would reach the terminal as OSC 8
        ("Notes", "not a style at all ["),
    ],
)
def test_a_tampered_drawing_on_disk_is_refused(cell, style):
    now = datetime(2026, 11, 24, 10, 0)
    honest = kept.encode([kept.Strip([kept.Segment("Notes", kept.Style.parse("bold"))])], None)
    assert kept.decode(honest, now) is not None
    tampered = honest.replace('"Notes"', json.dumps(cell)).replace('"bold"', json.dumps(style))
    assert tampered != honest
    assert kept.decode(tampered, now) is None


async def test_keys_pressed_before_the_real_screen_reach_it(synced):
    await _first_paint(_app())
    app = _app()
    original = app._kept_painted

    def kept_painted():
        app.post_message(events.Key("n", "n"))  # Notes, pressed while the kept drawing is shown
        original()

    app._kept_painted = kept_painted
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):
            if app.current == "grades":
                break
            await pilot.pause(0.01)
        assert app.current == "grades"
        assert app._kept_frame is None


def test_the_kept_first_paint_imports_neither_models_nor_service():
    code = (
        "import sys\n"
        "import espace_parents_tui.cli.launch, espace_parents_tui.tui.app, espace_parents_tui.tui.kept\n"
        "loaded = [m for m in sys.modules if m.startswith(('espace_parents_tui.models', 'espace_parents_tui.service'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_a_sync_on_the_home_screen_keeps_it_for_the_next_start(synced):
    """A start's sync changes the cache: what was kept at its first paint is then stale. Once the
    sync has ended, with the screen as a start leaves it, the screen is kept again."""
    await _first_paint(_app())
    before_sync = _kept_value(synced)
    app = launch.build_app(parse_args(["--today", TODAY.isoformat()]))  # syncs once painted
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(1000):
            if getattr(app, "_painted", False) and not app.syncing and app.workers._workers == set():
                break
            await pilot.pause(0.01)
        assert app.portal.cache.last_sync() is not None and not app.syncing
        await pilot.pause()
        assert not len(app._notifications)  # nothing new, nothing refused: the screen as at start
        after_sync = _kept_value(synced)
        assert after_sync is not None and after_sync != before_sync  # kept again as the sync ended
        await pilot.press("q")
    assert _kept_value(synced) == after_sync  # the same screen: not written again
    first, real, used = await _first_paint(_app())
    assert used, "the drawing kept after the sync should have been painted"
    assert first == real


@pytest.mark.parametrize("state", ["as at start", "scrolled", "another theme", "a notification"])
async def test_only_a_screen_as_at_start_is_kept_when_quitting(synced, state):
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):
            if getattr(app, "_painted", False):
                break
            await pilot.pause(0.01)
        app.portal.cache.set_meta(store.KEY, None)  # what its first paint kept
        if state == "scrolled":
            app.query_one("#home-body").scroll_to(y=3, animate=False)
        elif state == "another theme":
            app.theme = "textual-light"
        elif state == "a notification":
            app.notify("x")
        await pilot.pause()
        await pilot.press("q")
    assert (_kept_value(synced) is not None) == (state == "as at start")


async def test_a_portal_that_does_not_open_leaves_the_real_screen_and_its_message(synced):
    await _first_paint(_app())
    app = _app()

    class Refused(Exception):
        user_message = "Compte déjà ouvert ailleurs."

    @contextlib.asynccontextmanager
    async def refused():
        raise Refused()
        yield  # pragma: no cover

    app._opener = refused
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):
            if app._kept_strips is not None and app._kept_frame is None and app.last_problem:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        assert app._kept_strips is not None  # the kept drawing was painted first
        assert app._kept_frame is None and app._held is None
        assert app.last_problem == "Compte déjà ouvert ailleurs."
        assert app.query_one("#top-bar") is not None
