"""``DocumentsATelecharger`` (tab 148, parent-features.md §3.1): documents to provide, documents to
download, the locker. Other lists of the answer (report cards, support plans…) are read elsewhere.

Seen in PRONOTE's client (§3.1): ``listeNaturesDocumentsAFournir[]`` with ``N``, ``L``,
``dateLimiteDepot``, ``avecDepotAutorise``, ``docEditable``, ``listePJ``,
``estDeposeParEtablissement``, ``dateDepotDoc``, ``genreDestinataireCollecte``; the locker's
``estNonLu``. Inferred (reference §17, no recording): how the school's verdict on a deposit is
sent (``estValide``, ``estRefuse``, ``motifRefus``) and the ``date`` / ``categorie`` / ``auteur``
of downloadable and locker documents. Missing inferred fields read as "not said".
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.documents import (
    DepositState,
    DocumentsPage,
    LockerDocument,
    RequestedDocument,
    SchoolDocument,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.attachments import parse_attachments
from espace_parents_tui.pronote.parse.presence import element_label

FUNCTION = "DocumentsATelecharger"


def _requested(node: Node) -> RequestedDocument:
    files = parse_attachments(node, "listePJ")
    file = next((f for f in files if not f.is_link), None)
    if node.flag("estRefuse"):
        state = DepositState.REFUSED
    elif file is not None and node.flag("estValide"):
        state = DepositState.VALIDATED
    elif file is not None:
        state = DepositState.PROVIDED
    else:
        state = DepositState.MISSING
    return RequestedDocument(
        id=node.ident("N"),
        name=node.text("L"),
        deadline=node.date("dateLimiteDepot", None),
        editable=node.flag("docEditable"),
        late_allowed=node.flag("avecDepotAutorise"),
        file=file,
        deposited_on=node.date("dateDepotDoc", None),
        by_school=node.flag("estDeposeParEtablissement"),
        state=state,
        refusal=node.text("motifRefus", ""),
        kind=node.integer("G", None),
        recipient_kind=node.integer("genreDestinataireCollecte", None),
    )


def _school(node: Node, for_child: bool) -> SchoolDocument:
    return SchoolDocument(
        id=node.ident("N"),
        name=node.text("L"),
        category=element_label(node, "categorie"),
        day=node.date("date", None),
        for_child=for_child,
        kind=node.integer("G", None),
    )


def _locker(node: Node) -> LockerDocument:
    # A locker entry's G is its resource kind (66 DocumentCasier…), not a link/file flag: a file,
    # unless it carries an address.
    url = node.text("url", "")
    name = node.text("L", "")
    if url:
        file = Attachment(name=name or url, kind="link", id=node.ident("N", None), url=url)
    else:
        file = Attachment(name=name, kind="file", id=node.ident("N"))
    return LockerDocument(
        file=file,
        category=element_label(node, "categorie"),
        day=node.date("date", None),
        unread=node.flag("estNonLu"),
        author=element_label(node, "auteur"),
    )


def parse_documents(data: Any) -> DocumentsPage:
    """The decoded ``data`` of a ``DocumentsATelecharger`` answer → :class:`DocumentsPage`.

    Every list is optional (a school without a locker sends none)."""
    root = Node.root(data, FUNCTION)
    return DocumentsPage(
        requested=tuple(_requested(n) for n in root.objs("listeNaturesDocumentsAFournir", required=False)),
        school=tuple(
            [_school(n, False) for n in root.objs("listeDocuments", required=False)]
            + [_school(n, True) for n in root.objs("listeDocumentsMembre", required=False)]
        ),
        locker=tuple(_locker(n) for n in root.objs("listeDocumentsCasier", required=False)),
    )
