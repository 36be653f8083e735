"""Messagerie: the parent's discussions with teachers and staff, their messages, the recipients.

Message texts come as plain text or as PRONOTE HTML; a message keeps the readable text (``text``,
from ``html_to_text``) and, for HTML, the markup exactly as sent (``html``). Neither is ever
interpreted as markup by the client itself.

Ids (``id``, ``possessions``…) are only good for the server session that listed them: a discussion
read in one session cannot be answered in the next one (the server answers error 22).
"""

from __future__ import annotations

import enum
from datetime import datetime

from espace_parents_tui.models.core import Attachment
from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


class LabelKind(enum.IntEnum):
    """The kinds of discussion labels (étiquettes) clients rely on (pronotepy.md §1.10)."""

    DRAFTS = 4
    TRASH = 5


LABEL_NAMES = {LabelKind.DRAFTS: N_("Brouillons"), LabelKind.TRASH: N_("Corbeille")}


@dataclass(frozen=True)
class DiscussionLabel:
    """A label of the Messagerie (``listeEtiquettes``): ``kind`` is PRONOTE's ``G`` (see LabelKind)."""

    id: str
    name: str
    kind: int | None = None


class RecipientKind(enum.IntEnum):
    """Who a parent may write to (``ListeRessourcesPourCommunication``' ``onglet.G``)."""

    TEACHER = 3
    STAFF = 34


@dataclass(frozen=True)
class Recipient:
    """A person the parent may start a discussion with."""

    id: str
    name: str
    kind: int  # RecipientKind value as sent (G)
    subjects: tuple[str, ...] = ()  # teachers: what they teach the child
    function: str = ""  # staff: "Conseillère principale d'éducation"…
    email: str | None = None  # only when the school publishes it
    can_discuss: bool = True  # avecDiscussion

    @property
    def is_teacher(self) -> bool:
        return self.kind == RecipientKind.TEACHER


@dataclass(frozen=True)
class Discussion:
    """A discussion as the list shows it (``ListeMessagerie``).

    ``date`` is read from ``date_label`` ("mardi 10h30", "12/03", "10h30"…) when it can be, relative
    to the day the list was read; the messages (:class:`DiscussionThread`) give exact times.
    """

    id: str
    subject: str
    # Who started it; None when the server names nobody, which means the parent did (pronotepy.md §2).
    initiator: str | None = None
    date_label: str = ""
    date: datetime | None = None
    unread: int = 0
    message_count: int = 0
    drafts: int = 0
    closed: bool = False
    labels: tuple[DiscussionLabel, ...] = ()
    # What later calls name the discussion by: its message ownerships, and the message whose
    # participants are the discussion's.
    possessions: tuple[str, ...] = ()
    participants_message_id: str | None = None

    @property
    def is_draft(self) -> bool:
        return any(label.kind == LabelKind.DRAFTS for label in self.labels)

    @property
    def in_trash(self) -> bool:
        return any(label.kind == LabelKind.TRASH for label in self.labels)


@dataclass(frozen=True)
class Mailbox:
    """The Messagerie: the discussions (top level only) and the labels the server defines."""

    discussions: tuple[Discussion, ...]
    labels: tuple[DiscussionLabel, ...] = ()

    def discussion(self, subject: str) -> Discussion:
        """The first discussion with this subject (exact, then case-insensitive); KeyError if none."""
        for found in self.discussions:
            if found.subject == subject:
                return found
        for found in self.discussions:
            if found.subject.casefold() == subject.casefold():
                return found
        raise KeyError(subject)


@dataclass(frozen=True)
class Message:
    """One message of a discussion (``ListeMessages``)."""

    id: str
    author: str  # the name the server shows (public_gauche); the parent's own name for ``own``
    sent: datetime | None
    text: str  # readable text
    html: str | None = None  # the HTML exactly as sent, when the message is HTML
    own: bool = False  # written by the parent (emetteur)
    read: bool = True
    draft: bool = False
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None  # id of the message it answers (messageSource), if in this list
    possession: str | None = None


@dataclass(frozen=True)
class ReplyButton:
    """A way of sending a reply the server offers (``listeBoutons``): 0 send, 2 reply to all…"""

    kind: int
    label: str = ""
    id: str | int | None = None


@dataclass(frozen=True)
class DiscussionThread:
    """The messages of a discussion, oldest first, and what a reply needs."""

    messages: tuple[Message, ...]
    buttons: tuple[ReplyButton, ...] = ()
    # The message a reply answers (messagePourReponse): its id and kind, sent back as they came.
    reply_target_id: str | None = None
    reply_target_kind: int | None = None

    @property
    def can_reply(self) -> bool:
        return bool(self.buttons) and self.reply_target_id is not None

    @property
    def started(self) -> datetime | None:
        dates = [m.sent for m in self.messages if m.sent is not None]
        return min(dates) if dates else None

    @property
    def last(self) -> datetime | None:
        dates = [m.sent for m in self.messages if m.sent is not None]
        return max(dates) if dates else None
