"""The top bar (child, data age, sync progress) and the section bar (one key per section)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar { height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def show(self, child: str, detail: str, status: str, *, offline: bool = False) -> None:
        left = Text("Espace Parents", style="bold")
        if child:
            left.append(" · ").append(child, style="bold")
        if detail:
            left.append(f" ({detail})")
        right = Text(status, style="bold red" if offline else "")
        width = max(self.size.width - 2, 40)
        gap = max(1, width - left.cell_len - right.cell_len)
        self.update(left + Text(" " * gap) + right)


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar { height: 1; background: $boost; padding: 0 1; }
    """

    def show(self, entries: list[tuple[str, str, str]], current: str) -> None:
        """``entries``: (key, letter, short title)."""
        line = Text()
        for key, letter, title in entries:
            item = Text(f"{letter} ", style="bold") + Text(title)
            if key == current:
                item.stylize("reverse")
            line.append_text(item).append("  ")
        self.update(line)
