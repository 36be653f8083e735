"""Notes beyond the grades: competences (``DernieresEvaluations``, tab 201), the report card
(``PageBulletins``, tab 13) and its PDF (``GenerationPDF``, tab 13), the grade report
(``PageReleve``, tab 12, only where the school grants that tab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx

from espace_parents_tui.models import Child, Period
from espace_parents_tui.models.reports import Evaluation, GradeTranscript, ReportCard
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import (
    TAB_EVALUATIONS,
    TAB_REPORT,
    TAB_REPORT_CARD,
    CallsBase,
)
from espace_parents_tui.util.i18n import _

# genreGenerationPDF of a report card (parent-features.md §1.6: 2 Bulletin).
PDF_REPORT_CARD = 2
# The options the web client sends for a report card PDF (pawnote-papillon.md §1.2 GenerationPDF).
PDF_OPTIONS = {
    "adapterHauteurService": False,
    "desEleves": False,
    "gererRectoVerso": False,
    "hauteurServiceMax": 15,
    "hauteurServiceMin": 10,
    "piedMonobloc": True,
    "portrait": True,
    "taillePolice": 6.5,
    "taillePoliceMin": 5,
    "taillePolicePied": 6.5,
    "taillePolicePiedMin": 5,
}
# What encodeURI leaves as is: the server's address is encoded the way the web client does.
_URI_SAFE = "-_.!~*'();/?:@&=+$,#"


class ReportsCalls(CallsBase):
    if TYPE_CHECKING:  # provided by PronoteClient
        _http: httpx.AsyncClient
        requests_sent: int

    async def evaluations(
        self, child: Child | str, period: Period | str | None = None
    ) -> tuple[Evaluation, ...]:
        """The competence evaluations of a period (the server's default period if none is given)."""
        chosen: list[Period] = []

        def data() -> dict:
            found = self.period_for(child, period, TAB_EVALUATIONS)
            chosen.append(found)
            return {"periode": self.period_ref(found)}

        raw = await self.call("DernieresEvaluations", data, tab=TAB_EVALUATIONS, child=child)
        return parse.parse_evaluations(raw, chosen[-1].id)

    async def report_card(self, child: Child | str, period: Period | str | None = None) -> ReportCard:
        """The report card of a period; ``published`` is False when the school has not released it."""
        chosen: list[Period] = []

        def data() -> dict:
            found = self.period_for(child, period, TAB_REPORT_CARD)
            chosen.append(found)
            return {"periode": self.period_ref(found)}

        raw = await self.call("PageBulletins", data, tab=TAB_REPORT_CARD, child=child)
        return parse.parse_report_card(raw, chosen[-1].id)

    async def report_card_pdf(self, child: Child | str, period: Period | str | None = None) -> bytes:
        """The PDF of a period's report card, as the school generates it."""

        def data() -> dict:
            found = self.period_for(child, period, TAB_REPORT_CARD)
            return {
                "avecCodeCompetences": False,
                "genreGenerationPDF": PDF_REPORT_CARD,
                "periode": self.period_ref(found),
                "options": dict(PDF_OPTIONS),
            }

        raw = await self.call("GenerationPDF", data, tab=TAB_REPORT_CARD, child=child)
        url = parse.parse_pdf_url(raw)
        if url is None:
            message = raw.get("Message") or raw.get("message") if isinstance(raw, dict) else None
            raise errors.PageUnavailable(
                None,
                message if isinstance(message, str) and message else _("Aucun PDF pour ce bulletin."),
                function="GenerationPDF",
            )
        return await self.fetch_generated(url, "GenerationPDF")

    async def fetch_generated(self, url: str, function: str) -> bytes:
        """The bytes of a file the server generated, at ``url`` relative to its root."""
        if url.startswith(("http://", "https://")):
            raise errors.ProtocolError(_("adresse de fichier hors du serveur"), function=function)
        address = f"{self.root}/{quote(url.lstrip('/'), safe=_URI_SAFE)}"
        try:
            response = await self._http.get(address)
        except httpx.TimeoutException as exc:
            raise errors.ServerTimeout(function=function) from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable(function=function) from exc
        self.requests_sent += 1
        if response.status_code != 200:
            raise errors.HttpError(response.status_code, function=function)
        return response.content

    async def grade_report(self, child: Child | str, period: Period | str | None = None) -> GradeTranscript:
        """The grade report (relevé de notes) of a period. Only where the school grants tab 12:
        otherwise :class:`errors.AccessDenied` is raised before anything is sent."""
        chosen: list[Period] = []

        def data() -> dict:
            found = self.period_for(child, period, TAB_REPORT)
            chosen.append(found)
            current = self.current_child(child)
            return {"eleve": {"N": current.id}, "periode": self.period_ref(found)}

        raw = await self.call("PageReleve", data, tab=TAB_REPORT, child=child)
        return parse.parse_grade_transcript(raw, chosen[-1].id)
