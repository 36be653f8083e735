"""Parent–teacher meetings (portal layer): state a wish, the planning with its conflicts (across the
account's children: a parent cannot be in two rooms at once), the next meetings for the home page.

A wish is sent at once; when it fails, the draft (kind ``wish``) keeps it with why, and it is never
sent later on its own. The server's checks (deadline, a closed session) are checked first here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from espace_parents_tui.models import Child
from espace_parents_tui.models.account import (
    WISH_LABELS,
    Meeting,
    MeetingsPage,
    PlannedMeeting,
    SessionMeetings,
    conflicts,
)
from espace_parents_tui.service.actions.uploads import ActionRefused, BadInput, guarded_send, kept
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal

SECTION = "meetings"
WISH = "wish"
__all__ = ["ActionRefused", "BadInput"]


def wish_code(text: str) -> int | None:
    """ "souhaite", "indispensable", "facultatif", "non", "aucun" (clears) → the wish's number."""
    words = {
        "facultatif": 0,
        "souhaite": 1,
        "souhaité": 1,
        "indispensable": 2,
        "prioritaire": 2,
        "non": 3,
        "pas-de-rencontre": 3,
        "aucun": None,
        "effacer": None,
    }
    key = text.strip().casefold()
    if key not in words:
        raise BadInput(
            _(
                "Vœu inconnu : « {text} » (facultatif, souhaite, indispensable, non ou aucun pour l'effacer)."
            ).format(text=text)
        )
    return words[key]


def wish_label(wish: int | None) -> str:
    return _(WISH_LABELS.get(wish, "—")) if wish is not None else "—"


def why_no_wish(detail: SessionMeetings, today: date) -> str | None:
    if detail.message:
        return detail.message
    if not detail.wishes_open:
        if detail.wishes_until is not None and today > detail.wishes_until:
            return _("La saisie des vœux est terminée depuis le {wishes_until:%d/%m/%Y}.").format(
                wishes_until=detail.wishes_until
            )
        if detail.wishes_from is not None and today < detail.wishes_from:
            return _("La saisie des vœux ouvre le {wishes_from:%d/%m/%Y}.").format(
                wishes_from=detail.wishes_from
            )
        return _("L'établissement n'ouvre pas la saisie des vœux pour cette session.")
    return None


def find(page: MeetingsPage, session: str, teacher: str) -> tuple[SessionMeetings, Meeting]:
    needle = session.casefold()
    details = [d for d in page.sessions if needle in d.session.name.casefold()]
    if len(details) != 1:
        names = ", ".join(d.session.name for d in page.sessions) or "aucune"
        raise BadInput(
            _("Session inconnue ou ambiguë : « {session} » (sessions : {names}).").format(
                session=session, names=names
            )
        )
    detail = details[0]
    if detail.message and not detail.meetings:  # a closed session lists nobody: say why
        raise ActionRefused(detail.message)
    who = teacher.casefold()
    meetings = [m for m in detail.meetings if who in m.teacher.casefold() or who == m.role.casefold()]
    if len(meetings) != 1:
        names = ", ".join(m.teacher for m in detail.meetings) or "aucun"
        raise BadInput(
            _("Professeur inconnu ou ambigu : « {teacher} » (dans cette session : {names}).").format(
                teacher=teacher, names=names
            )
        )
    return detail, meetings[0]


def _key(session: str, teacher: str) -> str:
    return f"{session}|{teacher}"


def wish_draft(portal: Portal, child: Child, session: str, teacher: str) -> Draft | None:
    return Drafts(portal.cache).get(child.name, WISH, _key(session, teacher))


async def set_wish(
    portal: Portal, child: Child, session: str, teacher: str, wish: int | None, today: date
) -> Meeting:
    """State (or clear) the wish for one teacher of a session; returns the meeting as it now is."""
    drafts = Drafts(portal.cache)
    key = _key(session, teacher)
    fields = {"session": session, "teacher": teacher, "wish": wish_label(wish)}
    drafts.save(child.name, WISH, key, fields)
    try:
        page = (await portal.fetch(SECTION, child, "all")).value  # this session's ids
        detail, meeting = find(page, session, teacher)
        why = why_no_wish(detail, today)
        if why:
            raise ActionRefused(why)
        await guarded_send(portal, lambda client: client.set_wish(child, detail.session, meeting, wish))
    except PortalError as exc:
        drafts.save(child.name, WISH, key, fields, problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, WISH, key)
    page = (await portal.fetch(SECTION, child, "all")).value
    return find(page, detail.session.name, meeting.teacher)[1]


@dataclass(frozen=True)
class Planned:
    """A planned meeting of one child, and whether it overlaps another (any child of the account)."""

    child: str
    session: str
    meeting: PlannedMeeting
    conflict: bool


def planning(portal: Portal, children: list[Child]) -> list[Planned]:
    """Every planned meeting of the account's children, in time order, with the overlaps marked."""
    found: list[tuple[str, str, PlannedMeeting]] = []
    for child in children:
        cached = portal.read(SECTION, child, "all")
        if cached is None:
            continue
        for detail in cached.value.sessions:
            found += [(child.name, detail.session.name, p) for p in detail.planning]
    found.sort(key=lambda item: item[2].start)
    clashes = conflicts([p for _c, _s, p in found])
    return [Planned(c, s, p, i in clashes) for i, (c, s, p) in enumerate(found)]


def upcoming(portal: Portal, children: list[Child], now: datetime, days: int = 14) -> list[Planned]:
    """The planned meetings still to come within ``days`` (the home page's reminder)."""
    return [
        p for p in planning(portal, children) if now <= p.meeting.end and (p.meeting.start - now).days < days
    ]
