"""Documents (tab 148): ``DocumentsATelecharger``, ``SaisieDocumentATelecharger`` and the PDF of a
downloadable document (``GenerationPDF`` 29/30), parent-features.md §3.

Shapes as the reference gives them (§3.1-3.3): a document to provide is ``{N, L, dateLimiteDepot,
avecDepotAutorise, docEditable, listePJ, estDeposeParEtablissement, dateDepotDoc}``; a deposit is
``{listeNaturesDocumentsAFournir: [{N, L, E: 2, listePJ: [new file E: 1 + idFichier, old file
E: 3]}]}`` with the file uploaded first (``u_idR = SaisieDocumentATelecharger``). Inferred (§17, no
recording): the school's verdict (``estValide``, ``estRefuse``, ``motifRefus``), the ``date`` and
``categorie`` of downloadable documents, the locker entries (``listeDocumentsCasier``: ``N``, ``L``,
``date``, ``categorie``, ``auteur``, ``estNonLu``), and the refusal words.

What the server refuses (``RapportSaisie`` ``_erreurSaisie_``): a document the parents may not
change, one the school validated, a deposit after the deadline when late deposits are not allowed,
a file the session did not receive for this write, a replaced file that is no longer the deposited
one.
"""

from __future__ import annotations

import base64
from typing import Any

from ..school import Document
from . import reports  # noqa: F401  (GenerationPDF of report cards, wrapped below)
from .contract import PAGES, PageFault, PageRequest, SaisieRefused, page
from .files import ATTACHMENT_TABLE, document_key
from .justify import _content_type
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    FAULT_STALE_OBJECT,
    day_value,
    liste,
    request_child,
    typed,
)

DOCUMENTS_TAB = 148
REPORT_CARD_TAB = 13
DEPOSIT = "SaisieDocumentATelecharger"
TABLE_NATURE = 108  # NatureDocumentEleve (EGenreRessource, §14)
TABLE_LOCKER = 66  # DocumentCasier
TABLE_CATEGORY = 109  # not seen anywhere: a guess
PDF_DOCUMENT, PDF_MEMBER_DOCUMENT = 29, 30


def requested_key(child: Any, key: str) -> str:
    return f"requested:{child.key}:{key}"


def _file(request: PageRequest, key: str) -> dict[str, Any]:
    document = request.school.document(key)
    name = document.name if document is not None else "fichier"
    return {"N": request.ids.mint(ATTACHMENT_TABLE, document_key(key)), "L": name, "G": 1}


def _category(request: PageRequest, name: str) -> dict[str, Any]:
    return typed(24, {"N": request.ids.mint(TABLE_CATEGORY, f"category:{name}"), "L": name})


def _requested(request: PageRequest, child: Any, wanted: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "N": request.ids.mint(TABLE_NATURE, requested_key(child, wanted.key)),
        "L": wanted.name,
        "avecDepotAutorise": wanted.late_allowed,
        "docEditable": wanted.editable and wanted.state != "valide",
        "listePJ": liste([_file(request, wanted.document)] if wanted.document else []),
        "estDeposeParEtablissement": wanted.by_school,
    }
    if wanted.deadline is not None:
        entry["dateLimiteDepot"] = day_value(wanted.deadline)
    if wanted.deposited is not None:
        entry["dateDepotDoc"] = day_value(wanted.deposited)
    if wanted.state == "valide":
        entry["estValide"] = True
    if wanted.state == "refuse":
        entry["estRefuse"] = True
        entry["motifRefus"] = wanted.refusal
    return entry


def _offered(request: PageRequest, offered: Any, member: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "N": request.ids.mint(ATTACHMENT_TABLE, f"offered:{offered.document}"),
        "L": offered.name,
        "G": PDF_MEMBER_DOCUMENT if member else PDF_DOCUMENT,
    }
    if offered.category:
        entry["categorie"] = _category(request, offered.category)
    if offered.date is not None:
        entry["date"] = day_value(offered.date)
    return entry


def _locker(request: PageRequest, item: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        # Served at FichiersExternes like any school file (the locker's link carries no G, §1.6).
        "N": request.ids.mint(ATTACHMENT_TABLE, document_key(item.document)),
        "L": item.name,
        "G": TABLE_LOCKER,
        "estNonLu": not item.read,
    }
    if item.category:
        entry["categorie"] = _category(request, item.category)
    if item.date is not None:
        entry["date"] = day_value(item.date)
    if item.author:
        entry["auteur"] = typed(24, {"N": request.ids.mint(3, f"person:{item.author}"), "L": item.author})
    return entry


@page("DocumentsATelecharger", DOCUMENTS_TAB)
def documents_a_telecharger(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    school = request.school
    categories = sorted(
        {d.category for d in (*school.offered_documents, *child.offered_documents) if d.category}
    )
    return {
        "listeNaturesDocumentsAFournir": liste(
            [_requested(request, child, d) for d in child.requested_documents]
        ),
        "listeDocuments": liste([_offered(request, d, False) for d in school.offered_documents]),
        "listeDocumentsMembre": liste([_offered(request, d, True) for d in child.offered_documents]),
        "listeDocumentsCasier": liste([_locker(request, d) for d in child.locker]),
        "listeCategories": liste([_category(request, c)["V"] for c in categories]),
        "listeBulletins": liste([]),
        "listeBilansPeriodiques": liste([]),
        "listeProjetsAcc": liste([]),
        "listeBulletinsBIA": liste([]),
        "listeDocumentsSignatureElecASigner": liste([]),
    }


def _target(request: PageRequest, child: Any, item: dict) -> Any:
    ident = item.get("N")
    key = request.ids.lookup(ident)
    prefix = f"requested:{child.key}:"
    if key is None:
        if isinstance(ident, str) and "#" in ident:
            raise PageFault(FAULT_STALE_OBJECT, "L'objet demandé n'existe plus (session précédente).")
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    wanted = next((d for d in child.requested_documents if key == prefix + d.key), None)
    if wanted is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return wanted


@page(DEPOSIT, DOCUMENTS_TAB)
def saisie_document_a_telecharger(request: PageRequest) -> dict[str, Any]:
    """Deposit, replace or take back the file of a document to provide."""
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    items = data.get("listeNaturesDocumentsAFournir")
    if (
        not isinstance(items, list)
        or len(items) != 1
        or not isinstance(items[0], dict)
        or items[0].get("E") != 2
    ):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    item = items[0]
    wanted = _target(request, child, item)
    if wanted.state == "valide":
        raise SaisieRefused("Ce document a déjà été validé par l'établissement.")
    if not wanted.editable:
        raise SaisieRefused("L'établissement n'accepte pas de dépôt des parents pour ce document.")
    if not wanted.late_allowed and wanted.deadline is not None and request.today > wanted.deadline:
        raise SaisieRefused(f"La date limite de dépôt ({wanted.deadline:%d/%m/%Y}) est dépassée.")
    files = item.get("listePJ") or []
    if isinstance(files, dict):
        files = files.get("V") or []
    new = [f for f in files if isinstance(f, dict) and f.get("E") == 1]
    removed = [f for f in files if isinstance(f, dict) and f.get("E") == 3]
    if len(new) > 1:
        raise SaisieRefused("Un seul fichier par document.")
    for old in removed:
        if wanted.document is None or request.ids.lookup(old.get("N")) != document_key(wanted.document):
            raise SaisieRefused("Le fichier à remplacer n'est plus celui déposé : actualisez la liste.")
    if not new and not removed:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if new:
        upload = request.uploads.get(new[0].get("idFichier"))
        if upload is None or upload.request != DEPOSIT:
            raise SaisieRefused("Le fichier n'a pas été reçu : envoyez-le à nouveau.")
        key = f"depot-{child.key}-{wanted.key}-{len(request.school.documents) + 1}"
        request.school.documents.append(
            Document(key, upload.name, _content_type(upload.name), base64.b64encode(upload.content).decode())
        )
        request.uploads.pop(upload.file_id, None)
        wanted.document, wanted.deposited, wanted.state, wanted.refusal = key, request.today, "fourni", ""
    else:
        wanted.document, wanted.deposited, wanted.state, wanted.refusal = None, None, "manquant", ""
    return {}


_report_pdf = PAGES["GenerationPDF"]


@page("GenerationPDF", frozenset({REPORT_CARD_TAB, DOCUMENTS_TAB}))
def generation_pdf(request: PageRequest) -> dict[str, Any]:
    """A downloadable document (``genreGenerationPDF`` 29 / 30); report cards as before."""
    data = request.data if isinstance(request.data, dict) else {}
    genre = data.get("genreGenerationPDF")
    if genre not in (PDF_DOCUMENT, PDF_MEMBER_DOCUMENT):
        return _report_pdf(request)
    child = request_child(request)
    element = data.get("document")
    key = request.ids.lookup(element.get("N") if isinstance(element, dict) else None)
    offered = [*request.school.offered_documents, *child.offered_documents]
    found = next((d for d in offered if key == f"offered:{d.document}"), None)
    document = request.school.document(found.document) if found is not None else None
    if document is None or request.file_url is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return {"url": typed(23, request.file_url(document_key(document.key), document.name))}
