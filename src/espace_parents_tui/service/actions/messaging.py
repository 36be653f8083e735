"""Messagerie and Informations et sondages: the actions the screens ask for (portal layer).

PRONOTE ids only hold for the session that gave them, and the portal may have logged in again since
the data on screen was cached. So every action first re-reads its dataset through
``portal.fetch`` (which also refreshes the cache), finds the object again by stable content (a
discussion by subject and initiator, a news item by title and creation date, a message by its place,
author and date), acts on that fresh object, then re-reads the dataset so the lists show the change.

A refusal (a closed discussion, a survey answer that does not fit, a write the server turns down) is
a :class:`Refused`: one French sentence, and the portal is not marked offline for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from espace_parents_tui.models import Attachment, Child
from espace_parents_tui.models.messaging import Discussion, DiscussionThread, Mailbox, Recipient
from espace_parents_tui.models.news import NewsFeed, NewsItem
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.actions.uploads import cut_short
from espace_parents_tui.service.downloads import save_download
from espace_parents_tui.service.portal import Portal, PortalError
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import _

T = TypeVar("T")
REPLY = "reply"  # a reply's draft (kind)


class Refused(PortalError):
    """The school (or the client's own check) turned the action down; the session is fine."""


class _Stale(PortalError):
    """An id from an older session was sent (error 22): read the data again and retry once."""


async def _run(portal: Portal, action: Callable[[Any], Awaitable[T]]) -> T:
    """``portal.run`` where a refusal stays a refusal instead of "hors ligne"."""

    async def guarded(client: Any) -> T:
        try:
            return await action(client)
        except errors.ExpiredObject as exc:
            raise _Stale(_("Les données ont changé sur le serveur : réessayez.")) from exc
        except (errors.PageUnavailable, errors.AccessDenied) as exc:
            raise Refused(_("Le serveur PRONOTE a refusé l'opération ({exc}).").format(exc=exc)) from exc
        except errors.PronoteError as exc:
            if type(exc) is errors.PronoteError:  # the client's checks and RapportSaisie refusals
                raise Refused(str(exc)) from exc
            raise

    return await portal.run(guarded)


async def _fresh_then(
    find: Callable[[], Awaitable[Any]], act: Callable[[Any], Awaitable[T]]
) -> tuple[Any, T]:
    """Find the object in freshly read data and act on it; once more if the ids were stale."""
    for attempt in range(2):
        target = await find()
        try:
            return target, await act(target)
        except _Stale:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- Messagerie -------------------------------------------------------------------------------


async def refresh_mailbox(portal: Portal) -> Mailbox:
    return (await portal.fetch("messages", None, "all")).value


def find_discussion(box: Mailbox, subject: str, initiator: str | None) -> Discussion:
    for found in box.discussions:
        if found.subject == subject and found.initiator == initiator:
            return found
    raise Refused(_("La discussion « {subject} » n'est plus dans la messagerie.").format(subject=subject))


async def _fresh_discussion(portal: Portal, subject: str, initiator: str | None) -> Discussion:
    return find_discussion(await refresh_mailbox(portal), subject, initiator)


@dataclass(frozen=True)
class OpenedDiscussion:
    discussion: Discussion
    thread: DiscussionThread


async def open_discussion(
    portal: Portal, subject: str, initiator: str | None, *, mark_read: bool = True
) -> OpenedDiscussion:
    """The messages of a discussion, oldest first; opening it marks it read, as the web page does."""

    async def act(found: Discussion) -> DiscussionThread:
        return await _run(
            portal, lambda c: c.discussion_messages(found, mark_read=mark_read and found.unread > 0)
        )

    found, thread = await _fresh_then(lambda: _fresh_discussion(portal, subject, initiator), act)
    if mark_read and found.unread:
        found = await _fresh_discussion(portal, subject, initiator)
    return OpenedDiscussion(found, thread)


async def mark_discussion(portal: Portal, subject: str, initiator: str | None, read: bool) -> Discussion:
    """Mark every message of the discussion read (or unread); returns it as the server now lists it."""

    async def act(found: Discussion) -> None:
        await _run(portal, lambda c: c.mark_discussion(found, read))

    await _fresh_then(lambda: _fresh_discussion(portal, subject, initiator), act)
    return await _fresh_discussion(portal, subject, initiator)


def reply_key(subject: str, initiator: str | None) -> str:
    """A reply's draft key: the discussion, by what finds it again in any session."""
    return f"{initiator or ''}|{subject}"


def reply_draft(portal: Portal, subject: str, initiator: str | None) -> Draft | None:
    """The reply typed in this discussion and not sent yet (drafts of the Messagerie: child "")."""
    return Drafts(portal.cache).get("", REPLY, reply_key(subject, initiator))


async def reply(portal: Portal, subject: str, initiator: str | None, text: str) -> OpenedDiscussion:
    """Send ``text`` as a reply; returns the discussion and its messages, the reply included.

    The text is kept as a draft until the server has it (marked "sending" just before the request,
    so that a kill leaves it in doubt: ``in_doubt.py``); a failure keeps it with why."""
    drafts, key = Drafts(portal.cache), reply_key(subject, initiator)
    fields = {"subject": subject, "initiator": initiator or "", "text": text}
    drafts.save("", REPLY, key, fields)

    started: list[bool] = []  # the write left: a network failure then leaves it in doubt

    async def act(found: Discussion) -> None:
        async def send(client: Any) -> None:
            drafts.mark_sending("", REPLY, key)
            started.append(True)
            await client.reply(found, text)

        await _run(portal, send)

    try:
        await _fresh_then(lambda: _fresh_discussion(portal, subject, initiator), act)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save("", REPLY, key, fields, problem=exc.user_message)
        raise
    drafts.delete("", REPLY, key)
    return await open_discussion(portal, subject, initiator, mark_read=False)


async def recipients(portal: Portal, child: Child | None) -> tuple[Recipient, ...]:
    """Who the parent may write to about ``child``: teachers (with subjects), then staff."""
    name = child.name if child is not None else None
    return await _run(portal, lambda c: c.message_recipients(name))


@dataclass(frozen=True)
class Chosen:
    """A recipient as the screen names it (ids are re-read in the session that sends)."""

    name: str
    kind: int


DISCUSSION = "discussion"  # a new discussion's draft (kind); key: its subject


def _chosen_field(chosen: Sequence[Chosen]) -> str:
    return "\n".join(f"{int(c.kind)}|{c.name}" for c in chosen)


def chosen_of(draft: Draft) -> list[Chosen]:
    """The recipients a new discussion's draft names (as the screen named them)."""
    found = []
    for line in draft.fields.get("recipients", "").splitlines():
        kind, _sep, name = line.partition("|")
        if name and kind.isdigit():
            found.append(Chosen(name, int(kind)))
    return found


def discussion_draft(portal: Portal, child: Child | None) -> Draft | None:
    """The newest new message typed about ``child`` and not sent (drafts: child "" for none)."""
    kept = Drafts(portal.cache).list(child.name if child is not None else "", DISCUSSION)
    return kept[-1] if kept else None


async def new_discussion(
    portal: Portal, child: Child | None, subject: str, text: str, chosen: Sequence[Chosen]
) -> Mailbox:
    """Start a discussion; returns the mailbox as the server now lists it.

    Like a reply, the message is kept as a draft (child, ``DISCUSSION``, subject) until the server
    has it, marked "sending" just before the request (``in_doubt.py``); a failure keeps it with why."""
    if not subject.strip():
        raise Refused(_("Indiquez l'objet du message."))
    name = child.name if child is not None else None
    drafts, owner, key = Drafts(portal.cache), name or "", subject.strip()
    fields = {"subject": key, "text": text, "recipients": _chosen_field(chosen), "child": owner}
    drafts.save(owner, DISCUSSION, key, fields)
    started: list[bool] = []  # the write left: a network failure then leaves it in doubt

    async def send(client: Any) -> None:
        found = {(r.name, int(r.kind)): r for r in await client.message_recipients(name)}
        missing = [c.name for c in chosen if (c.name, int(c.kind)) not in found]
        if missing:
            raise Refused(_("Destinataire introuvable : {join}.").format(join=", ".join(missing)))
        people = [found[(c.name, int(c.kind))] for c in chosen]
        drafts.mark_sending(owner, DISCUSSION, key)  # a kill from here on leaves it in doubt
        started.append(True)
        await client.new_discussion(key, text, people, child=name)

    try:
        await _run(portal, send)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save(owner, DISCUSSION, key, fields, problem=exc.user_message)
        raise
    drafts.delete(owner, DISCUSSION, key)
    return await refresh_mailbox(portal)


async def download_message_attachment(
    portal: Portal,
    subject: str,
    initiator: str | None,
    index: int,
    author: str,
    sent: datetime | None,
    name: str,
) -> Path:
    """Save an attachment of the ``index``-th message (checked by author and date); returns the path."""

    async def act(found: Discussion) -> Path:
        async def fetch(client: Any) -> tuple[str, bytes]:
            thread = await client.discussion_messages(found)
            if index >= len(thread.messages):
                raise Refused(_("Ce message n'est plus dans la discussion."))
            message = thread.messages[index]
            if (message.author, message.sent) != (author, sent):
                raise Refused(_("Ce message n'est plus dans la discussion."))
            attachment = _attachment(message.attachments, name)
            return attachment.name, await client.download(attachment)

        file_name, content = await _run(portal, fetch)
        return await asyncio.to_thread(save_download, file_name, content)

    _found, path = await _fresh_then(lambda: _fresh_discussion(portal, subject, initiator), act)
    return path


def _attachment(attachments: Sequence[Attachment], name: str) -> Attachment:
    for attachment in attachments:
        if attachment.name == name:
            if attachment.is_link:
                raise Refused(
                    _("« {name} » est un lien : {value}")
                    .format(name=name, value=attachment.url or "")
                    .rstrip()
                )
            return attachment
    raise Refused(_("La pièce jointe « {name} » n'est plus disponible.").format(name=name))


# --- Informations et sondages -----------------------------------------------------------------


def _need_child(child: Child | None) -> Child:
    if child is None:
        raise Refused(_("Choisissez un enfant."))
    return child


async def refresh_news(portal: Portal, child: Child | None) -> NewsFeed:
    return (await portal.fetch("news", _need_child(child), "all")).value


def find_news(feed: NewsFeed, title: str, created: datetime | None) -> NewsItem:
    for found in feed.items:
        if found.title == title and found.created == created:
            return found
    raise Refused(_("L'information « {title} » n'est plus publiée.").format(title=title))


async def _fresh_news(portal: Portal, child: Child | None, title: str, created: datetime | None) -> NewsItem:
    return find_news(await refresh_news(portal, child), title, created)


async def _news_write(
    portal: Portal,
    child: Child | None,
    title: str,
    created: datetime | None,
    write: Callable[[Any, NewsItem, str], Awaitable[None]],
) -> NewsItem:
    name = _need_child(child).name

    async def act(found: NewsItem) -> None:
        await _run(portal, lambda c: write(c, found, name))

    await _fresh_then(lambda: _fresh_news(portal, child, title, created), act)
    return await _fresh_news(portal, child, title, created)


async def mark_news_read(
    portal: Portal, child: Child | None, title: str, created: datetime | None, read: bool = True
) -> NewsItem:
    """Mark an item read (or unread); returns it as the server now lists it."""
    return await _news_write(
        portal, child, title, created, lambda c, item, name: c.mark_news_read(item, read, child=name)
    )


async def acknowledge_news(
    portal: Portal, child: Child | None, title: str, created: datetime | None
) -> NewsItem:
    """Acknowledge ("J'ai pris connaissance") an information that asks for it."""
    return await _news_write(
        portal, child, title, created, lambda c, item, name: c.acknowledge_news(item, child=name)
    )


Answer = str | Sequence[int]


async def answer_survey(
    portal: Portal,
    child: Child | None,
    title: str,
    created: datetime | None,
    answers: Mapping[int, Answer],
) -> NewsItem:
    """Answer a survey: ``answers`` maps a question's place in the item to a text or choice ranks.

    The client checks each answer against its question before anything is sent.
    """

    async def write(client: Any, item: NewsItem, name: str) -> None:
        by_question: dict[str, Answer] = {}
        for index, value in answers.items():
            if index >= len(item.questions):
                raise Refused(_("Le sondage « {title} » a changé : rouvrez-le.").format(title=title))
            by_question[item.questions[index].id] = value if isinstance(value, str) else list(value)
        await client.answer_news(item, by_question, child=name)

    return await _news_write(portal, child, title, created, write)


async def download_news_attachment(
    portal: Portal, child: Child | None, title: str, created: datetime | None, name: str
) -> Path:
    """Save an attachment of a news item; returns the path."""

    async def act(found: NewsItem) -> Path:
        async def fetch(client: Any) -> tuple[str, bytes]:
            attachment = _attachment(found.attachments, name)
            return attachment.name, await client.download(attachment)

        file_name, content = await _run(portal, fetch)
        return await asyncio.to_thread(save_download, file_name, content)

    _found, path = await _fresh_then(lambda: _fresh_news(portal, child, title, created), act)
    return path
