"""Nouveautés (``N``): everything the syncs found that the parent has not looked at yet, every section
and every child, newest first; ``Entrée`` opens the line's section for its child.

Looking is seeing: what the list shows is marked seen in the cache as soon as it is drawn on screen
(so Accueil's "Nouveau depuis votre dernière visite" follows, and a restart shows none of it again).
The lines stay for the rest of the visit, and go when the parent leaves the view; what a sync brings
while the view is open is added on top and seen too. The service does the reading and the marking
(``service/novelties.py``); this is presentation only.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, DataTable, Static

from espace_parents_tui.service.novelties import Novelty, mark_novelties_seen, unseen_novelties
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _

# The view that shows each section's items (Entrée on a line opens it).
VIEW_OF_SECTION = {
    "grades": "grades",
    "evaluations": "grades",
    "report": "grades",
    "timetable": "timetable",
    "homework": "homework",
    "contents": "homework",
    "school_life": "school_life",
    "messages": "messages",
    "news": "messages",
    "documents": "documents",
    "menus": "menus",
    "team": "team",
    "calendar": "calendar",
}

KIND_LABELS = {"new": N_("Nouveau"), "changed": N_("Modifié")}
SECTION_WIDTH, CHILD_WIDTH, WHEN_WIDTH = 16, 10, 11


class NoveltiesView(SectionView):
    key = "novelties"
    letter = "N"
    title_text = N_("Nouveautés")
    sections = ()
    # Opening this view marks seen only what it lists (not a whole section): it does that itself.
    seen_sections: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.novelties: list[Novelty] = []  # the lines of the table, in order

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="novelties-title")
        yield ListTable(id="novelties-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="novelties-empty")

    def on_mount(self) -> None:
        switcher = self.parent
        if isinstance(switcher, ContentSwitcher):

            def switched(old: str | None, new: str | None) -> None:
                if old == self.id and new != self.id:
                    self.novelties = []  # the parent left: what was listed has been seen
                    self.forget_drawing()

            self.watch(switcher, "current", switched, init=False)
        super().on_mount()

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def _on_screen(self) -> bool:
        return self.is_mounted and getattr(self.app, "current", None) == self.key

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self._on_screen():
            listed = {(n.child, n.section, n.key) for n in self.novelties}
            fresh = [n for n in unseen_novelties(self.portal) if (n.child, n.section, n.key) not in listed]
            mark_novelties_seen(self.portal, fresh)
            self.novelties = fresh + self.novelties
        self.query_one("#novelties-title", Static).update(
            text(_("Nouveautés depuis votre dernière visite   (Entrée : ouvrir la rubrique)"))
        )
        table = self.query_one(DataTable)
        empty = self.query_one("#novelties-empty", Static)
        row = table.cursor_row
        table.clear(columns=True)
        for column in (_("Trouvé le"), _("Rubrique"), _("Enfant"), _("Nouveauté")):
            table.add_column(SafeText(column))
        sections = [line(n.section_title, SECTION_WIDTH) for n in self.novelties]
        children = [
            line(_first_name(n.child), CHILD_WIDTH) if n.child else SafeText("—", style="dim")
            for n in self.novelties
        ]
        # The summary takes what the other columns leave (each column has one cell of padding
        # either side, and the scroll bar one): the table fits the width, 80 columns included.
        used = WHEN_WIDTH + max((c.cell_len for c in sections), default=0)
        used += max([c.cell_len for c in children] + [len(_("Enfant"))])
        room = max(24, (self.size.width or 78) - used - 2 * 4 - 2)
        for novelty, section, child in zip(self.novelties, sections, children, strict=True):
            what = SafeText(
                (_(KIND_LABELS[novelty.kind]) if novelty.kind in KIND_LABELS else novelty.kind) + " ",
                style="bold",
            )
            what.append_text(line(novelty.summary, room - what.cell_len))
            table.add_row(SafeText(f"{novelty.found_at:%d/%m %H:%M}"), section, child, what)
        if self.novelties:
            empty.display = False
            table.display = True
            table.move_cursor(row=min(max(row, 0), len(self.novelties) - 1))
        else:
            table.display = False
            empty.update(SafeText(_("Rien de nouveau depuis votre dernière visite.")))
            empty.display = True

    def selected(self) -> Novelty | None:
        row = self.query_one(DataTable).cursor_row
        return self.novelties[row] if 0 <= row < len(self.novelties) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        novelty = self.selected()
        if novelty is None:
            return
        app = self.app
        if novelty.child is not None:
            names = [c.name for c in getattr(app, "kids", [])]
            if novelty.child in names and names.index(novelty.child) != getattr(app, "child_index", 0):
                app.select_child(names.index(novelty.child))  # type: ignore[attr-defined]
        target = VIEW_OF_SECTION.get(novelty.section, "home")
        app.action_section(target)  # type: ignore[attr-defined]


def _first_name(name: str) -> str:
    """ "MARTIN Léa" → "Léa": PRONOTE writes the family name first, in capitals."""
    parts = name.split()
    given = [p for p in parts if not p.isupper()]
    return " ".join(given) if given else name
