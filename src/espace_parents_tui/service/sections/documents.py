"""The Documents section's own dataset: what the school asks the parents to provide, the documents
it offers for download and the child's locker (``DocumentsATelecharger``, tab 148)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.documents import DocumentsPage
from espace_parents_tui.pronote.tabs import TAB_DOCUMENTS
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _

SECTION = "documents"


async def _fetch_documents(client: Any, child: Child | None, scope: str) -> DocumentsPage:
    return await client.documents(child)


def _document_items(page: DocumentsPage) -> Iterable[Item]:
    for wanted in page.requested:
        when = _(", avant le {deadline:%d/%m}").format(deadline=wanted.deadline) if wanted.deadline else ""
        yield Item(
            f"a-fournir|{wanted.name}",
            (wanted.state, wanted.deadline, wanted.refusal),
            _("Document à fournir : {name} ({label}{when})").format(
                name=wanted.name, label=_(wanted.state.label), when=when
            ),
            wanted.deadline,
        )
    for document in page.school:
        yield Item(f"document|{document.name}", document.day, f"Document : {document.name}", document.day)
    for item in page.locker:
        yield Item(f"casier|{item.file.name}", item.day, f"Casier : {item.file.name}", item.day)


DOCUMENTS = Section(
    name=SECTION,
    title_fr=N_("Documents"),
    value_type=DocumentsPage,
    fetch=_fetch_documents,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    items=_document_items,
    tab=TAB_DOCUMENTS,
    max_age=timedelta(hours=6),
)
