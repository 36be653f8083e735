"""Cahier de textes: our client against the emulated server over loopback HTTP.

Values are checked against the demo school the server serves (``SCHOOL``), never against the
client's own output; the writes (homework ticked done) are read back, in the same session and in a
new one.
"""

from __future__ import annotations

import base64
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta

import pytest

from espace_parents_tui.demo.school import HAND_IN_KINDS, Parent, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import HandIn
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.pronote.parse.html import html_to_text

TODAY = date(2026, 11, 24)  # a Tuesday in the first trimester
SCHOOL = demo_school(TODAY)
LEA, HUGO = SCHOOL.child("lea"), SCHOOL.child("hugo")


@asynccontextmanager
async def logged_in(app: DemoServer | None = None, login: str = "demo"):
    app = app or DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password(login, login)
            yield client


def expected_homework(child, start: date, end: date):
    return sorted(
        (h for h in child.homework if start <= h.due <= end),
        key=lambda h: (h.due, h.subject, h.description),
    )


def attachment_view(attachments):
    """(name, url or None) of school attachments and of parsed ones alike."""
    return [(a.name, getattr(a, "url", None) or None) for a in attachments]


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_homework_of_a_month_is_the_schools(child):
    start, end = TODAY - timedelta(days=21), TODAY + timedelta(days=7)
    async with logged_in() as client:
        sent = client.requests_sent
        got = await client.homework(child.name, start, end)
        assert client.requests_sent == sent + 1  # one request for the whole range
    want = expected_homework(child, start, end)
    assert len(got) == len(want) >= 8
    got = sorted(got, key=lambda h: (h.due, h.subject.name, h.description_html))
    for mine, school in zip(got, want, strict=True):
        assert (mine.subject.name, mine.due, mine.given) == (school.subject, school.due, school.given)
        assert mine.description_html == school.description  # kept exactly as sent
        assert mine.description == html_to_text(school.description)
        assert mine.done == school.done
        assert mine.hand_in == HandIn(HAND_IN_KINDS.index(school.hand_in))
        assert mine.minutes == (school.minutes or None)
        assert mine.difficulty == school.difficulty
        assert list(mine.themes) == school.themes
        assert attachment_view(mine.attachments) == attachment_view(school.attachments)
        assert all(
            a.is_link == (s.url is not None)
            for a, s in zip(mine.attachments, school.attachments, strict=True)
        )
        assert mine.color == SCHOOL.subject(school.subject).color
        assert mine.lesson_book_id  # the lesson it was given in


async def test_the_showcase_weeks_have_every_kind_of_homework():
    async with logged_in() as client:
        got = await client.homework(LEA.name, TODAY, TODAY + timedelta(days=14))
    assert any(h.hand_in is HandIn.UPLOAD for h in got)
    assert any(not a.is_link for h in got for a in h.attachments)
    assert any(a.is_link and a.url.startswith("https://") for h in got for a in h.attachments)
    long = [h for h in got if "<ul>" in h.description_html]
    assert long and "• " in long[0].description and "(https://" in long[0].description


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_downloaded_attachments_have_the_school_files_bytes(child):
    with_files = [h for h in child.homework if any(a.document for a in h.attachments)]
    pdf = next(h for h in with_files if h.attachments[0].name.endswith(".pdf"))
    png = next(h for h in with_files if h.attachments[0].name.endswith(".png"))
    async with logged_in() as client:
        for item in (pdf, png):
            listed = await client.homework(child.name, item.due, item.due)
            mine = next(h for h in listed if h.description_html == item.description and h.attachments)
            data = await client.download(mine.attachments[0])
            document = SCHOOL.document(item.attachments[0].document)
            assert data == base64.b64decode(document.data)
            assert data[:4] in (b"%PDF", b"\x89PNG")


async def test_ticking_homework_done_is_kept_by_the_server():
    app = DemoServer(SCHOOL, ServerOptions(today=TODAY))
    start, end = TODAY, TODAY + timedelta(days=7)
    async with logged_in(app) as client:
        before = await client.homework(LEA.name, start, end)
        target = next(h for h in before if not h.done)
        other = await client.homework(HUGO.name, start, end)
        await client.set_homework_done(LEA.name, target, True)
        again = {h.id: h.done for h in await client.homework(LEA.name, start, end)}
        assert again[target.id] is True
        assert {k: v for k, v in again.items() if k != target.id} == {
            h.id: h.done for h in before if h.id != target.id
        }
        # The other child's homework is untouched, and cannot be ticked under this child.
        assert [h.done for h in await client.homework(HUGO.name, start, end)] == [h.done for h in other]
        with pytest.raises(errors.AccessDenied):
            await client.set_homework_done(LEA.name, other[0], True)
    # A new session (new ids) sees the write; unticking works too.
    async with logged_in(app) as client:
        listed = await client.homework(LEA.name, start, end)
        found = next(
            h for h in listed if h.description_html == target.description_html and h.due == target.due
        )
        assert found.done is True
        await client.set_homework_done(LEA.name, found, False)
        assert not next(h for h in await client.homework(LEA.name, start, end) if h.id == found.id).done
    # The school file itself is not changed: the server keeps writes for its run only.
    assert any(h.description == target.description_html and not h.done for h in LEA.homework)


async def test_an_id_from_another_session_is_an_expired_object():
    app = DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with logged_in(app) as client:
        old = (await client.homework(LEA.name, TODAY, TODAY + timedelta(days=7)))[0]
    async with logged_in(app) as client:
        with pytest.raises(errors.ExpiredObject):
            await client.set_homework_done(LEA.name, old, True)


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_lesson_contents_of_two_weeks_are_the_schools(child):
    monday = TODAY - timedelta(days=TODAY.weekday()) - timedelta(weeks=1)
    async with logged_in() as client:
        entries = await client.lesson_contents(child.name, monday, TODAY)
    want = sorted(
        (c for c in child.lesson_contents if monday <= c.date <= TODAY), key=lambda c: (c.date, c.start)
    )
    assert len(want) >= 20
    got = [(e.start, c) for e in entries for c in e.contents]
    assert [(s, c.title, c.category, c.description_html) for s, c in got] == [
        (datetime.combine(w.date, w.start), w.title, w.category, w.description) for w in want
    ]
    for entry in entries:
        (occ,) = [o for o in SCHOOL.lessons_on(child, entry.start.date()) if o.start == entry.start.time()]
        assert entry.subject.name == occ.subject
        assert list(entry.teachers) == occ.teachers
        assert entry.end == entry.start + timedelta(minutes=occ.minutes)
        assert list(entry.groups) == ([occ.group] if occ.group else [])
    tests = {(g.subject, g.date) for g in child.grades}
    for entry in entries:
        is_test = (entry.subject.name, entry.start.date()) in tests
        assert (entry.category == "Devoir sur table") == is_test
        if is_test:
            assert entry.contents[0].category_kind == 3


async def test_a_lessons_content_is_found_from_the_timetable():
    async with logged_in() as client:
        lessons = await client.timetable(LEA.name, TODAY - timedelta(days=7))
        with_content = {
            (c.date, c.start) for c in LEA.lesson_contents if TODAY - timedelta(days=8) <= c.date <= TODAY
        }
        checked = 0
        for lesson in lessons:
            entry = await client.lesson_content(LEA.name, lesson.start)
            key = (lesson.start.date(), lesson.start.time())
            if key in with_content:
                assert entry is not None and entry.lesson_id == lesson.id and lesson.has_content
                school = [c for c in LEA.lesson_contents if (c.date, c.start) == key]
                assert [c.title for c in entry.contents] == [c.title for c in school]
                checked += 1
            else:
                assert entry is None
        assert checked >= 10
        # Homework names the lesson book entry of the lesson it was given in.
        entries = await client.lesson_contents(LEA.name, TODAY - timedelta(days=7), TODAY)
        homework = await client.homework(LEA.name, TODAY - timedelta(days=7), TODAY + timedelta(days=7))
        by_start = {e.start: e.id for e in entries}
        linked = [
            h
            for h in homework
            if h.given
            and any(s.date() == h.given for s in by_start)
            and h.lesson_book_id in by_start.values()
        ]
        assert linked


async def test_lesson_content_attachments_download():
    content = next(c for c in LEA.lesson_contents if c.attachments)
    async with logged_in() as client:
        entry = await client.lesson_content(LEA.name, content.date, content.start)
        (mine,) = [c for c in entry.contents if c.title == content.title]
        assert [a.name for a in mine.attachments] == [a.name for a in content.attachments]
        data = await client.download(mine.attachments[0])
    assert data == base64.b64decode(SCHOOL.document(content.attachments[0].document).data)


async def test_digital_textbooks_follow_the_class_level():
    async with logged_in() as client:
        lea = await client.digital_resources(LEA.name)
        hugo = await client.digital_resources(HUGO.name)

    def expected(level):
        return sorted(b.title for b in SCHOOL.textbooks if not b.levels or level in b.levels)

    assert sorted(r.title for r in lea) == expected("4e")
    assert sorted(r.title for r in hugo) == expected("6e")
    assert all(r.publisher and r.subject and r.url.startswith("https://") for r in lea)


async def test_a_parent_without_the_homework_tab_is_refused_before_sending():
    school = demo_school(TODAY)
    school.parents.append(
        Parent("restreint", "restreint", "M. MARTIN Paul", [school.child("lea")], tabs=[16])
    )
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with logged_in(app, "restreint") as client:
        sent = client.requests_sent
        with pytest.raises(errors.AccessDenied):
            await client.homework("MARTIN Léa", TODAY)
        with pytest.raises(errors.AccessDenied):
            await client.lesson_contents("MARTIN Léa", TODAY)
        assert client.requests_sent == sent
