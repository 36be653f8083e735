"""Drafts in doubt: a send was cut (the program killed, the machine off) before its answer came.

Every write marks its draft "sending" just before the request leaves (``Drafts.mark_sending``). A
mark still there at the next start means nobody knows whether the school got the write. This module
asks the server, by re-reading what the write changes — the absence's justification, the
discussion's messages, the document to provide — and never sends anything again:

- the write is there: the draft is deleted and the parent is told it was sent;
- it is not: the draft is kept (what was typed is never lost), with the sentence as its problem, and
  only the parent sends it again.

A check that cannot be made (offline, the session refused) leaves the mark for the next start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from espace_parents_tui.models.school_life import Absence
from espace_parents_tui.service.actions import (
    account,
    documents,
    meetings,
    messaging,
    orientation,
    school_life,
)
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal


@dataclass(frozen=True)
class Verdict:
    """What the server says about one draft in doubt."""

    draft: Draft
    received: bool
    message: str  # one French sentence for the parent


def what(draft: Draft) -> str:
    """The draft named for the parent: « la justification de l'absence du 17/11/2026 à 08h00 (Lucas) »."""
    if draft.kind == school_life.JUSTIFY:
        kind, _sep, moment = draft.key.partition("|")
        try:
            when = datetime.fromisoformat(moment).strftime("%d/%m/%Y à %Hh%M")
        except ValueError:
            when = moment
        event = _("l'absence") if kind == "absence" else _("le retard")
        return _("la justification de {event} du {when} ({child})").format(
            event=event, when=when, child=draft.child
        )
    if draft.kind == messaging.REPLY:
        return _("votre réponse dans « {subject} »").format(subject=draft.fields.get("subject", ""))
    if draft.kind == messaging.DISCUSSION:
        return _("votre nouveau message « {subject} »").format(subject=draft.fields.get("subject", draft.key))
    if draft.kind == school_life.DECLARE:
        start, end = _day(draft.fields.get("start", "")), _day(draft.fields.get("end", ""))
        if start == end:
            return _("l'absence signalée pour le {day} ({child})").format(day=start, child=draft.child)
        return _("l'absence signalée du {start} au {end} ({child})").format(
            start=start, end=end, child=draft.child
        )
    if draft.kind == documents.DEPOSIT:
        return _("le fichier « {file} » pour « {document} » ({child})").format(
            file=Path(draft.fields.get("file", "")).name, document=draft.key, child=draft.child
        )
    if draft.kind == orientation.DRAFT:
        return _("les vœux d'orientation « {step} » ({child})").format(step=draft.key, child=draft.child)
    if draft.kind == account.CONTACT:
        return _("vos coordonnées et préférences de contact")
    if draft.kind == account.CHILD_DATA:
        return _("les données de {child}").format(child=draft.child)
    if draft.kind == meetings.WISH:
        return _("le souhait de rencontre avec {teacher} ({child})").format(
            teacher=draft.fields.get("teacher", ""), child=draft.child
        )
    return f"{draft.kind} {draft.key}"


def _day(text: str) -> str:
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def sent_sentence(draft: Draft) -> str:
    return _("Envoyé : l'établissement a bien reçu {what} ; le brouillon est effacé.").format(
        what=what(draft)
    )


def not_received_sentence(draft: Draft) -> str:
    return _("Non reçu par l'établissement : {what} ; le brouillon est gardé, renvoyez-le vous-même.").format(
        what=what(draft)
    )


def in_doubt_sentence(draft: Draft) -> str:
    """What ``drafts`` says of a draft not checked yet."""
    return _("Envoi interrompu : on ne sait pas encore si l'établissement a reçu {what}.").format(
        what=what(draft)
    )


async def check_in_doubt(portal: Portal) -> list[Verdict]:
    """Ask the server about every draft in doubt; a :class:`PortalError` leaves the rest in doubt."""
    drafts = Drafts(portal.cache)
    verdicts: list[Verdict] = []
    for draft in drafts.in_doubt():
        received = await _received(portal, draft)
        if received:
            drafts.delete(draft.child, draft.kind, draft.key)
            message = sent_sentence(draft)
        else:
            message = not_received_sentence(draft)
            drafts.save(draft.child, draft.kind, draft.key, draft.fields, problem=message)
        verdicts.append(Verdict(draft, received, message))
    return verdicts


async def _received(portal: Portal, draft: Draft) -> bool:
    if draft.kind == school_life.JUSTIFY:
        return await _justification_received(portal, draft)
    if draft.kind == messaging.REPLY:
        return await _reply_received(portal, draft)
    if draft.kind == documents.DEPOSIT:
        return await _deposit_received(portal, draft)
    if draft.kind == school_life.DECLARE:
        return await _declaration_received(portal, draft)
    if draft.kind == messaging.DISCUSSION:
        return await _discussion_received(portal, draft)
    if draft.kind == orientation.DRAFT:
        return await _wishes_received(portal, draft)
    return False  # a kind that is never marked: nothing to find, the draft stays


async def _wishes_received(portal: Portal, draft: Draft) -> bool:
    await portal.connect()
    child = portal.child(draft.child)
    if child is None:
        return False
    return await orientation.wishes_received(portal, child, draft.key, orientation.draft_wishes(draft.fields))


async def _justification_received(portal: Portal, draft: Draft) -> bool:
    await portal.connect()
    child = portal.child(draft.child)
    if child is None:
        return False
    moment = datetime.fromisoformat(draft.key.partition("|")[2])
    scope = school_life.scope_of(portal, child, moment.date())
    life = (await portal.fetch(school_life.SECTION, child, scope)).value
    event = school_life.find_event(life, draft.key)
    if event is None or not (event.pending or event.justified):
        return False
    form = school_life.Justification.from_draft(draft)
    comment = event.parent_comment if isinstance(event, Absence) else event.justification
    return event.parent_reason == form.reason and _same(comment, form.comment)


async def _reply_received(portal: Portal, draft: Draft) -> bool:
    subject, initiator = draft.fields.get("subject", ""), draft.fields.get("initiator") or None
    try:
        opened = await messaging.open_discussion(portal, subject, initiator, mark_read=False)
    except messaging.Refused:  # the discussion is gone: the reply cannot be found there
        return False
    text = draft.fields.get("text", "")
    return any(message.own and _same(message.text, text) for message in opened.thread.messages)


async def _declaration_received(portal: Portal, draft: Draft) -> bool:
    """An absence the parent created, on the same days, with the same reason and comment."""
    await portal.connect()
    child = portal.child(draft.child)
    if child is None:
        return False
    form = school_life.Declaration.from_fields(draft.fields, portal.cache.clock().date())
    scope = school_life.scope_of(portal, child, form.start)
    life = (await portal.fetch(school_life.SECTION, child, scope)).value
    return any(
        absence.created_by_parent
        and (absence.start.date(), absence.end.date()) == (form.start, form.end)
        and absence.parent_reason == form.reason
        and _same(absence.parent_comment, form.comment)
        for absence in life.absences
    )


async def _discussion_received(portal: Portal, draft: Draft) -> bool:
    """A discussion the parent started (no initiator named) with that subject and the text as its
    parent's message."""
    subject, text = draft.fields.get("subject", draft.key), draft.fields.get("text", "")
    box = await messaging.refresh_mailbox(portal)
    for found in box.discussions:
        if found.subject != subject or found.initiator is not None:
            continue
        try:
            opened = await messaging.open_discussion(portal, subject, None, mark_read=False)
        except messaging.Refused:
            return False
        return any(message.own and _same(message.text, text) for message in opened.thread.messages)
    return False


async def _deposit_received(portal: Portal, draft: Draft) -> bool:
    await portal.connect()
    child = portal.child(draft.child)
    if child is None:
        return False
    page = await documents.refresh(portal, child)
    try:
        wanted = documents.find_requested(page, draft.key)
    except documents.BadInput:  # no such document to provide any more
        return False
    name = Path(draft.fields.get("file", "")).name
    return wanted.file is not None and wanted.file.name == name


def _same(one: str, other: str) -> bool:
    """Texts equal but for the spaces the server may fold (line ends, runs of spaces)."""
    return " ".join(one.split()) == " ".join(other.split())


async def settle(portal: Portal) -> list[Verdict]:
    """:func:`check_in_doubt` when a draft is in doubt (no connection otherwise); offline or refused,
    the drafts stay in doubt and nothing is said (the next start asks again)."""
    if not Drafts(portal.cache).in_doubt():
        return []
    try:
        return await check_in_doubt(portal)
    except PortalError:
        return []
