"""pronotepy 2.15.7 reads the cahier de textes and the menus from ``espace-parents demo-server``.

The server runs as the real command in a subprocess, serving a school file. What pronotepy reads
(homework, lesson contents, menus, attachment bytes) must equal what our client reads from the same
server for the same child; a homework pronotepy ticks done is read back by our client.
"""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import date, timedelta

import pytest

from espace_parents_tui.models import Course
from espace_parents_tui.pronote.client import PronoteClient

pronotepy = pytest.importorskip("pronotepy")

pytestmark = pytest.mark.pronotepy

TODAY = date(2026, 11, 24)  # a Tuesday
FROM, TO = TODAY - timedelta(days=8), TODAY + timedelta(days=14)
LAST_WEEK = TODAY - timedelta(days=TODAY.weekday() + 7)


def ours(url: str, work):
    """Run ``work(client)`` with our client logged in to ``url``."""

    async def run():
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            return await work(client)

    return asyncio.run(run())


def same_text(theirs: str, mine: str) -> bool:
    """pronotepy strips the tags; we lay the text out (bullets, line breaks, link addresses).

    Both must carry the same characters once the layout is taken away.
    """
    mine = re.sub(r"\s*\((?:https?|mailto):[^)]*\)", "", mine).replace("•", "")
    return "".join(theirs.split()) == "".join(mine.split())


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_homework(demo_server, child_key):
    url, school = demo_server
    child = school.child(child_key)
    client = pronotepy.ParentClient(url, "demo", "demo")
    client.set_child(child.name)
    theirs = sorted(client.homework(FROM, TO), key=lambda h: (h.date, h.subject.name, h.description))
    mine = ours(url, lambda c: c.homework(child.name, FROM, TO))
    mine = sorted(mine, key=lambda h: (h.due, h.subject.name, h.description))
    assert len(theirs) == len(mine) == len([h for h in child.homework if FROM <= h.due <= TO]) >= 8
    assert any("<ul>" in h.description_html for h in mine)
    # Paired by content: the two read the same descriptions, laid out differently.
    for their in theirs:
        candidates = [
            h
            for h in mine
            if h.due == their.date
            and h.subject.name == their.subject.name
            and same_text(their.description, h.description)
        ]
        assert candidates, f"pronotepy a lu un devoir que notre client n'a pas : {their.description!r}"
        my = candidates[0]
        assert their.done == my.done
        assert their.background_color == my.color
        assert [(f.name, f.type) for f in their.files] == [
            (a.name, 0 if a.is_link else 1) for a in my.attachments
        ]
        assert [f.url for f in their.files if f.type == 0] == [a.url for a in my.attachments if a.is_link]


def test_pronotepy_downloads_the_schools_bytes_and_ticks_homework_done(demo_server):
    url, school = demo_server
    child = school.child("lea")
    client = pronotepy.ParentClient(url, "demo", "demo")
    client.set_child(child.name)
    listed = client.homework(FROM, TO)
    with_file = next(h for h in listed if any(f.type == 1 for f in h.files))
    their_file = next(f for f in with_file.files if f.type == 1)
    key = next(
        a.document
        for h in child.homework
        if h.due == with_file.date
        for a in h.attachments
        if a.name == their_file.name and a.document
    )
    document = school.document(key)
    assert their_file.data == base64.b64decode(document.data)

    target = next(h for h in listed if not h.done)
    target.set_done(True)
    after = ours(url, lambda c: c.homework(child.name, target.date, target.date))
    assert any(h.done and same_text(target.description, h.description) for h in after)
    target.set_done(False)
    after = ours(url, lambda c: c.homework(child.name, target.date, target.date))
    assert not any(h.done for h in after if same_text(target.description, h.description))


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
def test_pronotepy_reads_the_same_lesson_contents(demo_server, child_key):
    url, school = demo_server
    child = school.child(child_key)
    client = pronotepy.ParentClient(url, "demo", "demo")
    client.set_child(child.name)
    # pronotepy's end bound is a moment (midnight): Saturday keeps Friday's lessons.
    lessons = [lsn for lsn in client.lessons(LAST_WEEK, LAST_WEEK + timedelta(days=5)) if not lsn.canceled]
    mine = ours(url, lambda c: c.lesson_contents(child.name, LAST_WEEK, LAST_WEEK + timedelta(days=4)))
    by_start = {entry.start: entry for entry in mine}
    compared = 0
    for lesson in lessons:
        content = lesson.content
        entry = by_start.get(lesson.start)
        if entry is None:
            assert content is None
            continue
        first = entry.contents[0]
        assert content is not None
        assert (content.title, content.category) == (first.title, first.category)
        assert same_text(content.description or "", first.description)
        assert [f.name for f in content.files] == [a.name for a in first.attachments]
        compared += 1
    assert compared == len(mine) >= 15
    assert any(lsn.test for lsn in lessons) and any(
        by_start[lsn.start].category == "Devoir sur table"
        for lsn in lessons
        if lsn.test and lsn.start in by_start
    )


def test_pronotepy_reads_the_same_menus(demo_server):
    url, school = demo_server
    child = school.child("hugo")
    client = pronotepy.ParentClient(url, "demo", "demo")
    client.set_child(child.name)
    start, end = TODAY - timedelta(days=1), TODAY + timedelta(days=11)
    theirs = client.menus(start, end)
    mine = ours(url, lambda c: c.menus(child.name, start, end))
    assert len(theirs) == len(mine) == len([m for m in school.menus if start <= m.date <= end]) >= 8

    def their_courses(menu):
        found = {
            Course.STARTER: menu.first_meal,
            Course.MAIN: menu.main_meal,
            Course.SIDE: menu.side_meal,
            Course.OTHER: menu.other_meal,
            Course.CHEESE: menu.cheese,
            Course.DESSERT: menu.dessert,
        }
        return {
            kind: [(f.name, [lb.name for lb in f.labels]) for f in foods]
            for kind, foods in found.items()
            if foods
        }

    for their, my in zip(sorted(theirs, key=lambda m: m.date), mine, strict=True):
        assert (their.date, their.is_lunch, their.name) == (my.day, my.is_lunch, my.name)
        assert their_courses(their) == {
            course.kind: [(d.name, [t.name for t in d.labels]) for d in course.dishes]
            for course in my.courses
        }
