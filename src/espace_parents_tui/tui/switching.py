"""Switching sections: the app's views, built when first shown, and the bars that follow them.

A mixin of the app. A switch must stay cheap on a big school (``benchmarks/bigschool.py``: at most
50 ms, p95): the view shown again keeps its widgets and what it drew (``SectionView.bind_data``),
its table keeps its rendered lines (``widgets/table.py``), the key bar is not rebuilt
(``widgets/bars.py``), and here the views are found without searching the DOM, the bars are
redrawn only when their text changes, and the section bar's list of offered sections is worked
out once per cache version.

Textual draws a switch in one frame of its screen timer, but after a frame that ends past its
1/60 s period it waits three periods (~50 ms) for the next one: back-to-back switches stay at
~17 ms only while a switch's whole work (its handlers and its frame) fits in a period. So a switch
does not repaint what it does not change: the main screen is not repainted when the focus moves
(the widgets that gain or lose it repaint themselves, and their styles follow :focus), nor the
views' switcher when its view changes (its own blank lines are covered by the view; Textual's
layout redraws the region of the view that changed). Each of these repaints drew 35-40 blank lines
again at each switch.

Python's cycle collector is kept off what the app holds for long: after a view is built and drawn
and after a sync, the objects alive are frozen (``gc.freeze``) and its full passes no longer walk
them. On a big school a full pass over them took 0.3-0.5 s, in the middle of a switch now and then
(the switch's p95). Objects frozen are still freed when nothing refers to them; only a reference
cycle left over from before a freeze is kept until the app ends. Once the app has read its first
data (its first view bound), the collector also runs less often (:data:`SETTLED_THRESHOLDS`): with
Python's thresholds a switch (~10,000 allocations, most freed at once by reference counting) ran
one or two middle passes and, every ten switches or so, a full pass over what was not frozen yet
(8-11 ms, or 40-70 ms while the views are first built), enough to push the switch past its period.

A view's first showing imports its module, builds it and draws it (``benchmarks/bigschool.py``:
median ~50 ms, against ~17 ms to show it again). The modules are not imported before the first
paint (``tests/test_views.py``), but once the app has settled they are imported ahead, one per turn
of the event loop (a key pressed meanwhile waits for one import at the most), before the freeze:
a first showing then only builds and draws. Views are not built ahead: that would fill the
Messagerie's rows (0.3-0.4 s on a big school) while the parent may be typing.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from espace_parents_tui.tui.screens.base import SectionView
from espace_parents_tui.tui.views import ALL_VIEWS, BY_KEY, bar_entries, section_allowed
from espace_parents_tui.tui.widgets.bars import SectionBar, TopBar
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal

FREEZE_DELAY = 0.5  # seconds after a build or a sync: the view has drawn, the keys are quiet
# The collector's thresholds once the app has started (Python's are (700, 10, 10)): a young pass
# every 5,000 allocations still counted, a full pass every 50 middle ones (~100 switches).
SETTLED_THRESHOLDS = (5000, 20, 50)


class MainScreen(Screen):
    """The app's screen: a move of the focus does not repaint all of it (see the module's text)."""

    focused: Reactive[Any] = Reactive(None, repaint=False)


class ViewSwitcher(ContentSwitcher):
    """The views' switcher: showing another view does not repaint the switcher itself."""

    current: Reactive[str | None] = Reactive(None, init=False, repaint=False)


class SectionSwitching:
    portal: Portal | None
    current: str
    syncing: bool
    sync_progress: str
    child: Child | None
    _built: dict[str, SectionView]  # the views built, by key (set when the app composes)

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def _first_view(self) -> SectionView:
        """The view the app opens on (built by ``compose``)."""
        view = BY_KEY[self.current].load()()
        self._built = {self.current: view}
        return view

    def views(self) -> list[SectionView]:
        return list(self.query(SectionView))  # type: ignore[attr-defined]

    def view(self, key: str) -> SectionView:
        view = getattr(self, "_built", {}).get(key)
        if view is not None and view.is_attached:
            return view
        return self.query_one(f"#view-{key}", SectionView)  # type: ignore[attr-defined]

    def _built_view(self, key: str) -> tuple[SectionView, bool]:
        """The view of ``key``, built and mounted the first time it is asked for (True then)."""
        view = getattr(self, "_built", {}).get(key)
        if view is not None and view.is_attached:
            return view, False
        found = self.query(f"#view-{key}")  # type: ignore[attr-defined]
        if found:  # built before the app composed (tests)
            return found.first(SectionView), False
        view = BY_KEY[key].load()()
        view.portal, view.child = self.portal, self.child
        self.__dict__.setdefault("_built", {})[key] = view
        self.query_one(ContentSwitcher).mount(view)  # type: ignore[attr-defined]
        self._keep_out_of_collector()
        return view, True

    def action_section(self, key: str) -> None:
        if key not in BY_KEY or not section_allowed(self, key):
            return
        view, new = self._built_view(key)
        self.current = key
        self.query_one(ContentSwitcher).current = f"view-{key}"  # type: ignore[attr-defined]
        if new:
            view.show_when_mounted()  # it reads the cache and takes the focus once composed
        else:
            if self.portal is not None:
                view.bind_data(self.portal, self.child)
            view.on_section_shown()
        self._show_bars()

    def _bind_views(self) -> None:
        if self.portal is None:
            return
        for view in self.views():
            if view.key == self.current:
                view.bind_data(self.portal, self.child)
            else:
                # Hidden views read the cache when they are shown (action_section), not now.
                view.portal, view.child = self.portal, self.child
        self._show_bars()
        self._keep_out_of_collector()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_bars)  # type: ignore[attr-defined] # the bars fit the new width

    def _show_bars(self) -> None:
        if not getattr(self, "_bars_built", True):
            return  # the kept first paint is on screen, the bars not built yet (tui/kept.py)
        child = self.child
        status = self._status_text()
        offline = bool(self.portal and self.portal.freshness().offline_since)
        self.query_one(TopBar).show(  # type: ignore[attr-defined]
            child.name if child else "", child.class_name if child else "", status, offline=offline
        )
        self.query_one(SectionBar).show(bar_entries(self), self.current)  # type: ignore[attr-defined]

    def _status_text(self) -> str:
        if self.portal is None:
            return _("ouverture…")
        if self.syncing:
            return _("synchronisation… {progress}").format(progress=self.sync_progress).strip()
        replay = getattr(self.portal, "replay_of", None)
        if replay is not None:  # a support bundle replayed: the parent's view, as it was then
            return _("rejeu : données du {when}").format(when=f"{replay:%d/%m/%Y %H:%M}")
        return self.portal.freshness().describe(self.portal.cache.clock())

    def _keep_out_of_collector(self) -> None:
        """Freeze what is alive once the screen has settled (see the module's text)."""
        timer = getattr(self, "_freeze_timer", None)
        if timer is not None:
            timer.stop()
        gc.set_threshold(*SETTLED_THRESHOLDS)  # the app has started: its first data is read
        self._freeze_timer = self.set_timer(FREEZE_DELAY, self._import_views_ahead)  # type: ignore[attr-defined]

    def _import_views_ahead(self) -> None:
        """Import the next view module not imported yet, then come back at the next turn of the
        event loop; when all are, freeze (see the module's text)."""
        for entry in ALL_VIEWS:
            if not entry.imported:
                entry.load()
                self.call_later(self._import_views_ahead)  # type: ignore[attr-defined]
                return
        _freeze()

    def get_theme(self, theme_name: str) -> Any:
        # Textual copies its dict of themes at each look-up, and its CSS looks the current theme
        # up for every node it styles (":dark"): a few percent of a switch. Same answer, no copy.
        if "," not in theme_name:
            return self._registered_themes.get(theme_name)  # type: ignore[attr-defined]
        return super().get_theme(theme_name)  # type: ignore[misc]


def _freeze() -> None:
    gc.collect(1)  # the young garbage first: a cycle frozen would be kept
    gc.freeze()
