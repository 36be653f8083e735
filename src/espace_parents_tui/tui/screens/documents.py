"""Documents: every file the cache knows for the child, in one list; Enter downloads it.

Homework and lesson attachments, news and agenda attachments, and the PDF of each published report
card, each with where it came from. The list reads only the cache (and asks for the datasets it
needs when they were never fetched); downloads go through :mod:`espace_parents_tui.service.actions.files`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from espace_parents_tui.service.actions import files as actions_files
from espace_parents_tui.service.actions.files import FileEntry
from espace_parents_tui.tui.screens.attachments import open_link, run_download
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText

# What the list needs: (section, scope or None for the section's default scope).
NEEDED = (("homework", None), ("contents", None), ("news", "all"), ("calendar", "all"), ("report", None))


class DocumentsView(SectionView):
    key = "documents"
    letter = "d"
    title_key = "section.documents"
    sections = ("homework", "contents", "news", "calendar", "report")

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[FileEntry] = []
        self._asked: set[tuple[str, str, str]] = set()

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="documents-title")
        yield DataTable(id="documents-table", cursor_type="row", zebra_stripes=True)
        yield Static(classes="view-empty", id="documents-empty")

    def on_section_shown(self) -> None:
        self.query_one(DataTable).focus()
        self._want_missing()

    def _want_missing(self) -> None:
        """Ask once per child for each dataset the list needs and the cache never had."""
        if self.portal is None or self.child is None or not self.is_mounted:
            return
        if getattr(self.app, "current", None) != self.key or getattr(self.app, "syncing", False):
            return  # only the visible view fetches, and a running sync brings these anyway
        for section, scope in NEEDED:
            scope = scope or self.portal.default_scope(section, self.child)
            mark = (self.child.name, section, scope or "")
            if not scope or mark in self._asked or not actions_files.section_open(self.portal, section):
                continue
            if self.read(section, scope) is None:
                self._asked.add(mark)
                self.want(section, scope)

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        self.entries = actions_files.list_files(self.portal, self.child)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        files = sum(1 for e in self.entries if not e.is_link)
        title = SafeText(f"Documents — {files} fichier(s), {len(self.entries) - files} lien(s)")
        title.append("  Entrée : télécharger", style="dim")
        self.query_one("#documents-title", Static).update(title)
        free = max(36, (self.app.size.width or 80) - 2 - 8 - 16 - 8 - 2)
        table.add_column(SafeText("Date"), width=8)
        table.add_column(SafeText("Origine"), width=16)
        table.add_column(SafeText("Matière / titre"), width=free * 2 // 5)
        table.add_column(SafeText("Fichier"), width=free - free * 2 // 5)
        for index, entry in enumerate(self.entries):
            name = SafeText(entry.name)
            if entry.is_link:
                name = SafeText("lien : ", style="cyan").append(entry.name)
            table.add_row(
                text(f"{entry.day:%d/%m/%y}" if entry.day else ""),
                SafeText(entry.origin, style="bold" if entry.section == "report" else ""),
                text(entry.title),
                name,
                key=str(index),
            )
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)
        empty = self.query_one("#documents-empty", Static)
        empty.display = not self.entries
        if not self.entries:
            empty.update(text("Aucun document en cache pour l'instant (synchronisation en cours ?)."))
        self._want_missing()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(event.row_key.value) if event.row_key.value is not None else -1
        if 0 <= index < len(self.entries):
            self.download(self.entries[index])

    def download(self, entry: FileEntry) -> None:
        if entry.is_link and entry.attachment is not None:
            open_link(self.app, entry.attachment)
            return
        portal, child = self.portal, self.child
        if portal is None:
            return
        run_download(self.app, entry.name, lambda: actions_files.download_entry(portal, child, entry))
