"""Messagerie and Informations et sondages in the school file.

The cache holds the Messagerie's list (each discussion's subject, who started it, its date, how
many messages, how many unread, drafts, closed, labels), not the messages themselves (a discussion
is read on demand). So each discussion comes back with as many messages as the list said, the
unread ones last, dated at the discussion's date, each saying that its text is not in the bundle.
A discussion the parent started names nobody: its other participant is a placeholder.

Informations are per child in the cache and per school in the file: an item every child sees is
for all; one only some children see names them.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from espace_parents_tui.models.messaging import LabelKind, Mailbox
from espace_parents_tui.models.news import AnswerKind, NewsFeed, NewsItem
from espace_parents_tui.service.support.collect import Conversion, merge_orders

NOT_KEPT = "(Texte du message non conservé dans le cache : il n'est pas dans le bundle de support.)"
SOMEONE = "Correspondant (non conservé dans le cache)"
QUESTION_KINDS = {
    0: "accuse",
    1: "texte",
    2: "choix_unique",
    3: "choix_multiple",
    4: "information",
    5: "sans_reponse",
}


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _messages(conversion: Conversion, account: Any) -> None:
    boxes: list[Mailbox] = conversion.values("messages", None)
    if not boxes:
        return
    fetched = conversion.portal.cache.last_sync() or datetime.combine(conversion.settings.first_date, time(8))
    discussions = []
    for index, found in enumerate(boxes[-1].discussions, start=1):
        other = found.initiator or SOMEONE
        if other == SOMEONE and not any(s["name"] == SOMEONE for s in conversion.staff):
            conversion.staff.append({"name": SOMEONE})
        elif other != SOMEONE:
            conversion.names.person(other)
        sent = found.date or fetched
        count = max(1, found.message_count)
        unread = min(found.unread, count)
        messages = []
        for number in range(count):
            author = account.name if number == 0 and found.initiator is None else other
            is_unread = number >= count - unread
            if is_unread:
                author = other
            message: dict[str, Any] = {"author": author, "sent": _moment(sent), "text": NOT_KEPT}
            if is_unread:
                message["read"] = False
            messages.append(message)
        if found.initiator is None and count == unread:  # the parent wrote first, yet all are unread
            messages[0]["author"] = other
        entry: dict[str, Any] = {
            "key": f"discussion-{index}",
            "subject": found.subject,
            "participants": [other],
            "messages": messages,
        }
        if found.closed:
            entry["closed"] = True
        kinds = {label.kind for label in found.labels}
        if found.drafts or LabelKind.DRAFTS in kinds:
            entry["folder"] = "brouillons"
        elif LabelKind.TRASH in kinds:
            entry["folder"] = "corbeille"
        discussions.append(entry)
    conversion.parent["discussions"] = discussions


def _news(conversion: Conversion, account: Any) -> None:
    items: dict[tuple, dict[str, Any]] = {}
    seen_by: dict[tuple, list[str]] = {}
    orders: list[list[tuple]] = []
    categories: list[str] = []
    for child in account.children:
        feeds: list[NewsFeed] = conversion.values("news", child)
        if not feeds:
            continue
        feed = feeds[-1]
        categories += [c.name for c in feed.categories if c.name not in categories]
        order = []
        for item in feed.items:
            key = (item.title, item.created, item.category, item.author)
            order.append(key)
            items.setdefault(key, _item(conversion, item))
            seen_by.setdefault(key, []).append(conversion.keys[child.name])
        orders.append(order)
    if not items:
        return
    everyone = [conversion.keys[c.name] for c in account.children]
    news = []
    for number, key in enumerate(merge_orders(list(items), orders), start=1):
        entry = items[key]
        entry["key"] = f"information-{number}"
        if sorted(seen_by[key]) != sorted(everyone):
            entry["children"] = seen_by[key]
        if entry["category"] not in categories:
            categories.append(entry["category"])
        news.append(entry)
    conversion.extra["news_categories"] = categories
    conversion.extra["news"] = news


def _item(conversion: Conversion, item: NewsItem) -> dict[str, Any]:
    fetched = conversion.portal.cache.last_sync() or datetime.combine(conversion.settings.first_date, time(8))
    start = item.start or item.created or fetched
    end = item.end or fetched
    entry: dict[str, Any] = {
        "key": "",
        "title": item.title,
        "category": item.category,
        "author": item.author,
        "created": _moment(item.created or start),
        "start": start.date().isoformat(),
        "end": max(end, start).date().isoformat(),
        "questions": [_question(conversion, q) for q in item.questions],
    }
    for name, flag in (("survey", item.is_survey), ("read", item.read), ("anonymous", item.anonymous)):
        if flag:
            entry[name] = True
    return entry


def _question(conversion: Conversion, question: Any) -> dict[str, Any]:
    kind = QUESTION_KINDS.get(question.kind, "information")
    entry: dict[str, Any] = {"kind": kind}
    optional: dict[str, Any] = {
        "title": question.title or None,
        "text": question.html or question.text or None,
        "attachments": [conversion.documents.attachment(a) for a in question.attachments] or None,
        "choices": [c.label for c in question.choices] or None,
        "max_choices": question.max_choices,
        "max_length": question.max_length if kind == "texte" and question.max_length else None,
    }
    entry.update({k: v for k, v in optional.items() if v is not None})
    answer = question.answer
    if answer is not None and answer.answered:
        if question.kind in (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE):
            entry["chosen"] = list(answer.choices)
        else:
            entry["answer"] = answer.text
        if answer.answered_at is not None:
            entry["answered"] = _moment(answer.answered_at)
    return entry


ACCOUNT_COMMS = {"messages": _messages, "news": _news}
