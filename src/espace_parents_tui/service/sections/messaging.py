"""Messagerie, informations et sondages: the account's discussions and the school's news."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.messaging import Mailbox
from espace_parents_tui.models.news import NewsFeed
from espace_parents_tui.pronote.tabs import TAB_MESSAGES, TAB_NEWS
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_


async def _fetch_mailbox(client: Any, child: Child | None, scope: str) -> Mailbox:
    return await client.discussions()


def _mailbox_items(box: Mailbox) -> Iterable[Item]:
    for d in box.discussions:
        # One key per message count: a new message in a discussion is something new.
        yield Item(
            f"{d.subject}|{d.initiator}|{d.message_count}",
            d.subject,
            f"Message : {d.subject} ({d.initiator})",
        )


MESSAGES = Section(
    name="messages",
    title_fr=N_("Messagerie"),
    value_type=Mailbox,
    fetch=_fetch_mailbox,
    scopes=lambda ctx: [("all", 0)],
    default_scope=lambda ctx: "all",
    items=_mailbox_items,
    per_child=False,
    tab=TAB_MESSAGES,
)


async def _fetch_news(client: Any, child: Child | None, scope: str) -> NewsFeed:
    return await client.news(child)


def _news_items(feed: NewsFeed) -> Iterable[Item]:
    for item in feed.items:
        yield Item(
            f"{item.title}|{item.created.isoformat() if item.created else ''}",
            item.questions,
            f"Information : {item.title}",
        )


NEWS = Section(
    name="news",
    title_fr=N_("Informations et sondages"),
    value_type=NewsFeed,
    fetch=_fetch_news,
    scopes=lambda ctx: [("all", 0)],
    default_scope=lambda ctx: "all",
    items=_news_items,
    tab=TAB_NEWS,
)
