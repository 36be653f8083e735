"""What is new since the last visit: the "Nouveau" markers and when they stop.

Each sync records in the cache what it found new or changed (``portal.cache.changes``), keyed like
the section's items (``Section.items_of``: stable content, never PRONOTE ids). A change stays
*unseen* until the parent opens the section that shows it; Accueil marks the unseen ones.

The rules, in one place:
- a view that shows markers calls :meth:`SeenTracking.new_keys` in ``refresh_view``; while the view
  is on screen this marks the section seen in the cache *and* keeps the markers for the rest of the
  visit (they go when the parent leaves the view);
- for a view that does not track anything itself, :func:`watch_sections_opened` (installed once,
  by Accueil) marks what it shows seen right after it is opened, once it has drawn its data: its
  ``seen_sections`` class attribute when it has one, else :data:`SEEN_WHEN_OPENED` for the views
  known here, else the first of its ``sections`` (a view reading other sections for their files,
  like Documents, must not clear their news).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import ContentSwitcher

from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store import Change
    from espace_parents_tui.tui.screens.base import SectionView

NEW_LABEL = _("Nouveau")

# What opening a view (by key) counts as having seen, for views without ``seen_sections``.
SEEN_WHEN_OPENED: dict[str, tuple[str, ...]] = {
    "timetable": ("timetable",),
    "messages": ("messages", "news"),
    "homework": ("homework",),
    "documents": (),
    "menus": (),
    "calendar": (),
}


def new_mark() -> Text:
    return SafeText(f" {NEW_LABEL} ", style="bold black on yellow")


def owner(section: str, child: Child | None) -> str | None:
    """The cache's "child" of a section: the child's name, or the account for account-level ones."""
    if not SECTIONS[section].per_child:
        return ACCOUNT
    return child.name if child is not None else None


def unseen(portal: Portal, child: Child | None, sections: Iterable[str]) -> list[Change]:
    """The changes not seen yet in these sections, oldest first."""
    wanted = set(sections)
    found: list[Change] = []
    for who in {owner(section, child) for section in wanted}:
        if who is None:
            continue
        found.extend(
            c
            for c in portal.cache.changes(unseen_only=True, child=who)
            if c.section in wanted and (c.child == who)
        )
    return found


def mark_sections_seen(portal: Portal, child: Child | None, sections: Iterable[str]) -> None:
    for section in sections:
        who = owner(section, child)
        if who is not None and section in SECTIONS:
            portal.cache.mark_seen(child=who, section=section)


def keyed(section: str, value: Any, scope: str, objects: Sequence[Any]) -> list[tuple[str, Any]]:
    """The change key of each of ``objects``: the section yields one item per object, in the order of
    the dataset (``objects`` lists them in that order; a mismatch gives no keys rather than wrong ones).
    """
    items = SECTIONS[section].items_of(value, scope) or []
    if len(items) != len(objects):
        return []
    return [(item.key, obj) for item, obj in zip(items, objects, strict=True)]


def new_objects(section: str, value: Any, scope: str, objects: Sequence[Any], keys: set[str]) -> set[int]:
    """``id()`` of the objects whose change key is in ``keys``."""
    return {id(obj) for key, obj in keyed(section, value, scope, objects) if key in keys}


class SeenTracking:
    """Mixed into a :class:`SectionView` that marks its own items "Nouveau".

    A scope fetched for the first time on demand (a period never opened) makes the cache report all
    its items as new; :meth:`want_missing` remembers it so that they are not marked.
    """

    _novelty_state: tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]], set[tuple]]

    def _state(self) -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]], set[tuple]]:
        if not hasattr(self, "_novelty_state"):
            # shown as new this visit, keys of first fetches (not new), datasets asked for
            self._novelty_state = ({}, {}, set())
        return self._novelty_state

    def is_on_screen(self) -> bool:
        view: SectionView = self  # type: ignore[assignment]
        return view.is_mounted and getattr(view.app, "current", None) == view.key

    def want_missing(self, section: str, scope: str) -> None:
        """Ask for a dataset the cache does not hold, only while the parent is looking at the view."""
        view: SectionView = self  # type: ignore[assignment]
        if not self.is_on_screen():
            return
        who = owner(section, view.child)
        self._state()[2].add((who, section, scope))
        view.want(section, scope)

    def new_keys(self, section: str, scope: str | None = None, value: Any = None) -> set[str]:
        """Keys of the items of ``section`` to mark: unseen ones, and those shown new this visit.

        Pass the ``scope`` and ``value`` on screen so that a first fetch is recognised."""
        view: SectionView = self  # type: ignore[assignment]
        if view.portal is None:
            return set()
        who = owner(section, view.child)
        if who is None:
            return set()
        shown, baseline, asked = self._state()
        ignored = baseline.setdefault((who, section), set())
        if scope is not None and (who, section, scope) in asked:
            asked.discard((who, section, scope))
            ignored |= {item.key for item in SECTIONS[section].items_of(value, scope) or []}
        fresh = {c.key for c in unseen(view.portal, view.child, [section])} - ignored
        if not self.is_on_screen():
            return fresh
        kept = shown.setdefault((who, section), set())
        kept |= fresh
        view.portal.cache.mark_seen(child=who, section=section)
        ignored.clear()
        return set(kept)

    def forget_shown(self) -> None:
        """The parent left the view: what was new has been seen (its markers go at the next showing)."""
        shown = self._state()[0]
        if any(shown.values()):  # markers are on screen: draw again without them when shown next
            self.forget_drawing()  # type: ignore[attr-defined]
        shown.clear()

    def track_leaving(self) -> None:
        """Call from ``on_mount``: forget the markers when the section switcher leaves this view."""
        view: SectionView = self  # type: ignore[assignment]
        switcher = view.parent
        if isinstance(switcher, ContentSwitcher):

            def switched(old: str | None, new: str | None) -> None:
                if old == view.id and new != view.id:
                    self.forget_shown()

            view.watch(switcher, "current", switched, init=False)


def seen_when_opened(view: Any) -> tuple[str, ...]:
    explicit = getattr(view, "seen_sections", None)
    if explicit is not None:
        return tuple(explicit)
    known = SEEN_WHEN_OPENED.get(getattr(view, "key", ""))
    if known is not None:
        return known
    return tuple(getattr(view, "sections", ())[:1])


def watch_sections_opened(host: SectionView) -> None:
    """Mark a section seen when the parent opens it (for views that do not track it themselves)."""
    switcher = host.parent
    if not isinstance(switcher, ContentSwitcher):
        return

    def switched(new: str | None) -> None:
        if not new:
            return
        view = switcher.get_child_by_id(new)
        if isinstance(view, SeenTracking) or view is host:
            return
        sections = tuple(s for s in seen_when_opened(view) if s in SECTIONS)

        def mark() -> None:
            portal = getattr(view, "portal", None)
            if portal is not None and getattr(host.app, "current", None) == getattr(view, "key", None):
                mark_sections_seen(portal, getattr(view, "child", None), sections)

        if sections:
            host.call_after_refresh(mark)

    host.watch(switcher, "current", switched, init=False)
