"""Messagerie (tab 131): discussions, their messages, replies, new discussions, read marks.

Shapes: pronotepy.md §2 "Messaging (131)" and pawnote-papillon.md §1.2 "Discussions". The
discussions belong to the parent's account, not to one child; the calls still carry a child in
``Signature.membre`` as the web client does (the first child when none is given).

The ids a discussion carries (its message ownerships, ``possessions``) are only good for the
session that listed it: after a new login, list the discussions again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.messaging import (
    Discussion,
    DiscussionThread,
    Mailbox,
    Recipient,
    RecipientKind,
    ReplyButton,
)
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import TAB_MESSAGES, CallsBase
from espace_parents_tui.pronote.parse.messaging import (
    parse_mailbox,
    parse_participants,
    parse_recipients,
    parse_thread,
)
from espace_parents_tui.util.i18n import _


def _possessions(discussion: Discussion) -> list[dict[str, Any]]:
    return [{"N": ident} for ident in discussion.possessions]


def _check_write(raw: dict) -> None:
    """A write the server refused with messages (``RapportSaisie``) raises them."""
    problems = parse.parse_write_reply(raw, "SaisieMessage")
    if problems:
        raise errors.PronoteError(" ".join(problems), function="SaisieMessage")


class MessagingCalls(CallsBase):
    def _messaging_child(self, child: Child | str | None) -> Child | str | None:
        if child is not None:
            return child
        if self.account is not None and self.account.children:
            return self.account.children[0]
        return None

    async def discussions(
        self, child: Child | str | None = None, *, only_unread: bool = False, today: date | None = None
    ) -> Mailbox:
        """The Messagerie's discussions (``ListeMessagerie``); ``only_unread`` asks for unread ones only.

        ``today`` dates the relative labels ("mardi 10h30"); by default the computer's date.
        """
        data = {"avecMessage": True, "avecLu": not only_unread, "possessionMessageDiscussionUnique": None}
        raw = await self.call("ListeMessagerie", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        return parse_mailbox(raw, today or self.today())

    async def discussion_messages(
        self, discussion: Discussion, *, mark_read: bool = False, child: Child | str | None = None
    ) -> DiscussionThread:
        """The messages of a discussion (``ListeMessages``), oldest first.

        With ``mark_read`` the server marks them read, as the web page does when a discussion is
        opened; by default reading changes nothing.
        """
        data = {
            "listePossessionsMessages": _possessions(discussion),
            "marquerCommeLu": mark_read,
            "nbMessagesVus": 0,
        }
        raw = await self.call("ListeMessages", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        return parse_thread(raw)

    async def mark_discussion(
        self, discussion: Discussion, read: bool = True, *, child: Child | str | None = None
    ) -> None:
        """Mark every message of a discussion read (or unread): ``SaisieMessage`` ``pourLu``."""
        data = {"commande": "pourLu", "lu": read, "listePossessionsMessages": _possessions(discussion)}
        raw = await self.call("SaisieMessage", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        _check_write(raw)

    async def trash_discussion(
        self, discussion: Discussion, *, restore: bool = False, child: Child | str | None = None
    ) -> None:
        """Move a discussion to the trash (``corbeille``), or back out of it (``restauration``)."""
        data = {
            "commande": "restauration" if restore else "corbeille",
            "listePossessionsMessages": _possessions(discussion),
        }
        raw = await self.call("SaisieMessage", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        _check_write(raw)

    async def reply(
        self,
        discussion: Discussion,
        text: str,
        *,
        thread: DiscussionThread | None = None,
        button: ReplyButton | None = None,
        child: Child | str | None = None,
    ) -> None:
        """Send ``text`` (plain text) as a reply in a discussion.

        The reply answers the message the server names (``messagePourReponse``) with one of the
        buttons it offers (the first by default); ``thread`` spares a ``ListeMessages`` call when
        the messages were just read. A closed discussion offers no button: nothing is sent.
        """
        if not text.strip():
            raise errors.PronoteError(_("Le message est vide."), function="SaisieMessage")
        if thread is None:
            thread = await self.discussion_messages(discussion, child=child)
        if discussion.closed or not thread.can_reply:
            raise errors.PronoteError(
                _("Cette discussion est fermée : on ne peut plus y répondre."), function="SaisieMessage"
            )
        chosen = button or thread.buttons[0]
        target: dict[str, Any] = {"N": thread.reply_target_id}
        if thread.reply_target_kind is not None:
            target["G"] = thread.reply_target_kind
        bouton: dict[str, Any] = {"G": chosen.kind}
        if chosen.id is not None:
            bouton["N"] = chosen.id
        if chosen.label:
            bouton["L"] = chosen.label
        data = {"messagePourReponse": target, "contenu": text, "listeFichiers": [], "bouton": bouton}
        raw = await self.call("SaisieMessage", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        _check_write(raw)

    async def new_discussion(
        self,
        subject: str,
        text: str,
        recipients: Iterable[Recipient],
        *,
        child: Child | str | None = None,
    ) -> None:
        """Start a discussion with ``recipients`` (from :meth:`message_recipients`)."""
        chosen = list(recipients)
        if not chosen:
            raise errors.PronoteError(_("Choisissez au moins un destinataire."), function="SaisieMessage")
        if not text.strip():
            raise errors.PronoteError(_("Le message est vide."), function="SaisieMessage")
        data = {
            "objet": subject,
            "contenu": text,
            "estCreationCarnetLiaison": False,
            "listeFichiers": [],
            # pawnote-papillon.md §1.2: recipients are sent as new elements (E 2) of their kind.
            "listeDestinataires": [{"N": r.id, "G": r.kind, "L": r.name, "E": 2} for r in chosen],
        }
        raw = await self.call("SaisieMessage", data, tab=TAB_MESSAGES, child=self._messaging_child(child))
        _check_write(raw)

    async def message_recipients(self, child: Child | str | None = None) -> tuple[Recipient, ...]:
        """Who the parent may write to about a child: teachers, then staff (two calls)."""
        chosen = self._messaging_child(child)
        found: list[Recipient] = []
        for kind in (RecipientKind.TEACHER, RecipientKind.STAFF):

            def data(kind: int = int(kind)) -> dict[str, Any]:
                body: dict[str, Any] = {"onglet": {"N": 0, "G": kind}}
                if chosen is not None:
                    body["filtreElement"] = self.child_ref(chosen)
                return body

            raw = await self.call("ListeRessourcesPourCommunication", data, tab=TAB_MESSAGES, child=chosen)
            found.extend(parse_recipients(raw, int(kind)))
        return tuple(found)

    async def discussion_participants(
        self, discussion: Discussion, *, child: Child | str | None = None
    ) -> tuple[str, ...]:
        """The names of everyone taking part in a discussion (``SaisiePublicMessage``)."""
        if discussion.participants_message_id is None:
            return ()
        data = {
            "estDestinatairesReponse": False,
            "estPublicParticipant": True,
            "message": {"N": discussion.participants_message_id},
        }
        raw = await self.call(
            "SaisiePublicMessage", data, tab=TAB_MESSAGES, child=self._messaging_child(child)
        )
        return parse_participants(raw)
