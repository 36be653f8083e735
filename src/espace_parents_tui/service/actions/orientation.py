"""Orientation writes: the family's wishes of a step, in rank order, and the acknowledgement of the
council's answer. Each runs in the account's session (``Portal.run``), reads the page again first
(fresh ids) and keeps the page the server then holds in the cache, so the views redraw from it.
What the school refuses (a closed step, too many wishes…) is said in its own words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from espace_parents_tui.models.orientation import WISH_KINDS, OrientationPage
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal

SECTION = "orientation"


class UnusableInput(PortalError):
    """What the parent asked cannot be sent as it is (exit code 2)."""

    exit_code = 2


def _keep(portal: Portal, child: Child, page: OrientationPage) -> None:
    from espace_parents_tui.service.sections import SECTIONS

    spec = SECTIONS[SECTION]
    writer = portal.cache.begin_sync(complete=False)
    writer.put(child.name, SECTION, "all", page, spec.items_of(page, "all"), baseline=spec.baseline)
    portal._commit(writer)  # a cache that cannot be written is said as the portal says it


async def set_wishes(portal: Portal, child: Child, kind: str, wishes: list[tuple[str, str]]) -> OrientationPage:
    """Make ``wishes`` — (track name, comment), first is rank 1 — the family's wishes of ``kind``."""
    if kind not in WISH_KINDS:
        raise PortalError(_("Étape inconnue « {kind} » : intentions ou voeux.").format(kind=kind))

    async def write(client) -> OrientationPage:
        try:
            return await client.save_orientation_wishes(child.name, kind, wishes)
        except errors.UnknownTrack as exc:
            raise UnusableInput(str(exc)) from exc
        except errors.WriteRefused as exc:
            raise PortalError(str(exc)) from exc

    page = await portal.run(write)
    _keep(portal, child, page)
    return page


async def acknowledge(portal: Portal, child: Child, kind: str = "recommandation") -> OrientationPage:
    """Acknowledge the council's answer of step ``kind`` where the school asks for it."""

    async def write(client) -> OrientationPage:
        try:
            return await client.acknowledge_orientation(child.name, kind)
        except errors.WriteRefused as exc:
            raise PortalError(str(exc)) from exc

    page = await portal.run(write)
    _keep(portal, child, page)
    return page
