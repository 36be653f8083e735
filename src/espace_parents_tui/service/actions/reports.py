"""Actions of the Notes section that need the protocol client: the report card's PDF.

Portal layer: the UI calls these with the :class:`Portal`; nothing here imports Textual.
"""

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
    from espace_parents_tui.service.portal import Portal


def report_card_file_name(child: Child, period: str) -> str:
    return f"Bulletin {period} - {child.name}.pdf"


async def download_report_card(portal: Portal, child: Child, period: str) -> Path:
    """Fetch the PDF of ``child``'s report card for ``period`` and save it; returns where it went.

    The report card is read again first (fresh, and kept in the cache): a card the school has not
    released (or has withdrawn) since the last sync gives a clear sentence, not a server error.
    """
    fresh = await portal.fetch("report", child, period)
    if not fresh.value.published:
        detail = f" ({fresh.value.message})" if fresh.value.message else ""
        raise PortalError(
            _("Le bulletin « {period} » n'est pas encore publié{detail}.").format(
                period=period, detail=detail
            )
        )

    async def pdf(client) -> bytes:
        try:
            return await client.report_card_pdf(child.name, period)
        except errors.PageUnavailable as exc:
            raise PortalError(
                _("Le PDF du bulletin « {period} » n'est pas disponible : {exc}").format(
                    period=period, exc=exc
                )
            ) from exc

    content = await portal.run(pdf)
    if not content:
        raise PortalError(
            _("Le serveur a envoyé un PDF vide pour le bulletin « {period} ».").format(period=period)
        )
    return await asyncio.to_thread(save_download, report_card_file_name(child, period), content)
