"""The top bar (child, data age, sync progress) and the section bar (one key per section)."""

from __future__ import annotations

from rich.text import Text
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
        self.update(left + SafeText(" " * gap) + right)


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
        self.update(line)
