"""The top bar (child, data age, sync progress), the section bar (one key per section) and the key
bar at the bottom (the keys that work here).

The key bar looks and behaves like Textual's ``Footer`` (same colours, same order, the command
palette's key on the right, a click presses the key, a key's tooltip on hover, the mouse wheel
scrolls keys wider than the screen), but it is three widgets whatever the number of keys, and a
focus change redraws it only when the keys shown changed. ``Footer`` builds one widget per key and
builds them all again on every focus change: on a big school that was about half the time of a
section switch (``benchmarks/bigschool.py``).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Static

from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar { height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def show(self, child: str, detail: str, status: str, *, offline: bool = False) -> None:
        left = SafeText(_("Espace Parents"), style="bold")
        if child:
            left.append(" · ").append(child, style="bold")
        if detail:
            left.append(f" ({detail})")
        right = SafeText(status, style="bold red" if offline else "")
        width = max(self.size.width - 2, 40)
        gap = max(1, width - left.cell_len - right.cell_len)
        _update_if_changed(self, left + SafeText(" " * gap) + right)


# Shorter names for narrow terminals (the section bar must fit 80 columns).
MEDIUM_TITLES = {
    "timetable": _("EDT"),
    "homework": _("Cahier"),
    "school_life": _("VieSco"),
    "messages": _("Msg"),
    "documents": _("Docs"),
    "team": _("Équipe"),
    "calendar": _("Cal."),
    "orientation": _("Orient."),
    "internships": _("Stages"),
    "textbooks": _("Manuels"),
    "record": _("Parcours"),
}


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar { height: 1; background: $boost; padding: 0 1; }
    """

    def show(self, entries: list[tuple[str, str, str]], current: str) -> None:
        """``entries``: (key, letter, title). Titles shrink until the bar fits the width."""
        width = self.size.width or 78  # the content width (the padding is already taken off)

        def line_for(level: int) -> Text:
            line = SafeText()
            for index, (key, letter, title) in enumerate(entries):
                if level >= 1:
                    title = MEDIUM_TITLES.get(key, title)
                if level >= 2 and key != current:
                    title = title[: (4, 3, 2, 0)[level - 2]]
                item = SafeText(f"{letter} " if title else letter, style="bold") + SafeText(title)
                if key == current:
                    item.stylize("reverse")
                if index:
                    line.append(" " if level >= 1 else "  ")
                line.append_text(item)
            return line

        for level in range(6):  # the last: letters only, but the current section's title
            line = line_for(level)
            if line.cell_len <= width:
                break
        _update_if_changed(self, line)


def _update_if_changed(bar: Static, line: Text) -> None:
    """Redraw a bar only when its text or styles changed (the bars are shown again at each switch)."""
    shown = (line.plain, str(line.style), tuple(line.spans))
    if getattr(bar, "_shown_line", None) != shown:
        bar._shown_line = shown  # type: ignore[attr-defined]
        bar.update(line)


class _Key(NamedTuple):
    key: str  # the key pressed when the item is clicked
    display: str  # how the key is shown (``^e``, ``,``)
    description: str
    enabled: bool
    tooltip: str


class KeyLine(Widget, can_focus=False):
    """Keys drawn side by side on one line; a click presses the key under the mouse."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--item", "key-bar--key", "key-bar--description", "key-bar--hover"}
    # The values of Textual's FooterKey.
    DEFAULT_CSS = """
    KeyLine { height: 1; text-wrap: nowrap; }
    KeyLine > .key-bar--item { background: $footer-item-background; }
    KeyLine > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyLine > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyLine > .key-bar--hover { color: $footer-key-foreground; background: $block-hover-background; }
    """

    def __init__(self, *, compact: bool, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.compact = compact  # FooterKey's compact look: no space around the key
        self.keys: tuple[_Key, ...] = ()
        self._spans: list[tuple[int, int, _Key]] = []  # (start, end, key) of the last drawing
        self._hover: _Key | None = None
        self._scroll = 0  # cells scrolled off on the left by the mouse wheel

    def show(self, keys: tuple[_Key, ...]) -> None:
        if keys != self.keys:
            self.keys, self._scroll, self._hover = keys, 0, None
            self.refresh(layout=self.styles.width is not None and self.styles.width.is_auto)

    def _item(self, key: _Key) -> Text:
        """One key as ``FooterKey`` draws it: `` key description `` (compact: ``key description``)."""
        item_style = self.get_component_rich_style("key-bar--item", partial=True)
        if self._hover == key:
            item_style += self.get_component_rich_style("key-bar--hover", partial=True)
        if not key.enabled:
            item_style += Style(dim=True)
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        if not key.description:
            text = Text.assemble((key.display, key_style))
        elif self.compact:
            text = Text.assemble((key.display, key_style), (f" {key.description}", description_style))
        else:
            text = Text.assemble((f" {key.display} ", key_style), (f"{key.description} ", description_style))
        text.stylize_before(item_style)
        return text

    def _line(self) -> tuple[Text, list[tuple[int, int, _Key]]]:
        line = Text(no_wrap=True, end="")
        spans = []
        for key in self.keys:
            item = self._item(key)
            spans.append((line.cell_len, line.cell_len + item.cell_len, key))
            line.append_text(item)
        return line, spans

    def get_content_width(self, container, viewport) -> int:
        return self._line()[0].cell_len

    def render(self) -> Text:
        room = self.size.width
        line, spans = self._line()
        self._scroll = max(0, min(self._scroll, line.cell_len - room))
        if self._scroll:
            line = line[self._scroll :]
        self._spans = [
            (start - self._scroll, min(end - self._scroll, room), key)
            for start, end, key in spans
            if end > self._scroll and start - self._scroll < room
        ]
        return line

    def _key_at(self, x: int) -> _Key | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or None) if key else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll += 4
        self.refresh()
        event.stop()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll:
            self._scroll = max(0, self._scroll - 4)
            self.refresh()
        event.stop()


class KeyBar(Widget, can_focus=False):
    """The active bindings of the screen, like ``Footer``: the keys on the left, the command
    palette's key on the right; three widgets in all, whatever the number of keys."""

    # The values of Textual's Footer and of its command palette key.
    DEFAULT_CSS = """
    KeyBar {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
    }
    KeyBar > KeyLine.-keys { width: 1fr; }
    KeyBar > KeyLine.-palette {
        dock: right;
        width: auto;
        padding-right: 1;
        border-left: vkey $foreground 20%;
        background: $footer-item-background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys = KeyLine(compact=False, classes="-keys")
        self._palette = KeyLine(compact=True, classes="-palette")

    def compose(self):
        yield self._keys
        yield self._palette

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._read(screen)
        self._keys.show(keys)
        self._palette.show(palette)
        self._palette.display = bool(palette)

    def _read(self, screen) -> tuple[tuple[_Key, ...], tuple[_Key, ...]]:
        """The keys to show, as ``Footer`` picks them: one per action, in the bindings' order."""
        active = screen.active_bindings
        app = self.app
        seen: set[str] = set()
        keys: list[_Key] = []
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(_Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip))
        palette: tuple[_Key, ...] = ()
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            tooltip = binding.tooltip or binding.description
            palette = (_Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip),)
        return tuple(keys), palette
