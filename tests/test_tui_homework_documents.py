"""Cahier de textes and Documents driven with Pilot against the emulated server.

Checked against the demo school the server serves and against the server's own state (a second
read through a fresh client), never against the app's output alone: homework of the week, the
family's tick written to the server (and a refusal said in French), attachments downloaded with
the school's exact bytes (also after the session that listed them is gone), links opened or copied
and never downloaded, report-card PDFs from the Documents list, weeks not in the cache fetched.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from espace_parents_tui.demo.pages import PAGES
from espace_parents_tui.demo.pages.contract import PageFault
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.tui.screens.attachments import AttachmentDialog, LinkScreen
from espace_parents_tui.tui.screens.documents import DocumentsView
from espace_parents_tui.tui.screens.homework import HomeworkView
from tui_helpers import TODAY, press, settle
from tui_helpers import screen_text as _screen_text

MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    folder = tmp_path / "Téléchargements"
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder))
    return folder


def _school_week(served, week_monday, key: str = "lea"):
    child = served.school.child(key)
    end = week_monday + timedelta(days=7)
    return [h for h in child.homework if week_monday <= h.due < end]


def _document_bytes(served, key: str) -> bytes:
    return base64.b64decode(served.school.document(key).data)


async def _fresh_homework(served, start, end):
    """The homework as the server now holds it, read in a new session of a new client."""
    parent = served.school.parents[0]
    async with PronoteClient(served.thread.page_url) as client:
        await client.login_password(parent.login, parent.password)
        return await client.homework(served.school.child("lea").name, start, end)


async def _go_to_row(pilot, index: int) -> None:
    """Move the focused table's cursor to a row with the keyboard (one settle at the end)."""
    await pilot.press("ctrl+home", *["down"] * index)
    await settle(pilot)


async def _open_row(pilot, view: HomeworkView, predicate) -> int:
    index = next(i for i, (hw, _scope) in enumerate(view.homework_rows) if predicate(hw))
    await _go_to_row(pilot, index)
    return index


async def test_homework_of_the_week_is_the_schools(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        assert app.current == "homework" and view.week == MONDAY
        shown = [(hw.subject.name, hw.due, hw.done) for hw, _scope in view.homework_rows]
        want = sorted((h.subject, h.due, h.done) for h in _school_week(served, MONDAY))
        assert sorted(shown) == want and len(want) >= 3
        screen = _screen_text(app)
        assert "Traceback" not in screen
        assert all(subject[:10] in screen for subject, _due, _done in want)
        assert "✓ fait" in screen and "à faire" in screen


async def test_week_navigation_fetches_only_weeks_not_cached(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        asked = served.server.stats.requests["PageCahierDeTexte"]
        await press(pilot, "full_stop")  # next week: inside the three weeks the sync read
        assert view.week == MONDAY + timedelta(weeks=1)
        assert served.server.stats.requests["PageCahierDeTexte"] == asked
        await press(pilot, "full_stop", "full_stop")  # three weeks ahead: fetched now
        third = MONDAY + timedelta(weeks=3)
        assert view.week == third
        assert served.server.stats.requests["PageCahierDeTexte"] == asked + 1
        shown = sorted((hw.subject.name, hw.due) for hw, _ in view.homework_rows)
        assert shown == sorted((h.subject, h.due) for h in _school_week(served, third))
        await press(pilot, "t")
        assert view.week == MONDAY


async def test_space_ticks_homework_done_on_the_server(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        index = await _open_row(pilot, view, lambda hw: not hw.done)
        target = view.homework_rows[index][0]
        await served.portal.close()  # the cached ids now belong to a session that is gone
        await press(pilot, "space")
        assert served.server.stats.requests["SaisieTAFFaitEleve"] == 1
        fresh = await _fresh_homework(served, target.due, target.due)
        mine = next(h for h in fresh if h.description == target.description)
        assert mine.done is True
        assert view.homework_rows[index][0].done is True  # the screen shows the server's state
        assert app.last_problem is None

        await press(pilot, "space")  # and back
        fresh = await _fresh_homework(served, target.due, target.due)
        assert next(h for h in fresh if h.description == target.description).done is False
        assert view.homework_rows[index][0].done is False


async def test_a_refused_tick_is_said_in_french_and_nothing_changes(served):
    def refuse(request):
        raise PageFault(3, "Action non autorisée pour ce profil")

    served.server.pages = {**PAGES, "SaisieTAFFaitEleve": refuse}
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        index = await _open_row(pilot, view, lambda hw: not hw.done)
        target = view.homework_rows[index][0]
        await press(pilot, "space")
        assert app.last_problem is not None
        assert "compte parent" in app.last_problem and "Action non autorisée" in app.last_problem
        assert app.portal.freshness().offline_since is None  # a refusal is not "offline"
        fresh = await _fresh_homework(served, target.due, target.due)
        assert next(h for h in fresh if h.description == target.description).done is False
        assert view.homework_rows[index][0].done is False
        assert "Traceback" not in _screen_text(app)


async def test_download_an_attachment_from_the_homework_dialog(served, downloads, monkeypatch):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        school_hw = next(h for h in _school_week(served, MONDAY) if any(a.document for a in h.attachments))
        await _open_row(pilot, view, lambda hw: hw.description.startswith(school_hw.description[:20]))
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, AttachmentDialog)
        assert school_hw.attachments[0].name in _screen_text(app)
        await served.portal.close()  # the file id listed before is no good in the next session
        files_before = served.server.stats.file_gets
        await press(pilot, "enter")
        saved = list(downloads.iterdir())
        assert [p.name for p in saved] == [school_hw.attachments[0].name]
        assert saved[0].read_bytes() == _document_bytes(served, school_hw.attachments[0].document)
        assert served.server.stats.file_gets == files_before + 1
        assert app.screen is dialog  # the dialog stays open; the app said where the file went

        blocked = downloads.parent / "not-a-folder"
        blocked.write_text("")
        monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(blocked))
        await press(pilot, "enter")  # a folder that cannot be written: one French sentence
        assert app.last_problem and app.last_problem.startswith("Impossible d'enregistrer")
        assert app.screen is dialog and "Traceback" not in _screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, AttachmentDialog)


async def test_a_link_is_copied_or_opened_never_downloaded(served, downloads, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = served.app()
    opened: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        await settle(pilot)
        await press(pilot, "c")
        view = app.query_one(HomeworkView)
        school_hw = next(h for h in _school_week(served, MONDAY) if any(a.url for a in h.attachments))
        link = school_hw.attachments[0]
        await _open_row(pilot, view, lambda hw: any(a.is_link for a in hw.attachments))
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, LinkScreen)
        assert not app.screen.can_open  # no graphical browser here: only "copy" is offered
        assert "copiez l'adresse" in _screen_text(app)
        files_before = served.server.stats.file_gets
        await press(pilot, "enter")
        assert app.clipboard == link.url
        assert served.server.stats.file_gets == files_before
        assert not downloads.exists() or not list(downloads.iterdir())

        monkeypatch.setenv("DISPLAY", ":0")
        await press(pilot, "enter")  # the dialog is still open on the link
        assert isinstance(app.screen, LinkScreen) and app.screen.can_open
        await press(pilot, "enter")  # "Ouvrir dans le navigateur" comes first
        assert opened == [link.url]


async def test_lesson_contents_by_day_and_an_older_week_with_a_file(served, downloads):
    app = served.app()
    lea = served.school.child("lea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c", "o")
        view = app.query_one(HomeworkView)
        shown = [(e.start.date(), e.start.time(), e.contents[0].title) for e in view.lesson_rows]
        want = sorted(
            (c.date, c.start, c.title)
            for c in lea.lesson_contents
            if MONDAY <= c.date < MONDAY + timedelta(days=7)
        )
        assert shown == want
        # Back to the first week of the school file with a lesson file in it: fetched now.
        with_file = max(
            (c for c in lea.lesson_contents if c.attachments and c.date < MONDAY - timedelta(weeks=1)),
            key=lambda c: c.date,
        )
        weeks = (MONDAY - (with_file.date - timedelta(days=with_file.date.weekday()))).days // 7
        asked = served.server.stats.requests["PageCahierDeTexte"]
        await press(pilot, *["comma"] * weeks)
        assert served.server.stats.requests["PageCahierDeTexte"] > asked
        index = next(
            i
            for i, e in enumerate(view.lesson_rows)
            if e.start.date() == with_file.date and e.start.time() == with_file.start
        )
        await _go_to_row(pilot, index)
        await press(pilot, "enter")
        assert isinstance(app.screen, AttachmentDialog)
        assert with_file.title in _screen_text(app)
        await press(pilot, "enter")
        saved = list(downloads.iterdir())
        assert len(saved) == 1
        assert saved[0].read_bytes() == _document_bytes(served, with_file.attachments[0].document)


async def test_documents_list_and_the_report_card_pdf(served, downloads):
    app = served.app()
    lea = served.school.child("lea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        view = app.query_one(DocumentsView)
        origins = {e.origin for e in view.entries}
        assert {"Bulletin", "Travail à faire", "Informations"} <= origins
        names = {e.name for e in view.entries}
        week_files = {a.name for h in _school_week(served, MONDAY) for a in h.attachments}
        news_files = {a.name for n in served.school.news for q in n.questions for a in q.attachments}
        assert week_files <= names and news_files <= names
        reports = [e for e in view.entries if e.section == "report"]
        assert [e.scope for e in reports] == [c.period for c in lea.report_cards]
        assert "Bulletin" in _screen_text(app)

        index = view.entries.index(reports[0])
        await _go_to_row(pilot, index)
        await press(pilot, "enter")
        saved = list(downloads.iterdir())
        assert len(saved) == 1 and saved[0].suffix == ".pdf"
        assert saved[0].read_bytes() == _document_bytes(served, lea.report_cards[0].document)
        assert served.server.stats.requests["GenerationPDF"] == 1

        news = next(e for e in view.entries if e.section == "news" and not e.is_link)
        await _go_to_row(pilot, view.entries.index(news))
        await press(pilot, "enter")
        document = next(
            a.document
            for n in served.school.news
            for q in n.questions
            for a in q.attachments
            if a.name == news.name
        )
        saved = sorted(downloads.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        assert len(saved) == 2 and saved[-1].name == news.name
        assert saved[-1].read_bytes() == _document_bytes(served, document)

        await press(pilot, "ctrl+e")  # the other child: the list follows
        assert app.child.name == "MARTIN Hugo"
        hugo_reports = [e.scope for e in view.entries if e.section == "report"]
        assert hugo_reports == [c.period for c in served.school.child("hugo").report_cards]
