"""Documents (tab 148): ``DocumentsATelecharger``, deposits (``SaisieDocumentATelecharger``) and the
PDF of a downloadable document (``GenerationPDF`` 29/30), parent-features.md §3.

A deposit sends one document to provide at a time, ``E: 2``, with its ``listePJ``: the new file
(uploaded first, ``u_idR = SaisieDocumentATelecharger``) and, when replacing, the previous file with
``E: 3`` (§3.2). Ids are the current session's: list the documents again after a new login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.documents import DocumentsPage, RequestedDocument, SchoolDocument
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.upload import UploadCalls
from espace_parents_tui.pronote.tabs import TAB_DOCUMENTS
from espace_parents_tui.pronote.upload import FILE_KIND, FileToSend
from espace_parents_tui.util.i18n import _

LIST = "DocumentsATelecharger"
DEPOSIT = "SaisieDocumentATelecharger"
# genreGenerationPDF (TypeHttpGenerationPDFSco, §1.6): a school document, a child's own document.
PDF_DOCUMENT, PDF_MEMBER_DOCUMENT = 29, 30


class DocumentsCalls(UploadCalls):
    if TYPE_CHECKING:  # provided by PronoteClient (ReportsCalls)

        async def fetch_generated(self, url: str, function: str) -> bytes: ...

    async def documents(self, child: Child | str) -> DocumentsPage:
        """Documents to provide, documents to download and the locker, for one child."""
        raw = await self.call(
            LIST, {"avecNotes": True, "avecCompetences": True}, tab=TAB_DOCUMENTS, child=child
        )
        return parse.parse_documents(raw)

    async def deposit_document(self, child: Child | str, wanted: RequestedDocument, file: FileToSend) -> None:
        """Deposit ``file`` for a document to provide (replacing the deposited one, if any)."""
        if not wanted.editable:
            raise errors.WriteRefused([_("L'établissement n'accepte pas de dépôt pour ce document.")])

        def data(files: list[dict[str, Any]]) -> dict:
            listed = list(files)
            if wanted.file is not None and wanted.file.id:
                listed.append({"N": wanted.file.id, "G": FILE_KIND, "L": wanted.file.name, "E": 3})
            return {"listeNaturesDocumentsAFournir": [_nature(wanted, listed)]}

        raw = await self.write_with_files(DEPOSIT, data, [file], tab=TAB_DOCUMENTS, child=child)
        _check(raw)

    async def remove_deposit(self, child: Child | str, wanted: RequestedDocument) -> None:
        """Take back the deposited file (``E: 3`` on the file, ``E: 2`` on the nature, no upload)."""
        if wanted.file is None or not wanted.file.id:
            raise errors.WriteRefused([_("Aucun fichier déposé pour ce document.")])
        removed = {"N": wanted.file.id, "G": FILE_KIND, "L": wanted.file.name, "E": 3}
        raw = await self.call(
            DEPOSIT,
            {"listeNaturesDocumentsAFournir": [_nature(wanted, [removed])]},
            tab=TAB_DOCUMENTS,
            child=child,
        )
        _check(raw)

    async def school_document_pdf(self, child: Child | str, document: SchoolDocument) -> bytes:
        """The file of a document the school offers (``GenerationPDF`` 29, or 30 for the child's own;
        confidence B for the options, §3.3)."""
        element: dict[str, Any] = {"N": document.id, "L": document.name}
        if document.kind is not None:
            element["G"] = document.kind
        data = {
            "genreGenerationPDF": PDF_MEMBER_DOCUMENT if document.for_child else PDF_DOCUMENT,
            "document": element,
            "options": {},
        }
        raw = await self.call("GenerationPDF", data, tab=TAB_DOCUMENTS, child=child)
        url = parse.parse_pdf_url(raw)
        if url is None:
            message = raw.get("message") or raw.get("Message") if isinstance(raw, dict) else None
            raise errors.PageUnavailable(
                None,
                message if isinstance(message, str) and message else _("Ce document n'est pas disponible."),
                function="GenerationPDF",
            )
        return await self.fetch_generated(url, "GenerationPDF")


def _nature(wanted: RequestedDocument, files: list[dict[str, Any]]) -> dict[str, Any]:
    nature: dict[str, Any] = {"N": wanted.id, "L": wanted.name, "E": 2, "listePJ": files}
    if wanted.kind is not None:
        nature["G"] = wanted.kind
    if wanted.recipient_kind is not None:
        nature["genreDestinataireCollecte"] = wanted.recipient_kind
    return nature


def _check(raw: Any) -> None:
    problems = parse.parse_write_reply(raw, DEPOSIT)
    message = raw.get("message") if isinstance(raw, dict) else None
    if isinstance(message, str) and message.strip():
        problems.append(message.strip())
    if problems:
        raise errors.WriteRefused(problems, function=DEPOSIT)
