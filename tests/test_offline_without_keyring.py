"""Reading the cache never needs the secret (issue 13, the defect to fix first).

A parent logs in and syncs where the keyring works (a real Secret Service: private D-Bus and
gnome-keyring). Later, in a session with no keyring at all (SSH: ``keyring.backends.fail.Keyring``),
``show --offline``, ``locate`` and the terminal app on the cache still work; only what talks to the
server asks for the password, with the choices the no-keyring path offers (``--ask``, or log in again
with ``--ask`` / ``--insecure-storage``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from secret_service_helper import MISSING, start_secret_service

TODAY = date(2026, 11, 24)
PASSWORD = "Mdp-Trousseau-51c2"
CLI = [sys.executable, "-m", "espace_parents_tui", "--today", TODAY.isoformat()]
FAIL_BACKEND = "keyring.backends.fail.Keyring"

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Secret Service : Linux seulement"),
    pytest.mark.skipif(bool(MISSING), reason="Secret Service absent, il manque : " + ", ".join(MISSING)),
]


def _cli(env, *args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)


def _no_keyring(env: dict[str, str]) -> dict[str, str]:
    """The same user, files and account, in a session without any keyring (SSH, no D-Bus)."""
    env = {k: v for k, v in env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["PYTHON_KEYRING_BACKEND"] = FAIL_BACKEND
    return env


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """An account logged in and synced with a real Secret Service; the server is then stopped."""
    root = tmp_path_factory.mktemp("ssh")
    service = start_secret_service(root / "ss")
    try:
        env = dict(service.env)
        school = demo_school(TODAY)
        school.parents[0].password = PASSWORD
        app = DemoServer(school, ServerOptions(today=TODAY))
        with ServerThread(app) as thread:
            done = _cli(
                env,
                "login",
                "--server",
                thread.page_url,
                "--username",
                "demo",
                "--password-stdin",
                "--account",
                "famille",
                stdin=PASSWORD + "\n",
            )
            assert done.returncode == 0, done.stderr
            done = _cli(env, "sync")
            assert done.returncode == 0, done.stderr
            online = _cli(env, "show", "grades", "--offline", "--json")
            assert online.returncode == 0, online.stderr
            stored = service.secret_tool(
                "lookup", "service", "espace-parents", "username", "famille:password"
            )
            assert stored.stdout.decode() == PASSWORD  # the secret really is in the Secret Service
            yield env, json.loads(online.stdout), app
    finally:
        service.stop()


def test_locate_reports_the_fail_backend(synced):
    env, _, _ = synced
    done = _cli(_no_keyring(env), "locate")
    assert done.returncode == 0, done.stderr
    assert FAIL_BACKEND in done.stdout and "Traceback" not in done.stderr


def test_show_offline_reads_the_cache_without_any_keyring(synced):
    env, grades, _ = synced
    done = _cli(_no_keyring(env), "show", "grades", "--offline", "--json")
    assert done.returncode == 0, done.stderr
    assert "trousseau" not in done.stderr.lower()
    shown = json.loads(done.stdout)
    assert shown["data"] == grades["data"] and shown["data"]["grades"]
    # Every other section reads just as well (children, timetable…).
    for section in ("children", "timetable", "homework"):
        done = _cli(_no_keyring(env), "show", section, "--offline", "--json")
        assert done.returncode == 0, (section, done.stderr)


def test_show_online_without_keyring_says_so_and_answers_from_the_cache(synced):
    env, grades, _ = synced
    done = _cli(_no_keyring(env), "show", "grades", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"] == grades["data"]
    assert "Pas de trousseau utilisable" in done.stderr and "--ask" in done.stderr
    assert "Traceback" not in done.stderr


def test_sync_without_keyring_asks_with_the_no_keyring_choices(synced):
    env, grades, _ = synced
    done = _cli(_no_keyring(env), "sync")
    assert done.returncode == 2
    assert "Pas de trousseau utilisable" in done.stderr
    assert "--ask" in done.stderr and "--insecure-storage" in done.stderr
    assert "Traceback" not in done.stderr
    # The cache is untouched by the refusal.
    again = _cli(_no_keyring(env), "show", "grades", "--offline", "--json")
    assert json.loads(again.stdout)["data"] == grades["data"]


async def test_the_app_opens_on_the_cache_without_any_keyring(synced, monkeypatch):
    """The terminal app, launched as ``espace-parents`` would be, shows the cached grades."""
    from textual.widgets import Button

    from espace_parents_tui.cli.launch import build_app
    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.tui.screens.login import NoKeyringScreen, PasswordScreen
    from tui_helpers import screen_text, settle, wait_for

    env, grades, server = synced
    before = server.stats.requests["PageEmploiDuTemps"]
    for key, value in _no_keyring(env).items():
        if key.startswith("XDG_") or key in ("HOME", "PYTHON_KEYRING_BACKEND"):
            monkeypatch.setenv(key, value)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    args = argparse.Namespace(demo=False, school=None, account=None, theme=None, clock=DayClock(TODAY))
    app = build_app(args)
    app._watch_terminal = False
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.portal is not None and [c.name for c in app.kids]
        await pilot.press("n")
        await settle(pilot)
        from espace_parents_tui.tui.screens.grades import GradesView

        shown = app.query_one(GradesView).read("grades").value.grades
        cached = grades["data"]["grades"]
        assert [g.subject.name for g in shown] == [g["subject"]["name"] for g in cached]
        assert shown[0].subject.name[:8] in screen_text(app)
        # The start-up sync could not log in: the app says why and keeps the cache on screen.
        assert app.last_problem and "trousseau" in app.last_problem.lower()
        assert server.stats.requests["PageEmploiDuTemps"] == before
        # "s" (sync now) asks how to log in: the no-keyring choices, then the password, then syncs.
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, NoKeyringScreen))
        app.screen.query_one("#choice-ask", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, PasswordScreen))
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert server.stats.requests["PageEmploiDuTemps"] > before
        assert not app.portal.freshness().offline_since
    assert os.environ["PYTHON_KEYRING_BACKEND"] == FAIL_BACKEND


def test_sync_with_ask_logs_in_without_any_keyring(synced):
    env, _, server = synced
    before = server.stats.login_attempts
    done = _cli(_no_keyring(env), "sync", "--ask", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "trousseau" not in done.stderr.lower()
    assert server.stats.login_attempts == before + 1
