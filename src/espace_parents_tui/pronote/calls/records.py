"""The school record over the years and the digital textbooks (parent-features.md §8-§9).

- ``PageSuiviPluriannuel`` (tab 44) with ``{eleve: {N}, avecMoyennes: true}``;
- a past report card's PDF: ``GenerationPDF {genreGenerationPDF: 12, nomFichier, ident,
  libellePeriodeNotation, libelleAnnee}`` from the same tab (confidence B for the parameters);
- ``ManuelsNumeriques`` (tab 250), no data;
- where the account has tab 227 (``BulletinAnneesPrec_Note``) or 228 (``_Competence``), the past
  report cards are those of ``DocumentsATelecharger`` with ``avecNotes`` / ``avecCompetences`` on
  that tab (``listeBulletinsBIA``, §3.1, §9), and their PDF is asked from that tab; otherwise the
  suivi's ``listeBulletins``. An account with 227/228 but not tab 44 gets those cards alone, each in
  its school year (no averages): the suivi is not asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from espace_parents_tui.models import Child
from espace_parents_tui.models.records import PastReportCard, SchoolRecord, Textbooks
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.parse.records import (
    parse_bia_cards,
    parse_school_record,
    parse_textbooks,
    with_bia_cards,
)
from espace_parents_tui.pronote.parse.reports import parse_pdf_url
from espace_parents_tui.pronote.tabs import (
    TAB_PAST_CARDS_COMPETENCES,
    TAB_PAST_CARDS_NOTES,
    TAB_RECORD,
    TAB_TEXTBOOKS,
)

PDF_PAST_REPORT_CARD = 12  # genreGenerationPDF: BulletinBIA (§1.6)
# The previous-years pages and the flag each sends to DocumentsATelecharger.
BIA_TABS = ((TAB_PAST_CARDS_NOTES, "avecNotes"), (TAB_PAST_CARDS_COMPETENCES, "avecCompetences"))
NO_SUIVI = "Aucun bulletin des années précédentes."  # a school with 227/228 and no tab 44, no card listed


class RecordsCalls(CallsBase):
    if TYPE_CHECKING:  # provided by PronoteClient (ReportsCalls)

        async def fetch_generated(self, url: str, function: str) -> bytes: ...

    async def school_record(self, child: Child | str) -> SchoolRecord:
        """The child's school years: per-subject averages and the past report cards."""

        def data() -> dict:
            return {"eleve": {"N": self.current_child(child).id}, "avecMoyennes": True}

        tabs = self.account.tabs if self.account is not None else frozenset()
        offered = [(tab, flag) for tab, flag in BIA_TABS if tab in tabs]
        if self.account is not None and TAB_RECORD not in tabs and offered:
            # The previous years' report cards without the suivi: their school years only, no averages.
            record = SchoolRecord(message=NO_SUIVI, offered=False)
        else:
            raw = await self.call("PageSuiviPluriannuel", data, tab=TAB_RECORD, child=child)
            record = parse_school_record(raw)
        if not offered:
            return record
        cards = []
        for tab, flag in offered:
            answer = await self.call("DocumentsATelecharger", {flag: True}, tab=tab, child=child)
            cards.extend(parse_bia_cards(answer, tab))
        return with_bia_cards(record, cards)

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
        raw = await self.call("GenerationPDF", data, tab=card.tab or TAB_RECORD, child=child)
        url = parse_pdf_url(raw)
        if url is None:
            raise errors.PageUnavailable(None, "Ce bulletin n'est pas disponible.", function="GenerationPDF")
        return await self.fetch_generated(url, "GenerationPDF")

    async def textbooks(self, child: Child | str) -> Textbooks:
        """The child's digital textbooks, with publisher and link."""
        raw = await self.call("ManuelsNumeriques", None, tab=TAB_TEXTBOOKS, child=child)
        return parse_textbooks(raw)
