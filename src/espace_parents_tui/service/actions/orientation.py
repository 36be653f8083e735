"""Orientation writes: the family's wishes of a step, in rank order, and the acknowledgement of the
council's answer. Each runs in the account's session (``Portal.run``), reads the page again first
(fresh ids) and keeps the page the server then holds in the cache, so the views redraw from it.
What the school refuses (a closed step, too many wishes…) is said in its own words.

The wishes being written are a draft (kind ``orientation``, key the step) saved as the parent edits,
marked "sending" just before the write, kept with why when it fails and deleted once the school
has them; a send cut short is checked at the next start (``in_doubt.py``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from espace_parents_tui.models.orientation import WISH_KINDS, OrientationPage
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.actions.uploads import cut_short, kept
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.store.drafts import Drafts
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal

SECTION = "orientation"
DRAFT = "orientation"  # the drafts' kind; the key is the step ("intentions", "voeux")


def _fields(kind: str, wishes: list[tuple[str, str]]) -> dict[str, str]:
    return {"step": kind, "wishes": json.dumps([[name, comment] for name, comment in wishes], ensure_ascii=False)}


def draft_wishes(fields: dict[str, str]) -> list[tuple[str, str]]:
    """The ranked (track, comment) list a draft holds; [] for one that cannot be read."""
    try:
        items = json.loads(fields.get("wishes", "[]"))
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [(str(item[0]), str(item[1])) for item in items if isinstance(item, list) and len(item) == 2]


def wishes_draft(portal: Portal, child: Child, kind: str) -> tuple[list[tuple[str, str]], str] | None:
    """The wishes of step ``kind`` the parent left unsent, and why they were not sent ("" if never tried)."""
    draft = Drafts(portal.cache).get(child.name, DRAFT, kind)
    return (draft_wishes(draft.fields), draft.problem) if draft is not None else None


def keep_draft(portal: Portal, child: Child, kind: str, wishes: list[tuple[str, str]]) -> None:
    """Save the wishes as the parent orders them (nothing is sent)."""
    Drafts(portal.cache).save(child.name, DRAFT, kind, _fields(kind, wishes))


def drop_draft(portal: Portal, child: Child, kind: str) -> None:
    Drafts(portal.cache).delete(child.name, DRAFT, kind)


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

    drafts, fields = Drafts(portal.cache), _fields(kind, wishes)
    drafts.save(child.name, DRAFT, kind, fields)
    started: list[bool] = []  # the write left: a network failure then leaves the draft in doubt

    async def write(client) -> OrientationPage:
        drafts.mark_sending(child.name, DRAFT, kind)
        started.append(True)
        try:
            return await client.save_orientation_wishes(child.name, kind, wishes)
        except errors.UnknownTrack as exc:
            raise UnusableInput(str(exc)) from exc
        except errors.WriteRefused as exc:
            raise PortalError(str(exc)) from exc

    try:
        page = await portal.run(write)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save(child.name, DRAFT, kind, fields, problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, DRAFT, kind)
    _keep(portal, child, page)
    return page


async def wishes_received(portal: Portal, child: Child, kind: str, wishes: list[tuple[str, str]]) -> bool:
    """Whether the school holds exactly these wishes of ``kind``, in this order (read afresh)."""
    page = await portal.run(lambda client: client.orientation(child.name))
    step = page.step(kind) if page.offered else None
    if step is None:
        return False
    held = [(w.track, w.comment or "") for w in sorted(step.wishes, key=lambda w: w.rank)]
    return held == [(name, comment or "") for name, comment in wishes]


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
