"""Server text is never markup and never reaches the terminal as an escape sequence, on any screen.

The app runs on the hostile school (``hostile_school.py``, served through the school-file format)
at 80×24. For each screen, the exact characters Textual would write to the terminal for a full
repaint are checked: no payload of the school (OSC 52 clipboard write, OSC 8 link, "report cursor
position", clear screen, C1 CSI, bell, backspace, NUL, right-to-left override) is in them; and what
the school wrote still shows: "[bold]Gras[/]" as written, "ROUGE" without its colour codes.
"""

from __future__ import annotations

import re

import pytest
from textual.command import CommandList
from textual.widgets import DataTable

from espace_parents_tui.demo.school.fileformat import load_school
from espace_parents_tui.tui.screens.attachments import AttachmentDialog, LinkScreen
from espace_parents_tui.tui.screens.news import NewsScreen
from espace_parents_tui.tui.screens.thread import ThreadScreen
from espace_parents_tui.tui.widgets.formatted import FormattedText
from espace_parents_tui.util.textsafe import is_clean
from hostile_school import FORBIDDEN, write_hostile_school
from tui_helpers import Served, press, settle

SIZE = (80, 24)


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(tmp_path / "dl"))
    served = Served(load_school(write_hostile_school(tmp_path)), tmp_path)
    yield served
    served.stop()


def terminal_output(app) -> str:
    """What Textual would write to the terminal to paint the whole current screen."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def shown_text(output: str) -> str:
    """The screen's text from a terminal output: Textual's own sequences out, one line per move."""
    output = re.sub(r"\x1b\[\d+;\d+H", "\n", output)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)


def assert_safe(app, *visible: str) -> str:
    output = terminal_output(app)
    leaked = [payload for payload in FORBIDDEN if payload in output]
    assert not leaked, f"sent to the terminal: {leaked!r}"
    shown = shown_text(output)
    assert "\x1b" not in shown  # only Textual's own colour and cursor sequences were there
    for part in visible:
        assert part in shown, f"{part!r} is not on the screen"
    return shown


async def _open(pilot, *keys: str) -> None:
    await press(pilot, *keys)


SECTIONS = [
    # (section key, keys pressed there, what must show literally)
    ("home", (), ["[bold]Gras[/]"]),
    ("grades", (), ["[bold]Gras[/]"]),
    ("timetable", (), ["[@click=app."]),
    ("school_life", (), ["[bold]Gras[/]"]),
    ("documents", (), ["ROUGE"]),
    ("menus", (), ["Salade [bold]Gras[/]", "ROUGE"]),
    ("team", (), ["ROUGE"]),
    ("calendar", (), ["Réunion [bold]Gras[/]"]),
    ("homework", (), ["[bold]Gras[/]"]),
    ("messages", (), ["Objet [bold]Gras[/]"]),
    ("record", ("o",), ["5e [bold]Gras[/]", "Domaine Devoirfdp.exe"]),  # the livret
    ("record", ("o", "enter"), ["MATHS [bold]Gras[/]", "ROUGE"]),  # a subject across the years
]


@pytest.mark.parametrize(("section", "keys", "visible"), SECTIONS, ids=[s[0] for s in SECTIONS])
async def test_each_section_shows_hostile_text_as_text(hostile, section, keys, visible):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section(section)
        await settle(pilot)
        await _open(pilot, *keys)
        assert_safe(app, *visible)
        assert app.is_running  # "[@click=app.quit]" quit nothing


async def test_grades_other_views_and_the_palette(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("grades")
        await settle(pilot)
        for _ in range(3):  # Moyennes, Compétences, Bulletin
            await press(pilot, "o")
            assert_safe(app)
        await press(pilot, "ctrl+p")
        await pilot.press(*"enfant")
        await settle(pilot)
        assert_safe(app)
        # The palette shows the child's name as written (its search highlight reads markup).
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("[bold]Gras[/] [/]" in p and "[@click=app.quit]" in p for p in prompts), prompts
        assert app.is_running


async def test_homework_dialog_formats_the_text_and_keeps_it_data(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("homework")
        await settle(pilot)
        table = app.screen.query_one("#homework-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        maths = next(i for i, row in enumerate(rows) if "MATHS" in row[1].plain)
        await press(pilot, "ctrl+home", *["down"] * maths, "enter")
        dialog = app.screen
        assert isinstance(dialog, AttachmentDialog)
        formatted = dialog.query_one(FormattedText)
        source = formatted.source
        assert "**jeudi**" in source and "| **Exercice** | **Barème** |" in source
        assert "[le corrigé](https://college.example/corrige.pdf)" in source
        assert "javascript" not in source and "tracker.example" not in source
        shown = assert_safe(app, "Pour jeudi")
        assert "**" not in shown  # bold is bold, not asterisks
        # The text's links are offered with the attachments; the javascript: one is not.
        urls = [a.url for a in dialog.attachments if a.is_link]
        assert "https://college.example/corrige.pdf" in urls and "mailto:prof@college.example" in urls
        assert not [u for u in urls if u and "javascript" in u]
        # A click on a link in the text only asks: nothing opens by itself.
        opened: list[str] = []
        app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
        formatted.post_message(formatted.LinkClicked(formatted, "https://college.example/corrige.pdf"))
        await settle(pilot)
        assert isinstance(app.screen, LinkScreen) and opened == []
        await press(pilot, "escape")
        formatted.post_message(formatted.LinkClicked(formatted, "javascript:alert(1)"))
        await settle(pilot)
        assert not isinstance(app.screen, LinkScreen) and opened == []
        assert app.is_running


async def test_lesson_contents_dialog(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("homework")
        await settle(pilot)
        await press(pilot, "o")
        assert_safe(app, "Chapitre [bold]Gras[/]")
        await press(pilot, "enter")
        assert isinstance(app.screen, AttachmentDialog)
        assert_safe(app, "Chapitre [bold]Gras[/]")


async def test_thread_dialog(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("messages")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        shown = assert_safe(app, "Objet [bold]Gras[/]")
        assert "ROUGE" in shown or "réunion" in shown
        bodies = [w.source for w in app.screen.query(FormattedText)]
        assert any("Texte brut \\[bold\\]Gras\\[/\\]" in b for b in bodies)  # plain text, escaped
        assert any("1. premier" in b for b in bodies)  # HTML list, formatted
        await press(pilot, "ctrl+home")
        assert_safe(app, "Texte brut [bold]Gras[/]")


async def test_news_dialog(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("messages")
        await settle(pilot)
        await press(pilot, "o")
        assert_safe(app, "Info [bold]Gras[/]")
        await press(pilot, "enter")
        assert isinstance(app.screen, NewsScreen)
        assert_safe(app, "Info [bold]Gras[/]", "ROUGE")
        urls = [link.url for link in app.screen.links]
        assert urls == ["https://college.example/sortie"]


async def test_timetable_and_calendar_details(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("calendar")
        await settle(pilot)
        await press(pilot, "enter")
        assert_safe(app)
        await press(pilot, "escape")
        app.action_section("timetable")
        await settle(pilot)
        await press(pilot, "enter")
        assert_safe(app)
        assert app.is_running


async def test_download_notifications_quote_the_file_name_cleaned(hostile):
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_section("homework")
        await settle(pilot)
        table = app.screen.query_one("#homework-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        maths = next(i for i, row in enumerate(rows) if "MATHS" in row[1].plain)
        await press(pilot, "ctrl+home", *["down"] * maths, "enter")
        dialog = app.screen
        index = next(i for i, a in enumerate(dialog.attachments) if a.name.endswith("couleur.pdf"))
        await press(pilot, "home", *["down"] * index, "enter")
        notes = [n.message for n in app._notifications]
        assert any("« ROUGEcouleur.pdf »" in note for note in notes), notes
        assert all(is_clean(note) for note in notes), notes  # what the toasts will show
        assert_safe(app)
        assert (hostile.cache_dir / "dl" / "ROUGEcouleur.pdf").is_file()
