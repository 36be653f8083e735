"""What every section view shares: the portal, the child, the cached data and its age.

A view is presentation only. It reads what the portal has in the cache (at once), shows it, and
asks the app to fetch what is missing; it never talks to PRONOTE itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store import Cached


class SectionView(Vertical, can_focus=False):
    """One section of the Espace Parents (Notes, Emploi du temps…)."""

    # The section's key (also the binding id "section.<key>"), its letter and its titles.
    key: ClassVar[str] = ""
    letter: ClassVar[str] = ""
    # The title in French, marked with ``N_`` (translated when shown).
    title_text: ClassVar[str] = ""
    # The portal sections this view reads (refreshed when a sync brings them).
    sections: ClassVar[tuple[str, ...]] = ()

    DEFAULT_CSS = """
    SectionView { height: 1fr; }
    SectionView > .view-title { height: 1; color: $accent; text-style: bold; }
    SectionView > .view-empty { color: $text-muted; padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__(id=f"view-{self.key}")
        self.portal: Portal | None = None
        self.child: Child | None = None
        self._shown_once_mounted = False
        self._drawn: tuple | None = None  # what bind_data last drew (see there)
        self._mount_handled = False

    @property
    def title(self) -> str:
        return _(self.title_text)

    def bind_data(self, portal: Portal, child: Child | None) -> None:
        """Show this child's data from the cache (called on switch, child change and sync).

        A view shown again with nothing changed (the same portal and child, nothing written in the
        cache since it drew for the sections it shows (:meth:`drawn_from`), the same minute) keeps
        what it drew: switching sections stays instant on a big cache (``benchmarks/bigschool.py``),
        even after a write of another section (a week fetched for Menus)."""
        unchanged = portal is self.portal and child == self.child and self._drawn == self._stamp(portal)
        self.portal = portal
        self.child = child
        if self.is_mounted and not unchanged:
            self._draw()

    def drawn_from(self) -> tuple[str, ...] | None:
        """The sections whose datasets and changes ("Nouveau" markers) this view's drawing shows;
        ``None``: it shows more (every change, drafts…), so any write to the cache redraws it."""
        return self.sections or None

    def _stamp(self, portal: Portal | None) -> tuple | None:
        if portal is None:
            return None
        from espace_parents_tui.service.portal import ACCOUNT_SECTION  # loaded with the portal

        minute = portal.clock.now().replace(second=0, microsecond=0)
        sections = self.drawn_from()
        # The account's snapshot (settings, periods, tabs) decides scopes and what is offered.
        written = portal.cache.version() if sections is None else portal.cache.stamp((ACCOUNT_SECTION, *sections))
        return (id(portal), self.child, written, minute)

    def _draw(self) -> None:
        stamp = self._stamp(self.portal)  # before: what drawing writes (seen marks) redraws next time
        self.refresh_view()
        self._drawn = stamp

    def forget_drawing(self) -> None:
        """What the view shows depends on more than the cache (a visit ended): redraw when shown."""
        self._drawn = None

    def on_mount(self) -> None:
        if self._mount_handled:  # a subclass's on_mount calls it, and Textual calls it after
            return
        self._mount_handled = True
        if self._shown_once_mounted:
            # Built to be shown: read the cache once it is mounted (views check that they are on screen).
            self._shown_once_mounted = False
            self.call_after_refresh(self._shown_after_mount)
        elif self.portal is not None:
            self._draw()

    def _shown_after_mount(self) -> None:
        if self.portal is not None:
            self._draw()
        self.on_section_shown()

    def show_when_mounted(self) -> None:
        """The app built this view to show it: call :meth:`on_section_shown` once it is composed."""
        if self.is_mounted:
            self.on_section_shown()
        else:
            self._shown_once_mounted = True

    def refresh_view(self) -> None:  # pragma: no cover - every view overrides it
        pass

    def read(self, section: str, scope: str | None = None) -> Cached | None:
        if self.portal is None or self.child is None:
            return None
        return self.portal.read(section, self.child, scope)

    def want(self, section: str, scope: str | None = None) -> None:
        """Ask the app to fetch a dataset the cache does not have (e.g. a week never seen)."""
        self.app.fetch_dataset(section, scope)  # type: ignore[attr-defined]

    def on_section_shown(self) -> None:
        """Called when the view becomes the visible one; focus its main widget."""

    def on_worker_state_changed(self, event) -> None:
        """Worker events do not bubble: hand a view worker's failure to the app's one handler."""
        handler = getattr(self.app, "_worker_failed", None)
        if handler is not None:
            handler(event)


def text(value: Any, style: str = "") -> Text:
    """Server text as plain text: never parsed as markup, no escape sequence or control character."""
    return SafeText(clean(value), style=style)


def line(value: Any, width: int = 0, style: str = "") -> Text:
    """Server text on one line, cut to ``width`` cells with an ellipsis when given (see :func:`text`)."""
    result = SafeText(" ".join(clean(value).split()), style=style, no_wrap=True, overflow="ellipsis")
    if width > 0 and result.cell_len > width:
        result.truncate(width, overflow="ellipsis")
    return result


def sent_text(when: datetime | None) -> str:
    """When a message or an item was sent, as the Messagerie shows it: ``24/11/2026 08:30``."""
    return f"{when:%d/%m/%Y %H:%M}" if when else ""


def empty(message: str) -> Static:
    return Static(SafeText(message), classes="view-empty")
