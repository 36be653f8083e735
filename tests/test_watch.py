"""watch: a sync, then desktop notifications (D-Bus on a private session bus, or the terminal)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from espace_parents_tui.cli import schedule
from espace_parents_tui.cli.main import main
from espace_parents_tui.demo.school import DiscussionMessage, Grade, demo_school
from espace_parents_tui.service.notify import Notification, TerminalNotifier, notifications, pick_notifier
from espace_parents_tui.settings.config import AccountConfig, ConfigStore
from espace_parents_tui.settings.credentials import FileStore
from espace_parents_tui.store import Change
from tui_helpers import TODAY, Served

PROBE = Path(__file__).with_name("notify_probe.py")
DAY = ["--today", TODAY.isoformat()]


@pytest.fixture
def account(world):
    """A saved account (its password in the opt-in file) on the demo school served in a thread."""
    served = Served(demo_school(TODAY), world / "unused")
    ConfigStore().add(
        AccountConfig(id="maison", server_url=served.thread.page_url, username="demo", storage="file"),
        make_default=True,
    )
    FileStore().set("maison", "password", served.school.parents[0].password)
    yield served
    served.stop()


def _school_adds_a_grade_and_a_message(served: Served) -> None:
    school = served.school
    period = school.current_period(TODAY)
    school.child("lea").grades.append(
        Grade("MATHÉMATIQUES", TODAY - timedelta(days=1), period.name, out_of=20, value=15.5)
    )
    mailbox = served.server.state["messaging"]["demo"]
    discussion = next(d for d in mailbox if not d.closed and d.folder is None)
    teacher = next(p for p in discussion.participants if p != school.parents[0].name)
    discussion.messages.append(
        DiscussionMessage(teacher, datetime.combine(TODAY, time(7, 45)), "Bien reçu.", read=False)
    )


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="dbus-run-session absent (paquet dbus-daemon)")
def test_watch_notifies_new_grades_and_messages_on_the_session_bus(account, world, capsys):
    assert main(["sync", *DAY]) == 0  # the first sync: everything is known from now on
    capsys.readouterr()
    _school_adds_a_grade_and_a_message(account)
    out = world / "calls.json"
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(PROBE), str(out), "watch", *DAY],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["exit"] == 0
    summaries = {call["summary"]: call for call in result["calls"]}
    assert set(summaries) == {"Nouvelles notes (1)", "Nouveaux messages (1)"}, result
    grade = summaries["Nouvelles notes (1)"]
    assert grade["app"] == "Espace Parents" and "Léa" in grade["body"] and "MATHÉMATIQUES" in grade["body"]
    assert "2 notifications envoyées." in done.stdout

    # At once again: too soon, the server is not asked.
    asked = sum(account.server.stats.requests.values()), account.server.stats.page_gets
    assert main(["watch", *DAY]) == 0
    assert "une au plus toutes les 15 minutes" in capsys.readouterr().out
    assert (sum(account.server.stats.requests.values()), account.server.stats.page_gets) == asked


def test_kinds_choose_what_is_notified():
    changes = [
        Change("MARTIN Léa", "grades", "T2|MATHS|x", "new", "MATHÉMATIQUES 15,5/20"),
        Change("MARTIN Léa", "school_life", "T2|absence|2026-11-23T08:00:00", "new", "Absence du 23/11 08h00"),
        Change("MARTIN Léa", "school_life", "T2|punition|2026-11-23|Retenue", "new", "Retenue (23/11)"),
        Change("MARTIN Hugo", "timetable", "2026-11-23|x", "changed", "ANGLAIS 24/11 10h00 — annulé"),
        Change("*", "news", "Sortie|x", "new", "Information : Sortie"),
        Change("MARTIN Hugo", "timetable", "2026-11-23|y", "new", "Cours ajouté"),
    ]
    every = notifications(changes)
    assert [n.kind for n in every] == ["grades", "absences", "news", "lessons"]
    absences = next(n for n in every if n.kind == "absences")
    assert absences.summary == "Absences et retards (1)" and "Retenue" not in absences.body
    assert [n.kind for n in notifications(changes, {"lessons"})] == ["lessons"]
    assert notifications(changes, set()) == []


def test_terminal_notification_is_plain_text():
    stream = io.StringIO()
    hostile = "Sortie \x1b]52;c;ZWNobyBwd25lZA==\x07 [bold]x[/] \u202egpj.exe"
    TerminalNotifier(stream).send(Notification("news", "Informations (1)", hostile))
    written = stream.getvalue()
    assert written.startswith("\x1b]777;notify;Informations (1);Sortie")
    payload = written.replace("\x1b]777;notify;", "", 1).replace("\x1b]9;", "", 1)
    assert "\x1b]52" not in written and "\u202e" not in written
    assert payload.count("\x1b") == 1 and payload.count("\x07") == 1  # only the sequences' own ends


def test_no_bus_and_no_terminal_sends_nothing(monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert pick_notifier(io.StringIO()) is None
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    assert isinstance(pick_notifier(tty), TerminalNotifier)


def test_timer_units_pass_systemd_verification(tmp_path):
    files = []
    for name, text in schedule.units("maison").items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    service = (tmp_path / f"{schedule.UNIT}.service").read_text(encoding="utf-8")
    assert f"ExecStart={schedule.program()} watch --account maison" in service
    assert "OnUnitActiveSec=15min" in (tmp_path / f"{schedule.UNIT}.timer").read_text(encoding="utf-8")
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze absent : fichiers écrits, non vérifiés")
    done = subprocess.run(["systemd-analyze", "verify", *files], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    broken = tmp_path / "broken.service"
    broken.write_text(service.replace("ExecStart=/", "ExecStart=relative/"), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0  # the check is real: a bad unit fails it


def test_install_without_systemd_prints_the_crontab_line(world, monkeypatch, capsys):
    empty = world / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no systemctl to be found
    assert main(["watch", "--install", "--account", "maison"]) == 0
    out = capsys.readouterr().out
    assert "crontab -e" in out
    line = out.strip().splitlines()[-1]
    assert line.startswith("*/15 * * * * /") and "watch --account maison --jitter 120" in line
    assert not (world / "xdg_config_home" / "systemd").exists()
    assert main(["watch", "--uninstall"]) == 0
    assert "Aucun minuteur systemd" in capsys.readouterr().out


def test_the_config_chooses_the_kinds_and_keeps_the_choice(account, world, capsys):
    assert main(["sync", *DAY]) == 0
    _school_adds_a_grade_and_a_message(account)
    store = ConfigStore()
    text = store.path.read_text(encoding="utf-8")
    store.path.write_text(text + "\n# pas de notification pour les messages\n[notifications]\nmessages = false\n")
    store.update(store.get("maison"))  # a save by the app keeps the parent's table and comment
    assert "[notifications]\nmessages = false" in store.path.read_text(encoding="utf-8")
    assert store.load().notifications == {"messages": False}
    capsys.readouterr()
    assert main(["watch", *DAY]) == 0  # no bus, no terminal here: counted, not sent
    assert "1 nouveauté, mais aucun moyen de notifier ici" in capsys.readouterr().out

    store.path.write_text(store.path.read_text(encoding="utf-8").replace("messages = false", 'messages = "non"'))
    assert main(["watch", *DAY]) == 2
    assert "notifications" in capsys.readouterr().err
