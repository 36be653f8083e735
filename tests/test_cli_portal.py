"""The command line over the portal, the cache and the credential stores, against the emulated server."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.commands import SHOW_SECTIONS
from espace_parents_tui.demo.school import DiscussionMessage, Grade, LessonChange, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.settings.config import app_paths

TODAY = date(2026, 11, 24)  # a Tuesday: lessons this week and next (the commands get --today)
PASSWORD = "Mdp-Tilleuls-8d41c"


@pytest.fixture
def school():
    school = demo_school(TODAY)
    school.parents[0].password = PASSWORD
    return school


@pytest.fixture
def server(school):
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)
    yield app, thread
    thread.stop()


def run(argv, *, stdin: str = "", monkeypatch=None, capsys=None):
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--today", TODAY.isoformat(), *argv])
    out = capsys.readouterr() if capsys is not None else None
    return code, out


def login_ask(url, monkeypatch, capsys, account="famille"):
    code, out = run(
        ["login", "--server", url, "--username", "demo", "--password-stdin", "--ask", "--account", account],
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0, out.err
    return out


def test_sync_and_show_on_the_demo_with_nothing_set_up(world, capsys):
    code, out = run(["sync", "--demo"], capsys=capsys)
    assert code == 0, out.err
    assert "Synchronisation terminée" in out.out
    code, out = run(["show", "grades", "--demo", "--child", "Léa", "--json"], capsys=capsys)
    assert code == 0, out.err
    shown = json.loads(out.out)
    school = demo_school(TODAY)
    lea = school.child("lea")
    period = school.current_period(TODAY).name
    expected = sorted((g.subject, g.date.isoformat()) for g in lea.grades if g.period == period)
    assert sorted((g["subject"]["name"], g["day"]) for g in shown["data"]["grades"]) == expected
    assert shown["child"] == "MARTIN Léa" and shown["offline"] is False
    assert not app_paths().config_file.exists()


def test_no_keyring_is_said_plainly_and_nothing_is_stored(world, server, monkeypatch, capsys):
    _, thread = server
    code, out = run(
        ["login", "--server", thread.page_url, "--username", "demo", "--password-stdin"],
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 2
    assert "--insecure-storage" in out.err
    assert not app_paths().config_file.exists()
    assert not app_paths().credentials_file.exists()


def test_wrong_password_exit_code_2_and_lockout_3(world, school, monkeypatch, capsys):
    app = DemoServer(school, ServerOptions(today=TODAY, lockout_after=1))
    with ServerThread(app) as thread:
        argv = ["login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask"]
        code, out = run(argv, stdin="faux\n", monkeypatch=monkeypatch, capsys=capsys)
        assert code == 2, out.err
        assert "incorrect" in out.err
        code, out = run(argv, stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
        assert code == 3, out.err
        assert "Traceback" not in out.err


def test_offline_show_answers_from_the_last_sync(world, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys)
    code, out = run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out.err
    code, out = run(
        ["show", "grades", "--child", "Hugo", "--json"],
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    online = json.loads(out.out)
    thread.stop()

    code, out = run(["show", "grades", "--child", "Hugo", "--offline", "--json"], capsys=capsys)
    assert code == 0, out.err
    offline = json.loads(out.out)
    assert [g["day"] for g in offline["data"]["grades"]] == [g["day"] for g in online["data"]["grades"]]

    code, out = run(
        ["show", "grades", "--child", "Hugo", "--json"],
        stdin=PASSWORD + "\n",
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0, out.err
    shown = json.loads(out.out)
    assert shown["offline"] is True
    assert "hors ligne depuis" in out.err
    assert [g["day"] for g in shown["data"]["grades"]] == [g["day"] for g in online["data"]["grades"]]

    code, out = run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert "ne répond pas" in out.err and "Traceback" not in out.err


def test_second_sync_reports_exactly_what_the_server_added(world, school, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys)
    code, out = run(["sync", "--json"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out.err
    first = json.loads(out.out)
    assert first["new"] == [] and first["changed"] == []

    # Between the two syncs the school adds a grade for Léa and cancels one of Hugo's lessons.
    lea, hugo = school.child("lea"), school.child("hugo")
    period = school.current_period(TODAY).name
    day = max(TODAY - timedelta(days=1), school.period_named(period).start)
    lea.grades.append(
        Grade("MATHÉMATIQUES", day, period, out_of=20, value=16.5, comment="Interrogation surprise")
    )
    monday = (
        TODAY
        - timedelta(days=TODAY.weekday())
        + (timedelta(weeks=1) if TODAY.weekday() >= 5 else timedelta())
    )
    target = next(
        occ
        for d in range(5)
        for occ in school.lessons_on(hugo, monday + timedelta(days=d))
        if not occ.cancelled and occ.kind == "cours"
    )
    hugo.changes.append(LessonChange(date=target.day, start=target.start, kind="annule"))
    # …and a teacher writes in an open discussion (the server keeps its mailboxes, writes included,
    # in its state from the first read on).
    mailbox = app.state["messaging"]["demo"]
    discussion = next(d for d in mailbox if not d.closed and d.folder is None)
    teacher = next(p for p in discussion.participants if p != school.parents[0].name)
    discussion.messages.append(
        DiscussionMessage(
            teacher, datetime.combine(TODAY, time(7, 0)), "Merci pour votre message.", read=False
        )
    )

    code, out = run(["sync", "--json"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, out.err
    second = json.loads(out.out)
    assert sorted((c["child"], c["section"]) for c in second["new"]) == [
        ("*", "messages"),
        ("MARTIN Léa", "grades"),
    ]
    new_grade = next(c for c in second["new"] if c["section"] == "grades")
    assert "MATHÉMATIQUES" in new_grade["summary"] and "16,5/20" in new_grade["summary"]
    new_message = next(c for c in second["new"] if c["section"] == "messages")
    assert discussion.subject in new_message["summary"]
    assert [(c["child"], c["section"]) for c in second["changed"]] == [("MARTIN Hugo", "timetable")]
    assert target.start.strftime("%Hh%M") in second["changed"][0]["summary"]
    assert "annulé" in second["changed"][0]["summary"]

    code, out = run(["sync", "--json"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    third = json.loads(out.out)
    assert third["new"] == [] and third["changed"] == []


def test_corrupt_database_is_set_aside_and_rebuilt(world, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys)
    assert run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    db = app_paths().cache_dir / "famille.sqlite3"
    for name in (db.name + "-wal", db.name + "-shm"):
        (db.parent / name).unlink(missing_ok=True)
    db.write_bytes(b"ceci n'est pas une base SQLite" * 100)

    code, out = run(["show", "grades", "--child", "Léa", "--offline"], capsys=capsys)
    assert code == 1
    assert "mis de côté" in out.err and "Traceback" not in out.err
    assert list(db.parent.glob("famille.sqlite3.illisible-*"))

    assert run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    code, out = run(["show", "grades", "--child", "Léa", "--offline", "--json"], capsys=capsys)
    assert code == 0 and json.loads(out.out)["data"]["grades"]


def test_truncated_database_is_set_aside(world, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys)
    assert run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    db = app_paths().cache_dir / "famille.sqlite3"
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    code, out = run(["show", "timetable", "--child", "Léa", "--offline"], capsys=capsys)
    assert "Traceback" not in out.err
    assert code == 1
    assert "mis de côté" in out.err or "illisible" in out.err


def test_cache_files_are_private(world, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys)
    assert run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    cache_dir = app_paths().cache_dir
    assert (cache_dir.stat().st_mode & 0o777) == 0o700
    for path in cache_dir.iterdir():
        assert (path.stat().st_mode & 0o777) == 0o600, path
    # The password was typed, never stored.
    for path in Path(world).rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_accounts_and_logout(world, server, monkeypatch, capsys):
    app, thread = server
    login_ask(thread.page_url, monkeypatch, capsys, account="maman")
    code, out = run(["accounts"], capsys=capsys)
    assert code == 0 and "* maman" in out.out
    assert run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    assert (app_paths().cache_dir / "maman.sqlite3").exists()
    code, out = run(["logout", "--account", "maman"], capsys=capsys)
    assert code == 0, out.err
    assert not (app_paths().cache_dir / "maman.sqlite3").exists()
    code, out = run(["accounts"], capsys=capsys)
    assert "maman" not in out.out


def test_unknown_section_and_child_are_clear(world, capsys):
    code, out = run(["show", "bulletins-magiques", "--demo"], capsys=capsys)
    assert code == 2 and "Rubrique inconnue" in out.err
    code, out = run(["show", "grades", "--demo", "--child", "Zoé"], capsys=capsys)
    assert code == 1 and "Aucun enfant" in out.err


def test_english_messages(world, capsys):
    code, out = run(["--lang", "en", "sync", "--demo"], capsys=capsys)
    assert code == 0 and "Sync finished" in out.out


def _lesson_at(school, child, day: date, start: time):
    return next(o for o in school.lessons_on(child, day) if o.start == start)


def test_timetable_week_option(world, capsys):
    school = demo_school(TODAY)
    week = TODAY + timedelta(weeks=2)
    code, out = run(
        ["show", "timetable", "--demo", "--child", "Hugo", "--week", week.isoformat(), "--json"],
        capsys=capsys,
    )
    assert code == 0, out.err
    shown = json.loads(out.out)
    monday = week - timedelta(days=week.weekday())
    expected = sorted(
        datetime.combine(o.day, o.start).isoformat()
        for d in range(7)
        for o in school.lessons_on(school.child("hugo"), monday + timedelta(days=d))
    )
    assert sorted(lesson["start"] for lesson in shown["data"]) == expected
    assert shown["scope"] == monday.isoformat()


def test_no_secret_reaches_logs_or_errors(world, server, monkeypatch, capsys, caplog):
    app, thread = server
    caplog.set_level("DEBUG")
    login_ask(thread.page_url, monkeypatch, capsys)
    run(["sync"], stdin=PASSWORD + "\n", monkeypatch=monkeypatch, capsys=capsys)
    assert PASSWORD not in caplog.text
    assert os.environ.get("PYTHON_KEYRING_BACKEND") == "keyring.backends.fail.Keyring"


@pytest.mark.parametrize("section", SHOW_SECTIONS)
def test_every_section_shows_on_the_demo(world, capsys, section):
    code, out = run(["show", section, "--demo", "--child", "Hugo", "--json"], capsys=capsys)
    assert code == 0, out.err
    shown = json.loads(out.out)
    assert shown["section"] == section and shown["data"] is not None
    code, out = run(["show", section, "--demo", "--child", "Hugo"], capsys=capsys)
    assert code == 0, out.err
    assert out.out.strip() and "Traceback" not in out.err
