"""The first paint from a kept drawing: the home screen as the app last painted it first, painted
again at start before the models and the service are imported (≈ 200 ms of a start, issue 16).

What is kept, in the account's cache (``store/kept.py``): every cell of the screen (character and
style) at the app's first paint, and again when the parent quits with ``q`` while the screen is as
a start leaves it (:meth:`KeptStart._as_at_start`): a start's own sync changes the cache, so what
its first paint kept is stale by then. Beside it, a validity key: the cache's lasting stamp, the
day, the terminal's size, the language, the theme asked for, the account, the terminal variables
Textual reads, the accounts file's size and time, and a fingerprint of the installed code (every
file of the package, Textual's, Rich's and Python's versions). What the home screen shows that
depends on the hour (a parent–teacher meeting that ends or comes within two weeks) gives the
drawing an end (``HomeView.valid_until``); the data's age in the top bar is an hour on the day of
the last sync and a date after it: the day is in the key.

At the next start, ``cli/launch.py`` hands the account to the app, which reads the kept drawing
with the standard library alone while composing and paints it only when its key is the one it
would keep now; anything else, or any doubt (no cache, a file that cannot be read, a drawing past
its end), is the normal path. The kept drawing is one widget, :class:`KeptFrame`, over the screen;
the app opens the portal, builds the real screen under it, then removes it: the real screen is then
on screen, cell for cell the same (``tests/test_kept_paint.py``). Keys pressed meanwhile are held
and given to the real screen in their order; mouse events meanwhile fall on the drawing and do
nothing. If the real screen still turns out different, the kept drawing is replaced and the log
says so.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from espace_parents_tui.settings import quickconfig
from espace_parents_tui.store import kept as store
from espace_parents_tui.store.quick import open_read_only
from espace_parents_tui.util.i18n import language
from espace_parents_tui.util.textsafe import is_clean

log = logging.getLogger(__name__)

FORMAT = 1
# Variables that change what Textual draws or how (besides these, every TEXTUAL_ one), and the
# time zone (the hour the meetings are compared with).
_SCREEN_VARIABLES = ("TERM", "COLORTERM", "NO_COLOR", "TERM_PROGRAM", "COLUMNS", "LINES", "TZ")
# The benchmark's own variables (benchmarks/startup.py), which change nothing on screen.
_NOT_SCREEN = ("ESPACE_PARENTS_STARTUP_REPORT", "ESPACE_PARENTS_T0", "ESPACE_PARENTS_EXIT_AFTER_PAINT")


@functools.cache
def code_fingerprint() -> str:
    """Changes with any file of the installed package (size, time), with Textual or Rich (their
    ``__init__.py``'s size and time: an install writes them anew; ``textual.__version__`` would load
    importlib.metadata, ≈ 8 ms) and with Python's version.

    Worked out once per process (a walk of the package, ≈ 1-4 ms, was repeated at every keep): the
    code that draws is the code the process loaded, even if a new version is installed meanwhile,
    so a drawing kept later says so and the next start, on the new code, does not paint it."""
    import zlib

    import rich
    import textual

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    crc = zlib.crc32(sys.version.encode())
    folders = [root]
    files = [textual.__file__ or "", rich.__file__ or ""]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif not entry.name.endswith((".pyc", ".pyo")):
                    files.append(entry.path)
    for path in files:
        crc = zlib.crc32(f"{path}|{_file_state(path)}\n".encode(), crc)
    return f"{crc:08x}"


def validity_key(account: str, stamp: str, today: date, size: tuple[int, int], theme: str | None) -> str:
    """What a kept drawing depends on, as one line of JSON (compared whole)."""
    variables = {
        name: value
        for name, value in os.environ.items()
        if name in _SCREEN_VARIABLES
        or name.startswith("TEXTUAL_")
        or (name.startswith("ESPACE_PARENTS_") and name not in _NOT_SCREEN)
    }
    key = {
        "format": FORMAT,
        "account": account,
        "stamp": stamp,
        "today": today.isoformat(),
        "size": list(size),
        "language": language(),
        "theme": theme,
        "variables": sorted(variables.items()),
        "code": code_fingerprint(),
        "settings": _file_state(quickconfig.config_file()),
    }
    return json.dumps(key, ensure_ascii=True, sort_keys=True)


def _file_state(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


# --- the drawing ---------------------------------------------------------------------------------


def encode(strips: list[Strip], until: datetime | None) -> str:
    """Every cell's character and style (colours, attributes, link), without Textual's meta
    (mouse actions: the kept drawing is not clickable)."""
    styles: dict[str, int] = {}
    rows = []
    for strip in strips:
        row = []
        for text, style, control in strip:
            if control:
                continue
            name = str(style) if style else ""
            row.append([text, styles.setdefault(name, len(styles))])
        rows.append(row)
    return json.dumps(
        {"until": until.isoformat() if until else None, "styles": list(styles), "rows": rows},
        ensure_ascii=False,
    )


def decode(drawing: str, now: datetime) -> list[Strip] | None:
    """The kept strips, or ``None`` when the drawing's end is past or it cannot be read.

    The file is on disk, so it is read as untrusted: a cell holding a control character (an escape
    sequence, a newline) or a style carrying a link (which the terminal would get as OSC 8) is not
    something the app drew, and the whole drawing is refused (the normal path paints)."""
    try:
        data = json.loads(drawing)
        until = data["until"]
        if until is not None and not now < datetime.fromisoformat(until):
            return None
        styles = [Style.parse(name) if name else Style() for name in data["styles"]]
        if any(style.link for style in styles):
            return None
        strips = []
        for row in data["rows"]:
            segments = []
            for text, index in row:
                if not isinstance(text, str) or not is_clean(text) or "\n" in text or "\t" in text:
                    return None
                segments.append(Segment(text, styles[index]))
            strips.append(Strip(segments))
        return strips
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, StyleSyntaxError):
        return None


def cells(strips: list[Strip]) -> list[list[tuple[str, str]]]:
    """Each cell's character and style: what two drawings are compared on."""
    found = []
    for strip in strips:
        row: list[tuple[str, str]] = []
        for text, style, control in strip:
            if control:
                continue
            name = str(style) if style else ""
            row.extend((char, name) for char in text)
        found.append(row)
    return found


def load(path: str, key_for: Callable[[str], str], now: datetime) -> list[Strip] | None:
    """The drawing kept in the cache at ``path`` if its key is ``key_for(the cache's stamp)``."""
    db = open_read_only(path)
    if db is None:
        return None
    try:
        kept = store.read(db)
        if kept is None or kept[0] != key_for(store.lasting_stamp(db)):
            return None
        return decode(kept[1], now)
    except Exception:  # noqa: BLE001 - any doubt: the normal path
        return None
    finally:
        db.close()


class KeptFrame(Widget, can_focus=False):
    """The kept drawing, over the whole screen (a layer of its own) while the real one is built under it."""

    DEFAULT_CSS = """
    KeptFrame { layer: kept; dock: top; width: 100%; height: 100%; }
    """

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__(id="kept-frame")
        self.strips = strips

    def render_lines(self, crop: Region) -> list[Strip]:
        """As kept: no style, filter or background of this widget's on top."""
        width = self.size.width
        lines = []
        for y in range(crop.y, crop.bottom):
            strip = self.strips[y] if y < len(self.strips) else Strip.blank(width)
            lines.append(strip.crop(crop.x, crop.right))
        return lines


class KeptStart:
    """Mixed into the app: paint the kept drawing, build the real screen under it, keep the next."""

    _keep_as: tuple[str, str] | None  # (account id, cache file), set by the app
    _theme_asked: str | None
    _kept_frame: KeptFrame | None = None
    _kept_strips: list[Strip] | None = None
    _held: list | None = None  # keys pressed while the kept drawing is on screen
    _bars_built = True  # False while the kept drawing stands for the bars too
    _theme_at_start: str | None = None

    def _kept_key(self, stamp: str) -> str:
        assert self._keep_as is not None
        size = self.size  # type: ignore[attr-defined]
        today = self.today()  # type: ignore[attr-defined]
        return validity_key(self._keep_as[0], stamp, today, (size.width, size.height), self._theme_asked)

    def _kept_frame_at_start(self) -> KeptFrame | None:
        if self._keep_as is None or getattr(self, "_opener", None) is None:
            return None
        strips = load(self._keep_as[1], self._kept_key, self.clock.now())  # type: ignore[attr-defined]
        if strips is None or len(strips) != self.size.height:  # type: ignore[attr-defined]
            return None
        self._kept_strips, self._held, self._bars_built = strips, [], False
        # Its own layer, above the real screen built under it (docks and layout are per layer).
        self.screen.styles.layers = ("default", "kept")  # type: ignore[attr-defined]
        self._kept_frame = KeptFrame(strips)
        return self._kept_frame

    def _kept_painted(self) -> None:
        if self._report_paint():  # type: ignore[attr-defined]
            self.exit()  # type: ignore[attr-defined] # benchmarks/startup.py
        else:
            self.open_portal()  # type: ignore[attr-defined]

    async def _build_under_kept(self) -> None:
        """The real screen, mounted under the kept drawing (which stays on top until it is laid out)."""
        frame = self._kept_frame
        if frame is None:
            return
        app: Any = self
        view = app._first_view()
        view.portal, view.child = app.portal, app.child  # it draws when mounted
        await app.screen.mount_all(app._screen_widgets(view), before=frame)
        self._bars_built = True
        if app.portal is None:  # the portal did not open: the real screen says why
            self._drop_kept_frame()

    def _drop_kept_frame(self) -> None:
        frame, self._kept_frame = self._kept_frame, None
        if frame is None:
            return
        app: Any = self
        frame.remove()
        app.screen._update_auto_focus()  # what Textual does after composing a screen
        held, self._held = self._held or [], None
        for event in held:  # in their order, before any key pressed from now on
            if isinstance(event, events.Key):
                app.post_message(events.Key(event.key, event.character))
            else:
                app.post_message(events.Paste(event.text))
        app.call_after_refresh(app._first_paint)

    async def on_event(self, event: events.Event) -> None:
        if self._held is not None and isinstance(event, (events.Key, events.Paste)):
            self._held.append(event)  # the real screen gets it once it is in place
            return
        await super().on_event(event)  # type: ignore[misc]

    async def action_quit(self) -> None:
        """``q``: when the screen is what a start would paint now, it is kept for the next start (a
        start keeps its first paint, but its sync changes the cache: that drawing is then stale)."""
        if self._as_at_start():
            self._show_bars()  # the data's age as a start would show it now
            self.call_after_refresh(self._keep_then_quit)  # once what changed is laid out
            return
        await super().action_quit()  # type: ignore[misc]

    def _keep_then_quit(self) -> None:
        self.keep_if_as_at_start()
        self.exit()  # type: ignore[attr-defined]

    def keep_if_as_at_start(self) -> None:
        """After a sync (and at ``q``): keep the screen when it is what a start would paint now."""
        if self._as_at_start():
            self._keep_first_paint(at_start=False)

    def _as_at_start(self) -> bool:
        """Whether the screen is in the state a start leaves it in (else: nothing kept)."""
        from textual.widgets import Static

        from espace_parents_tui.tui.widgets.bars import KeyLine

        app: Any = self
        home = getattr(app, "_built", {}).get("home")
        if home is None or not home.is_attached or app.portal is None or app.theme != self._theme_at_start:
            return False
        if getattr(home, "drawn_day", None) != app.today() or home._drawn is None:
            return False
        if home._drawn[:3] != home._stamp(app.portal)[:3]:  # written since it drew (the minute aside)
            return False
        body = home.query_one("#home-body")
        if body.scroll_x or body.scroll_y or app.screen.selections or not app.app_focus:
            return False
        first = next((widget for widget in app.screen.query("*") if widget.focusable), None)
        if app.focused is not first:  # where Textual puts the focus after composing
            return False
        over = app.mouse_over  # a hover changes colours (keys, scroll bars) and shows tooltips
        if over is not None and not isinstance(over, Static):
            return False
        return not any(line._scroll or line._hover for line in app.screen.query(KeyLine))

    def _keep_first_paint(self, *, at_start: bool = True) -> None:
        """Keep what the first paint shows, for the next start, when it is the home screen alone."""
        app: Any = self
        if self._keep_as is None or app.portal is None or not app.kids:
            return
        if getattr(app.portal.account, "id", None) != self._keep_as[0]:  # another account (ctrl+a)
            return
        if app.current != "home" or app.child_index or app.syncing:
            return
        if len(app.screen_stack) != 1 or len(app._notifications) or not app.is_running:
            return
        try:
            cache = app.portal.cache
            strips = app.screen._compositor.render_strips()
            if at_start and self._kept_strips is not None and cells(strips) != cells(self._kept_strips):
                log.warning("the kept first paint was not the real one: replaced")
            until = getattr(app.view("home"), "valid_until", None)
            value = f"{self._kept_key(cache.lasting_stamp())}\n{encode(strips, until)}"
            if cache.get_meta(store.KEY) != value:
                cache.set_meta(store.KEY, value)
        except Exception:  # noqa: BLE001 - keeping it is an extra: the app goes on without
            log.debug("first paint not kept", exc_info=True)
