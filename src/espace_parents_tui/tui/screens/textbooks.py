"""Manuels: the child's digital textbooks (title, subject, publisher, link). Entrée offers to open
the link in the browser or to copy it; the app never fetches it (only http, https and mailto are
offered, the link checks of every other link)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.homework import DigitalResource
from espace_parents_tui.tui.screens.attachments import open_link
from espace_parents_tui.tui.screens.base import SectionView, line, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _


class TextbooksView(SectionView):
    key = "textbooks"
    letter = "l"
    title_text = N_("Manuels numériques")
    sections = ("textbooks",)

    DEFAULT_CSS = """
    TextbooksView > #textbooks-table { height: auto; max-height: 14; }
    TextbooksView > #textbooks-detail { padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.books: list[DigitalResource] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="textbooks-title")
        yield ListTable(id="textbooks-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="textbooks-empty")
        yield Static(id="textbooks-detail")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        self.query_one("#textbooks-title", Static).update(
            text(_("Manuels numériques — {name}   (Entrée : ouvrir le lien)").format(name=name))
        )
        table = self.query_one(DataTable)
        empty = self.query_one("#textbooks-empty", Static)
        row = table.cursor_row
        table.clear(columns=True)
        self.books = []
        cached = self.read("textbooks", "all")
        if cached is None:
            empty.update(text(_("Chargement des manuels numériques…")))
            empty.display = True
            if getattr(self.app, "current", None) == self.key:
                self.want("textbooks", "all")
            return
        for column in (_("Manuel"), _("Matière"), _("Éditeur")):
            table.add_column(SafeText(column))
        for book in cached.value.books:
            table.add_row(line(book.title, 34, "bold"), line(book.subject or "", 20), line(book.publisher, 18))
            self.books.append(book)
        if self.books:
            empty.display = False
            table.move_cursor(row=min(max(row, 0), len(self.books) - 1))
            self._detail(table.cursor_row)
        else:
            empty.update(text(cached.value.message or _("Aucun manuel numérique pour cet enfant.")))
            empty.display = True

    def _detail(self, row: int) -> None:
        detail = self.query_one("#textbooks-detail", Static)
        if not 0 <= row < len(self.books):
            detail.update("")
            return
        book = self.books[row]
        body = SafeText()
        if book.description:
            body.append_text(line(book.description)).append("\n")
        body.append(_("Lien : "), style="bold").append_text(line(book.url or _("aucun lien fourni")))
        detail.update(body)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.books):
            return
        book = self.books[event.cursor_row]
        if not book.url:
            self.app.notify(_("Ce manuel n'a pas de lien."), severity="warning", markup=False)
            return
        open_link(self.app, Attachment(name=book.title, kind="link", url=book.url))
