"""Parcours and Manuels in the app (Pilot, the demo school on loopback): each subject across the
years with its trend, a past report card downloaded as the school's PDF, a textbook's link offered
to open or copy and never fetched, and no section at all for a child the school has nothing for."""

from __future__ import annotations

import base64

import pytest
from textual.widgets import DataTable

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.tui.screens.attachments import LinkScreen
from espace_parents_tui.tui.screens.dialogs import InfoScreen
from espace_parents_tui.tui.screens.record import PastCardsScreen, RecordView
from espace_parents_tui.tui.screens.textbooks import TextbooksView
from espace_parents_tui.tui.widgets.bars import SectionBar
from tui_helpers import TODAY, Served, press, screen_lines, screen_text, settle


@pytest.fixture
def downloads(tmp_path, monkeypatch):
    folder = tmp_path / "downloads"
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder))
    return folder


@pytest.fixture
def bare_hugo(tmp_path):
    """The demo school where the second child has no grade yet, no past year, no livret and no
    textbook."""
    school = demo_school(TODAY)
    school.child("hugo").grades = []
    school.child("hugo").livret = []
    school.textbooks = [b for b in school.textbooks if "6e" not in b.levels]
    served = Served(school, tmp_path)
    yield served
    served.stop()


def bar_text(app) -> str:
    return str(app.query_one(SectionBar).render())


async def test_parcours_shows_each_subject_across_the_years_with_its_trend(served):
    app = served.app()
    lea = served.school.child("lea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "u" in bar_text(app)
        await press(pilot, "u")
        assert app.current == "record"
        view = app.query_one(RecordView)
        table = view.query_one(DataTable)
        assert view.subjects == view.record.subjects()
        assert table.row_count == len(view.subjects) + 1  # and the general average
        shown = screen_text(app)
        assert "24-25 6e B" in shown and "25-26 5e B" in shown and "26-27 4e B" in shown
        for row, subject in enumerate(view.subjects):
            cells = [str(c) for c in table.get_row_at(row)]
            trend = view.record.trend(subject)
            assert trend and trend in cells[-1]
            past = next(a for a in lea.past_years[1].averages if a.subject == subject)
            assert cells[2] == f"{past.average:.2f}".replace(".", ",")
        # One subject across the years.
        french = view.subjects.index("FRANÇAIS")
        table.move_cursor(row=french)
        await press(pilot, "enter")
        assert isinstance(app.screen, InfoScreen)
        detail = screen_text(app)
        assert "2024-2025" in detail and "2025-2026" in detail and "Tendance" in detail
        await press(pilot, "escape")


async def test_a_past_report_card_is_downloaded_as_the_schools_pdf(served, downloads):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "t")
        assert isinstance(app.screen, PastCardsScreen)
        assert len(app.screen.cards) == 6
        await press(pilot, "down", "enter")
        card = served.school.child("lea").past_years[0].report_cards[1]
        (saved,) = list(downloads.iterdir())
        assert saved.name.startswith("Bulletin Trimestre 2 2024-2025")
        assert saved.read_bytes() == base64.b64decode(served.school.document(card.document).data)
        assert any(str(saved) in n.message for n in app._notifications)


async def test_a_textbook_link_is_offered_never_fetched(served, downloads, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    app = served.app()
    opened: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        await settle(pilot)
        await press(pilot, "l")
        view = app.query_one(TextbooksView)
        first = view.books[0]
        assert first.url and first.url in screen_text(app)
        files_before = served.server.stats.file_gets
        await press(pilot, "enter")
        assert isinstance(app.screen, LinkScreen) and app.screen.can_open
        assert opened == []  # nothing opened before the parent chooses
        await press(pilot, "enter")  # "Ouvrir dans le navigateur"
        assert opened == [first.url]
        assert served.server.stats.file_gets == files_before
        assert not downloads.exists() or not list(downloads.iterdir())


async def test_a_child_the_school_has_nothing_for_gets_no_empty_section(bare_hugo):
    app = bare_hugo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert app.current == "record"
        await press(pilot, "ctrl+e")  # Hugo: nothing to follow, no textbook
        assert app.child.name == "MARTIN Hugo"
        await settle(pilot)
        assert app.current == "home"  # left the section this child does not have
        bar = bar_text(app)
        assert " u " not in f" {bar} " and " l " not in f" {bar} " and "Parcours" not in bar
        await press(pilot, "u")
        assert app.current == "home"
        assert any("ne propose pas la rubrique" in n.message for n in app._notifications)
        await press(pilot, "l")
        assert app.current == "home"
        await press(pilot, "ctrl+e")  # back to Léa: both sections again
        assert "Pa" in bar_text(app)
        await press(pilot, "u")
        assert app.current == "record"


async def test_an_account_without_the_tabs_has_neither_section(tmp_path):
    school = demo_school(TODAY)
    school.extra_tabs = []
    school.parents[0].tabs = [7, 16, 198, 12, 13, 19, 131, 148]
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert served.server.stats.requests.get("PageSuiviPluriannuel", 0) == 0
            assert served.server.stats.requests.get("ManuelsNumeriques", 0) == 0
            await press(pilot, "u", "l")
            assert app.current == "home"
    finally:
        served.stop()


async def test_a_school_with_only_the_past_report_cards_says_so_and_opens_them(tmp_path):
    """Tabs 227/228 without the suivi (tab 44): Parcours has no averages to show, says that the
    school gives only the report cards, and ``t`` lists them."""
    school = demo_school(TODAY)
    school.extra_tabs = [227, 228]
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "u")
            assert app.current == "record"
            shown = " ".join(" ".join(screen_lines(app)).split())
            assert "seulement leurs bulletins" in shown and "(6)" in shown
            assert "Moyenne générale" not in shown
            await press(pilot, "t")
            assert isinstance(app.screen, PastCardsScreen) and len(app.screen.cards) == 6
    finally:
        served.stop()
