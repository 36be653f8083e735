"""The school record over the years and the digital textbooks (parent-features.md §8-§9).

- ``PageSuiviPluriannuel`` (tab 44) with ``{eleve: {N}, avecMoyennes: true}``;
- a past report card's PDF: ``GenerationPDF {genreGenerationPDF: 12, nomFichier, ident,
  libellePeriodeNotation, libelleAnnee}`` from the same tab (confidence B for the parameters);
- ``ManuelsNumeriques`` (tab 250), no data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from espace_parents_tui.models import Child
from espace_parents_tui.models.records import PastReportCard, SchoolRecord, Textbooks
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.parse.records import parse_school_record, parse_textbooks
from espace_parents_tui.pronote.parse.reports import parse_pdf_url
from espace_parents_tui.pronote.tabs import TAB_RECORD, TAB_TEXTBOOKS

PDF_PAST_REPORT_CARD = 12  # genreGenerationPDF: BulletinBIA (§1.6)


class RecordsCalls(CallsBase):
    if TYPE_CHECKING:  # provided by PronoteClient (ReportsCalls)

        async def fetch_generated(self, url: str, function: str) -> bytes: ...

    async def school_record(self, child: Child | str) -> SchoolRecord:
        """The child's school years: per-subject averages and the past report cards."""

        def data() -> dict:
            return {"eleve": {"N": self.current_child(child).id}, "avecMoyennes": True}

        raw = await self.call("PageSuiviPluriannuel", data, tab=TAB_RECORD, child=child)
        return parse_school_record(raw)

    async def past_report_card_pdf(self, child: Child | str, card: PastReportCard) -> bytes:
        """The PDF of a past year's report card."""
        data = {
            "genreGenerationPDF": PDF_PAST_REPORT_CARD,
            "nomFichier": card.file_name,
            "ident": card.ident,
            "libellePeriodeNotation": card.period,
            "libelleAnnee": card.year,
            "options": {},
        }
        raw = await self.call("GenerationPDF", data, tab=TAB_RECORD, child=child)
        url = parse_pdf_url(raw)
        if url is None:
            raise errors.PageUnavailable(None, "Ce bulletin n'est pas disponible.", function="GenerationPDF")
        return await self.fetch_generated(url, "GenerationPDF")

    async def textbooks(self, child: Child | str) -> Textbooks:
        """The child's digital textbooks, with publisher and link."""
        raw = await self.call("ManuelsNumeriques", None, tab=TAB_TEXTBOOKS, child=child)
        return parse_textbooks(raw)
