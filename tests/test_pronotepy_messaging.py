"""pronotepy 2.15.7 reads the Messagerie and Informations et sondages of ``espace-parents demo-server``.

The server runs as the real command in a subprocess, serving a school file; what pronotepy reads is
compared with what our own client reads from the same server for the same child, and with the
school file. pronotepy's own limits are left alone (it cannot answer surveys, its ``mark_as_read``
of news is known to fail on real parent accounts, #180): those writes are tested with our client in
``test_news.py`` and ``test_messaging.py``. The reads run first; the last test writes with pronotepy
(a reply, read marks, a new discussion) and reads the result with our client.
"""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import date

import pytest

from espace_parents_tui.pronote.client import PronoteClient

pronotepy = pytest.importorskip("pronotepy")

pytestmark = pytest.mark.pronotepy

TODAY = date(2026, 11, 24)
LABELS = {4: "Drafts", 5: "Trash"}


def ours(url: str, read):
    """Run ``read(client)`` with our client logged in to ``url``."""

    async def run():
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            return await read(client)

    return asyncio.run(run())


def squeeze(text: str) -> str:
    """Text without any white space: pronotepy drops tags, we turn blocks into new lines."""
    return re.sub(r"\s+", "", text)


def their_client(url: str, child_name: str):
    client = pronotepy.ParentClient(url, "demo", "demo")
    assert client.logged_in
    client.set_child(child_name)
    return client


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_discussions_and_messages(demo_server, child_key):
    url, school = demo_server
    child = school.child(child_key)
    parent = school.parents[0]
    client = their_client(url, child.name)
    theirs = client.discussions()

    async def read(our):
        box = await our.discussions(child.name, today=TODAY)
        threads = {d.subject: await our.discussion_messages(d, child=child.name) for d in box.discussions}
        people = {
            d.subject: await our.discussion_participants(d, child=child.name) for d in box.discussions[:3]
        }
        return box, threads, people, await our.message_recipients(child.name)

    box, threads, people, recipients = ours(url, read)
    assert len(theirs) == len(box.discussions) == len(parent.discussions)
    mine = {d.subject: d for d in box.discussions}
    for discussion in theirs:
        own = mine[discussion.subject]
        assert discussion.creator == own.initiator
        assert discussion.unread == own.unread
        assert discussion.closed == own.closed
        assert discussion.labels == [LABELS[label.kind] for label in own.labels]
        messages = discussion.messages
        thread = threads[discussion.subject]
        assert len(messages) == len(thread.messages)
        for their_message, our_message in zip(messages, thread.messages, strict=True):
            assert their_message.author == (None if our_message.own else our_message.author)
            assert their_message.created == our_message.sent
            if our_message.html is None:
                assert their_message.content == our_message.text
            else:
                assert squeeze(their_message.content) == squeeze(our_message.text)
        if discussion.subject in people:
            assert sorted(discussion.participants()) == sorted(people[discussion.subject])
    assert {d.subject for d in theirs if d.unread} == {d.subject for d in box.discussions if d.unread}

    found = client.get_recipients()
    assert [(r.name, r.type, r.email, r.functions) for r in found] == [
        (
            r.name,
            "teacher" if r.is_teacher else "staff",
            r.email,
            list(r.subjects) if r.is_teacher else [r.function],
        )
        for r in recipients
    ]


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_news(demo_server, child_key):
    url, school = demo_server
    child = school.child(child_key)
    client = their_client(url, child.name)
    theirs = client.information_and_surveys()
    feed = ours(url, lambda our: our.news(child.name))
    assert len(theirs) == len(feed.items) >= 9
    mine = {item.id: item for item in feed.items}
    assert len({i.title for i in theirs}) == len(theirs)
    by_title = {item.title: item for item in mine.values()}
    for info in theirs:
        own = by_title[info.title]
        assert (info.category, info.author, info.read, info.survey, info.anonymous_response) == (
            own.category,
            own.author,
            own.read,
            own.is_survey,
            own.anonymous,
        )
        assert (info.creation_date, info.start_date, info.end_date) == (own.created, own.start, own.end)
        # pronotepy shows the first text only.
        assert squeeze(info.content()) == squeeze(own.questions[0].text)
        assert [a.name for a in info.attachments()] == [a.name for a in own.attachments]
    photo = next(i for i in theirs if i.attachments())
    (attachment,) = photo.attachments()
    document = next(d for d in school.documents if d.name == attachment.name)
    assert attachment.data == base64.b64decode(document.data)
    assert {i.title for i in theirs if not i.read} == {i.title for i in feed.items if not i.read}


def test_pronotepy_writes_are_read_by_our_client(demo_server):
    """pronotepy's reply, read marks and new discussion land where our client reads them."""
    url, school = demo_server
    lea = school.child("lea")
    client = their_client(url, lea.name)
    discussions = client.discussions()
    unread = next(d for d in discussions if d.unread and not d.closed and not d.labels)
    unread.mark_as(True)
    unread.reply("Réponse envoyée par pronotepy.")
    teacher = next(r for r in client.get_recipients() if r.type == "teacher")
    client.new_discussion("Écrit par pronotepy", "Bonjour depuis pronotepy.", [teacher])

    async def read(our):
        box = await our.discussions(lea.name, today=TODAY)
        replied = next(d for d in box.discussions if d.subject == unread.subject)
        created = next(d for d in box.discussions if d.subject == "Écrit par pronotepy")
        return (
            replied,
            await our.discussion_messages(replied),
            await our.discussion_messages(created),
            await our.discussion_participants(created),
        )

    replied, thread, created, participants = ours(url, read)
    assert replied.unread == 0
    last = thread.messages[-1]
    assert (last.own, last.text, last.sent.date()) == (True, "Réponse envoyée par pronotepy.", TODAY)
    assert [m.text for m in created.messages] == ["Bonjour depuis pronotepy."]
    assert set(participants) == {teacher.name, school.parents[0].name}
    # pronotepy reads its own writes back too.
    again = next(d for d in client.discussions() if d.subject == unread.subject)
    assert (
        again.messages[-1].content == "Réponse envoyée par pronotepy." and again.messages[-1].author is None
    )
