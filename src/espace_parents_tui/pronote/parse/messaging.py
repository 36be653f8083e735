"""Messagerie (tab 131): ``ListeMessagerie``, ``ListeMessages``, ``ListeRessourcesPourCommunication``,
``SaisiePublicMessage`` (pronotepy.md §2 "Messaging (131)", pawnote-papillon.md §1.2 "Discussions").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from espace_parents_tui.models.messaging import (
    LABEL_NAMES,
    Discussion,
    DiscussionLabel,
    DiscussionThread,
    Mailbox,
    Message,
    Recipient,
    ReplyButton,
)
from espace_parents_tui.pronote.errors import ProtocolError
from espace_parents_tui.pronote.parse._read import Node, to_datetime
from espace_parents_tui.pronote.parse.attachments import parse_attachments
from espace_parents_tui.pronote.parse.html import html_to_text

LIST_FUNCTION = "ListeMessagerie"
MESSAGES_FUNCTION = "ListeMessages"
RECIPIENTS_FUNCTION = "ListeRessourcesPourCommunication"
PARTICIPANTS_FUNCTION = "SaisiePublicMessage"

_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_TIME = r"(\d{1,2})\s*[h:]\s*(\d{2})?"
_LABEL_TIME_RE = re.compile(rf"^\s*(?:(?:à|a)\s+)?{_TIME}\s*$", re.IGNORECASE)
_LABEL_WORD_RE = re.compile(rf"^\s*([a-zéû']+)(?:\s+(?:à\s+)?{_TIME})?\s*$", re.IGNORECASE)
_LABEL_DAY_MONTH_RE = re.compile(rf"^\s*(\d{{1,2}})/(\d{{1,2}})(?:\s+(?:à\s+)?{_TIME})?\s*$")


def _clock(hour: str | None, minute: str | None) -> time | None:
    if hour is None:
        return time(0, 0)
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:
        return None
    return time(h, m)


def label_date(label: str, today: date | None) -> datetime | None:
    """A discussion's ``libelleDate`` as a date-time, where it can be read; None otherwise.

    PRONOTE writes a time alone for today ("10h30"), a weekday for the last days ("mardi 10h30"),
    the day and month for older ones ("12/03"), a full date across years. The relative forms need
    ``today``; a weekday is the last such day on or before it, "12/03" the last 12 March on or
    before it. Nothing here raises: an unknown label is simply not a date.
    """
    text = label.strip()
    if not text:
        return None
    try:
        return to_datetime(text)
    except ProtocolError:
        pass
    if today is None:
        return None
    match = _LABEL_TIME_RE.match(text)
    if match:
        moment = _clock(match.group(1), match.group(2))
        return datetime.combine(today, moment) if moment else None
    match = _LABEL_DAY_MONTH_RE.match(text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        moment = _clock(match.group(3), match.group(4))
        if moment is None:
            return None
        for year in (today.year, today.year - 1):
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if found <= today:
                return datetime.combine(found, moment)
        return None
    match = _LABEL_WORD_RE.match(text)
    if match:
        word = match.group(1).casefold().replace("'", "’")
        moment = _clock(match.group(2), match.group(3))
        if moment is None:
            return None
        if word in ("aujourd’hui", "aujourd"):
            return datetime.combine(today, moment)
        if word == "hier":
            return datetime.combine(today - timedelta(days=1), moment)
        if word in _WEEKDAYS:
            back = (today.weekday() - _WEEKDAYS[word]) % 7
            return datetime.combine(today - timedelta(days=back), moment)
    return None


# -- ListeMessagerie ---------------------------------------------------------------------------


def _label(node: Node) -> DiscussionLabel:
    kind = node.integer("G", None)
    default_name = LABEL_NAMES.get(kind, "") if kind is not None else ""  # type: ignore[call-overload]
    return DiscussionLabel(id=node.ident("N"), name=node.text("L", default_name), kind=kind)


def _ids(node: Node, key: str) -> tuple[str, ...]:
    return tuple(item.ident("N") for item in node.objs(key, required=False))


def _discussion(node: Node, labels: dict[str, DiscussionLabel], today: date | None) -> Discussion:
    participants = node.opt_obj("messagePourParticipants")
    participants_id = participants.ident("N", None) if participants is not None else None
    possessions = _ids(node, "listePossessionsMessages")
    own_labels = []
    for item in node.objs("listeEtiquettes", required=False):
        ident = item.ident("N")
        own_labels.append(labels.get(ident) or _label(item))
    date_label = node.text("libelleDate", "")
    return Discussion(
        id=participants_id or (possessions[0] if possessions else node.ident("N", "")),
        subject=node.text("objet", ""),
        initiator=node.text("initiateur", None),
        date_label=date_label,
        date=label_date(date_label, today),
        unread=node.integer("nbNonLus", 0),
        message_count=node.integer("nombreMessages", 0),
        drafts=node.integer("nbBrouillons", 0),
        closed=node.flag("ferme"),
        labels=tuple(own_labels),
        possessions=possessions,
        participants_message_id=participants_id,
    )


def parse_mailbox(data: Any, today: date | None = None) -> Mailbox:
    """The decoded ``data`` of ``ListeMessagerie`` → :class:`Mailbox`.

    Only top-level discussions are kept (``estUneDiscussion`` and ``profondeur`` 0; a missing depth
    is 0). ``today`` is the day the list was read, to date labels such as "mardi 10h30".
    """
    root = Node.root(data, LIST_FUNCTION)
    labels = {label.id: label for label in map(_label, root.objs("listeEtiquettes", required=False))}
    discussions = tuple(
        _discussion(node, labels, today)
        for node in root.objs("listeMessagerie")
        if node.flag("estUneDiscussion") and node.integer("profondeur", 0) == 0
    )
    return Mailbox(discussions=discussions, labels=tuple(labels.values()))


# -- ListeMessages -----------------------------------------------------------------------------


def _message(node: Node) -> Message:
    is_html = node.flag("estHTML")
    raw = node.text("contenu", "")
    source = node.opt_obj("messageSource")
    possession = node.opt_obj("possessionMessage")
    return Message(
        id=node.ident("N"),
        author=node.text("public_gauche", ""),
        sent=node.datetime("date", None),
        text=html_to_text(raw) if is_html else raw,
        html=raw if is_html else None,
        own=node.flag("emetteur"),
        read=node.flag("lu", False),
        draft=node.flag("brouillon"),
        attachments=parse_attachments(node, "listeDocumentsJoints"),
        reply_to=source.ident("N", None) if source is not None else None,
        possession=possession.ident("N", None) if possession is not None else None,
    )


def _button(node: Node) -> ReplyButton:
    raw_id = node.raw("N", None)
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raw_id = None
    return ReplyButton(kind=node.integer("G", 0), label=node.text("L", ""), id=raw_id)


def parse_thread(data: Any) -> DiscussionThread:
    """The decoded ``data`` of ``ListeMessages`` → :class:`DiscussionThread` (oldest message first)."""
    root = Node.root(data, MESSAGES_FUNCTION)
    messages = [_message(node) for node in root.objs("listeMessages")]
    known = {m.id for m in messages}
    # A source outside the list (the discussion itself, for the first message) answers nothing here.
    messages = [
        m if m.reply_to in known and m.reply_to != m.id else replace(m, reply_to=None) for m in messages
    ]
    messages.sort(key=lambda m: (m.sent is None, m.sent or datetime.min))
    target = root.opt_obj("messagePourReponse")
    return DiscussionThread(
        messages=tuple(messages),
        buttons=tuple(_button(node) for node in root.objs("listeBoutons", required=False)),
        reply_target_id=target.ident("N", None) if target is not None else None,
        reply_target_kind=target.integer("G", None) if target is not None else None,
    )


# -- ListeRessourcesPourCommunication, SaisiePublicMessage -------------------------------------


def _recipient(node: Node, kind: int | None) -> Recipient:
    function = node.opt_obj("fonction")
    subjects = tuple(
        item.text("L", "") or item.text("libelleMatiere", "")
        for item in node.objs("listeRessources", required=False)
    )
    return Recipient(
        id=node.ident("N"),
        name=node.text("L", ""),
        kind=node.integer("G", kind if kind is not None else 0),
        subjects=tuple(s for s in subjects if s),
        function=function.text("L", "") if function is not None else "",
        email=node.text("email", None) or None,
        can_discuss=node.flag("avecDiscussion", True),
    )


def parse_recipients(data: Any, kind: int | None = None) -> tuple[Recipient, ...]:
    """The decoded ``data`` of ``ListeRessourcesPourCommunication`` → the people listed.

    ``kind`` is the ``onglet.G`` that was asked for (3 teachers, 34 staff): the kind of a person the
    answer does not type.
    """
    root = Node.root(data, RECIPIENTS_FUNCTION)
    return tuple(_recipient(node, kind) for node in root.objs("listeRessourcesPourCommunication"))


def parse_participants(data: Any) -> tuple[str, ...]:
    """The decoded ``data`` of ``SaisiePublicMessage`` → the names listed (``listeDest``)."""
    root = Node.root(data, PARTICIPANTS_FUNCTION)
    return tuple(node.text("L", "") for node in root.objs("listeDest"))
