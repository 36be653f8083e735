"""Documents: every file the cache knows for the child, in one list; Enter downloads it.

Homework and lesson attachments, news and agenda attachments, and the PDF of each published report
card, each with where it came from. The list reads only the cache (and asks for the datasets it
needs when they were never fetched); downloads go through :mod:`espace_parents_tui.service.actions.files`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from espace_parents_tui.models.documents import DepositState, RequestedDocument
from espace_parents_tui.service.actions import files as actions_files
from espace_parents_tui.service.actions.files import FileEntry
from espace_parents_tui.tui.screens.attachments import open_link, run_download
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.screens.deposit import state_text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.tui.widgets.table import ListTable
from espace_parents_tui.util.i18n import N_, _, ngettext

# What the list needs: (section, scope or None for the section's default scope).
NEEDED = (
    ("homework", None),
    ("contents", None),
    ("news", "all"),
    ("calendar", "all"),
    ("report", None),
    ("documents", "all"),
)


class DocumentsView(SectionView):
    key = "documents"
    letter = "d"
    title_text = N_("Documents")
    sections = ("homework", "contents", "news", "calendar", "report", "documents")

    BINDINGS = [
        Binding(
            "o",
            "switch",
            _("Fichiers / À fournir"),
            id="documents.switch",
            tooltip=_("Passer des fichiers aux documents que l'établissement demande"),
        ),
        Binding(
            "t",
            "download_deposit",
            _("Télécharger"),
            id="documents.download_deposit",
            tooltip=_("À fournir : télécharger le fichier déposé"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[FileEntry] = []
        self.requested: list[RequestedDocument] = []
        self.mode = "files"  # or "requested": the documents to provide
        self._asked: set[tuple[str, str, str]] = set()

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="documents-title")
        yield ListTable(id="documents-table", cursor_type="row", zebra_stripes=True)
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
            self._asked.add(mark)  # found or asked for: not read again at each showing
            if self.read(section, scope) is None:
                self.want(section, scope)

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        if self.mode == "requested":
            self._show_requested()
            self._want_missing()
            return
        self.entries = actions_files.list_files(self.portal, self.child)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        files = sum(1 for e in self.entries if not e.is_link)
        links = len(self.entries) - files
        title = SafeText(
            _("Documents — {files}, {links}").format(
                files=ngettext("{files} fichier", "{files} fichiers", files).format(files=files),
                links=ngettext("{links} lien", "{links} liens", links).format(links=links),
            )
        )
        title.append(_("  Entrée : télécharger · o : à fournir"), style="dim")
        self.query_one("#documents-title", Static).update(title)
        free = max(36, (self.app.size.width or 80) - 2 - 8 - 16 - 8 - 2)
        table.add_column(SafeText(_("Date")), width=8)
        table.add_column(SafeText(_("Origine")), width=16)
        table.add_column(SafeText(_("Matière / titre")), width=free * 2 // 5)
        table.add_column(SafeText(_("Fichier")), width=free - free * 2 // 5)
        for index, entry in enumerate(self.entries):
            name = SafeText(entry.name)
            if entry.is_link:
                name = SafeText(_("lien : "), style="cyan").append(entry.name)
            table.add_row(
                text(f"{entry.day:%d/%m/%y}" if entry.day else ""),
                SafeText(_(entry.origin), style="bold" if entry.section == "report" else ""),
                text(entry.title),
                name,
                key=str(index),
            )
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)
        empty = self.query_one("#documents-empty", Static)
        empty.display = not self.entries
        if not self.entries:
            empty.update(text(_("Aucun document en cache pour l'instant (synchronisation en cours ?).")))
        self._want_missing()

    def _show_requested(self) -> None:
        """ "À fournir": each document the school asks for, its deadline, state and file."""
        cached = self.read("documents", "all")
        self.requested = list(cached.value.requested) if cached else []
        today = self.app.today()  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        missing = sum(1 for d in self.requested if d.state in (DepositState.MISSING, DepositState.REFUSED))
        title = SafeText(
            _("À fournir — {missing} sur {len}").format(missing=missing, len=len(self.requested))
        )
        title.append(_("  Entrée : déposer · t : télécharger · o : fichiers"), style="dim")
        self.query_one("#documents-title", Static).update(title)
        free = max(30, (self.app.size.width or 80) - 2 - 10 - 13 - 8)
        table.add_column(SafeText(_("Document")), width=free * 2 // 3)
        table.add_column(SafeText(_("Avant le")), width=10)
        table.add_column(SafeText(_("État")), width=13)
        table.add_column(SafeText(_("Fichier")), width=free - free * 2 // 3)
        for index, wanted in enumerate(self.requested):
            table.add_row(
                text(wanted.name),
                text(f"{wanted.deadline:%d/%m/%Y}" if wanted.deadline else ""),
                state_text(wanted, today),
                text(wanted.file.name if wanted.file else "—"),
                key=str(index),
            )
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)
        empty = self.query_one("#documents-empty", Static)
        empty.display = not self.requested
        if not self.requested:
            message = (
                _("L'établissement ne demande aucun document.") if cached else _("Chargement des documents…")
            )
            empty.update(text(message))

    def action_switch(self) -> None:
        self.mode = "requested" if self.mode == "files" else "files"
        self.query_one(DataTable).move_cursor(row=0, animate=False)
        self.refresh_view()

    def selected_requested(self) -> RequestedDocument | None:
        row = self.query_one(DataTable).cursor_row
        return self.requested[row] if self.mode == "requested" and 0 <= row < len(self.requested) else None

    def deposit(self, wanted: RequestedDocument) -> None:
        from espace_parents_tui.service.actions import documents as actions_documents
        from espace_parents_tui.tui.screens.deposit import DepositScreen

        if self.portal is None or self.child is None:
            return
        today = self.app.today()  # type: ignore[attr-defined]
        why = actions_documents.why_no_deposit(wanted, today)
        if why:
            self.notify(why, title=wanted.name, severity="warning", markup=False)
            return

        def closed(sent: bool | None) -> None:
            if sent:
                self.refresh_view()

        self.app.push_screen(DepositScreen(self.portal, self.child, wanted, today), closed)

    def action_download_deposit(self) -> None:
        from espace_parents_tui.service.actions import documents as actions_documents

        wanted = self.selected_requested()
        if wanted is None:
            self.notify(_("Passez à « À fournir » (o) et choisissez un document déposé."), markup=False)
            return
        if wanted.file is None:
            self.notify(_("Aucun fichier déposé pour « {name} ».").format(name=wanted.name), markup=False)
            return
        portal, child, name = self.portal, self.child, wanted.name
        if portal is None or child is None:
            return

        async def job():
            return (await actions_documents.download_deposit(portal, child, name))[0]

        run_download(self.app, wanted.file.name, job)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = int(event.row_key.value) if event.row_key.value is not None else -1
        if self.mode == "requested":
            if 0 <= index < len(self.requested):
                self.deposit(self.requested[index])
            return
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
