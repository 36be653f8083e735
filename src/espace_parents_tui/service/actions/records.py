"""Actions of the Parcours section: a past year's report card as PDF, saved through the downloads
service. Portal layer: nothing here imports Textual."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from espace_parents_tui.pronote import errors
from espace_parents_tui.service.downloads import save_download
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.models.records import PastReportCard
    from espace_parents_tui.service.portal import Portal


def past_card_file_name(child: Child, card: PastReportCard) -> str:
    return f"Bulletin {card.period} {card.year} - {child.name}.pdf"


async def download_past_report_card(portal: Portal, child: Child, year: str, period: str) -> Path:
    """Fetch the PDF of ``child``'s report card of ``period`` in school year ``year`` and save it.

    The record is read again first (the ids are the current session's); a card the server no longer
    lists gives a clear sentence."""

    async def pdf(client) -> tuple[PastReportCard, bytes]:
        record = await client.school_record(child.name)
        card = next((c for c in record.report_cards() if c.year == year and c.period == period), None)
        if card is None:
            raise PortalError(
                _("Le bulletin « {period} {year} » n'est plus proposé par l'établissement.").format(period=period, year=year)
            )
        try:
            return card, await client.past_report_card_pdf(child.name, card)
        except errors.PageUnavailable as exc:
            raise PortalError(
                _("Le PDF du bulletin « {period} {year} » n'est pas disponible : {why}").format(period=period, year=year, why=exc)
            ) from exc

    card, content = await portal.run(pdf)
    if not content:
        raise PortalError(
            _("Le serveur a envoyé un PDF vide pour le bulletin « {period} {year} ».").format(period=period, year=year)
        )
    return await asyncio.to_thread(save_download, past_card_file_name(child, card), content)
