"""The app at any hour of any day: the date-sensitive flows at awkward instants, and ``--today``.

The suite's clock is frozen (``conftest.INSTANT``). Here a test moves it to an instant and runs
the app as a parent would without ``--today``: the one clock is the system's, and the demo school
is the one of that day. Messaging, homework, school life, the home page and what's new must hold
just after midnight, just before midnight, on a Saturday, in the summer holidays and at noon.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from textual.widgets import Input, SelectionList, TextArea

from conftest import PARIS
from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.launch import build_app
from espace_parents_tui.clock import SYSTEM, DayClock
from espace_parents_tui.demo.school import Grade, demo_school
from espace_parents_tui.service.actions.messaging import Chosen, new_discussion, recipients, reply
from espace_parents_tui.settings.config import AccountConfig, ConfigStore
from espace_parents_tui.settings.credentials import FileStore
from espace_parents_tui.tui.screens.compose import NewMessageScreen
from espace_parents_tui.tui.screens.home import HomeView
from espace_parents_tui.tui.screens.messages import MessagesView
from espace_parents_tui.wiring.demo import demo_portal
from tui_helpers import Served, press, screen_text, settle

INSTANTS = {
    "after-midnight": datetime(2026, 12, 1, 0, 1, tzinfo=PARIS),  # a Tuesday, before the 07:30 news
    "before-midnight": datetime(2026, 12, 2, 23, 59, tzinfo=PARIS),  # a Wednesday
    "saturday": datetime(2026, 12, 5, 0, 30, tzinfo=PARIS),  # the week-end: next week is the one shown
    "summer": datetime(2027, 7, 20, 11, 0, tzinfo=PARIS),  # the summer holidays
    "noon": datetime(2026, 12, 7, 12, 0, tzinfo=PARIS),
}


@pytest.fixture(params=list(INSTANTS), ids=list(INSTANTS))
def instant(request, _fixed_instant) -> datetime:
    moment = INSTANTS[request.param]
    _fixed_instant.move_to(moment)
    assert datetime.now() == moment.replace(tzinfo=None)  # naive times are Paris times
    return moment


def _newest(box):
    return max(box.discussions, key=lambda d: d.date or datetime.min)


async def test_portal_flows_at_any_hour(instant, tmp_path):
    day = instant.date()
    async with demo_portal(cache_dir=tmp_path) as portal:  # no --today: the system's clock
        assert portal.clock is SYSTEM and portal.clock.today() == day
        report = await portal.sync()
        assert report.datasets > 20 and not report.problems
        lea = portal.children()[0]
        # What the sync stored is what the screens read: both ask the same clock for "today".
        for section in ("homework", "home", "school_life", "timetable", "grades"):
            assert portal.read(section, lea) is not None, section
        assert portal.read("messages", None, "all") is not None

        # Messaging: what the parent writes now is the newest thing in the mailbox.
        teacher = next(r for r in await recipients(portal, lea) if r.subjects)
        box = await new_discussion(portal, lea, "Question du soir", "Bonjour", [Chosen(teacher.name, teacher.kind)])
        newest = _newest(box)
        assert newest.subject == "Question du soir"
        assert box.discussions[0].subject == "Question du soir"
        target = next(
            d for d in box.discussions if not d.closed and d.subject != "Question du soir" and not d.drafts
        )
        opened = await reply(portal, target.subject, target.initiator, "Merci, bien reçu.")
        last = opened.thread.messages[-1]
        assert last.text == "Merci, bien reçu." and last.own
        assert all(m.sent <= last.sent for m in opened.thread.messages if m.sent)

        # What's new: a grade the school adds now is reported by the next sync, and only it.
        school = portal.demo_server.school
        scope = portal.default_scope("grades", lea)
        period = school.period_named(scope)
        when = min(max(day - timedelta(days=1), period.start), period.end)
        school.child("lea").grades.append(Grade("MATHÉMATIQUES", when, scope, out_of=20, value=13.0))
        report = await portal.sync()
        new = [(c.child, c.section) for c in report.changes if c.kind == "new"]
        assert (lea.name, "grades") in new
        assert [c for c in report.changes if c.section == "grades"] == [
            c for c in report.changes if c.section == "grades" and c.child == lea.name
        ]
        assert len([c for c in report.changes if c.section == "grades"]) == 1


async def test_tui_home_and_new_message_at_any_hour(instant, tmp_path):
    day = instant.date()
    served = Served(demo_school(day), tmp_path, clock=SYSTEM)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.today() == day
            assert app.last_problem is None
            home = app.query_one(HomeView)
            school_day, _lessons = home.school_day()
            assert day <= school_day <= day + timedelta(days=10)
            assert "Accueil — MARTIN Léa" in screen_text(app)
            await press(pilot, "m")
            view = app.query_one(MessagesView)
            await press(pilot, "ctrl+n")
            screen = app.screen
            assert isinstance(screen, NewMessageScreen)
            names = [r.name for r in screen.recipients]
            teacher = next(r for r in screen.recipients if r.is_teacher)
            screen.query_one(SelectionList).highlighted = names.index(teacher.name)
            await press(pilot, "space", "tab")
            assert screen.query_one(Input).has_focus
            await press(pilot, *"Absence", "tab")
            assert screen.query_one(TextArea).has_focus
            await press(pilot, *"Bonjour")
            await press(pilot, "ctrl+s")
            assert not isinstance(app.screen, NewMessageScreen)
            assert view.discussions[0].subject == "Absence"
            assert max(view.discussions, key=lambda d: d.date or datetime.min).subject == "Absence"
    finally:
        served.stop()


# --- the support option ``--today`` -----------------------------------------------------------------

SUPPORT_DAY = date(2026, 12, 3)  # a Thursday, nine days after the suite's frozen day


def test_today_after_the_subcommand(world, capsys):
    shown = {}
    for argv in (
        ["show", "timetable", "--demo", "--today", SUPPORT_DAY.isoformat(), "--json"],
        ["--today", SUPPORT_DAY.isoformat(), "show", "timetable", "--demo", "--json"],
    ):
        assert cli.main(argv) == 0
        shown[argv[0]] = json.loads(capsys.readouterr().out)
    def without_ids(lessons):  # PRONOTE ids live as long as one server session
        return [{k: v for k, v in lesson.items() if k != "id"} for lesson in lessons]

    assert without_ids(shown["show"]["data"]) == without_ids(shown["--today"]["data"])
    monday = SUPPORT_DAY - timedelta(days=SUPPORT_DAY.weekday())
    days = {datetime.fromisoformat(lesson["start"]).date() for lesson in shown["show"]["data"]}
    assert days and all(monday <= d < monday + timedelta(days=7) for d in days)


def test_today_is_documented_and_checked(world, capsys):
    with pytest.raises(SystemExit):
        cli.main(["show", "--help"])
    assert "--today" in capsys.readouterr().out
    assert cli.main(["show", "grades", "--demo", "--today", "24/11/2026"]) == 2
    err = capsys.readouterr().err
    assert "date invalide" in err and "AAAA-MM-JJ" in err and "Traceback" not in err


async def test_tui_on_a_saved_account_shows_the_given_day(world, capsys):
    served = Served(demo_school(SUPPORT_DAY), world / "unused", clock=DayClock(SUPPORT_DAY))
    try:
        ConfigStore().add(
            AccountConfig(id="maison", server_url=served.thread.page_url, username="demo", storage="file"),
            make_default=True,
        )
        FileStore().set("maison", "password", served.school.parents[0].password)
        assert await asyncio.to_thread(cli.main, ["sync", "--today", SUPPORT_DAY.isoformat()]) == 0
        capsys.readouterr()
        app = build_app(cli.parse_args(["--today", SUPPORT_DAY.isoformat()]))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.today() == SUPPORT_DAY
            lea = app.kids[0]
            home_page = app.portal.read("home", lea)
            homework = app.portal.read("homework", lea)
            assert home_page is not None and homework is not None
            absent = [person.name for person in home_page.value.absent_staff]
            due = [hw for hw in homework.value if hw.due == SUPPORT_DAY]
            assert absent and due  # the demo school has both on that Thursday
            text = screen_text(app)
            assert "Professeurs absents" in text and all(name in text for name in absent)
            assert "Travail à faire pour jeudi 03/12" in text
            assert all(hw.subject.name in text for hw in due)
    finally:
        served.stop()


# --- small defects ------------------------------------------------------------------------------


def test_insecure_storage_warns_once(world, capsys):
    served = Served(demo_school(date(2026, 11, 24)), world / "unused")
    try:
        password = served.school.parents[0].password
        argv = ["login", "--server", served.thread.page_url, "--username", "demo", "--password-stdin"]
        import io

        sys_stdin = sys.stdin
        try:
            sys.stdin = io.StringIO(password + "\n")
            assert cli.main([*argv, "--insecure-storage"]) == 0
        finally:
            sys.stdin = sys_stdin
        capsys.readouterr()
        assert cli.main(["sync", "--today", "2026-11-24"]) == 0
        err = capsys.readouterr().err
        assert err.count("Attention") == 1 and "Attention : Attention" not in err
        assert "NON SÉCURISÉ" in err or "non chiffré" in err.lower() or "fichier" in err
    finally:
        served.stop()


def test_a_closed_pipe_ends_quietly(world):
    """``show … --json | head -c 10``: the reader is gone before the output is written."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "espace_parents_tui", "show", "grades", "--demo", "--json", "--today", "2026-11-24"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    process.stdout.close()  # as `head` does once it has what it wants
    _out, err = process.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Broken pipe" not in err, err
    assert process.returncode == 141


def test_a_closed_pipe_in_process(world, monkeypatch, capsys):
    read_end, write_end = os.pipe()
    os.close(read_end)
    broken = open(write_end, "w", encoding="utf-8")  # noqa: SIM115
    monkeypatch.setattr(sys, "stdout", broken)
    assert cli.main(["show", "grades", "--demo", "--json", "--today", "2026-11-24"]) == 141
    assert capsys.readouterr().err == ""


def test_a_closed_pipe_found_at_the_last_flush(world, monkeypatch, capsys):
    """A short answer waits in the buffer: the closed pipe shows only when it is flushed."""

    class Buffered(io.StringIO):
        def flush(self):
            if self.getvalue():
                raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Buffered())
    assert cli.main(["show", "children", "--demo", "--json", "--today", "2026-11-24"]) == 141
    assert capsys.readouterr().err == ""


def test_timetable_days_follow_the_language(world, capsys):
    assert cli.main(["show", "timetable", "--demo", "--today", "2026-11-24", "--child", "Léa"]) == 0
    french = capsys.readouterr().out
    assert "mar. 24/11" in french and "Tue" not in french
    assert cli.main(["--lang", "en", "show", "timetable", "--demo", "--today", "2026-11-24", "--child", "Léa"]) == 0
    english = capsys.readouterr().out
    assert "Tue 24/11" in english and "mar." not in english
