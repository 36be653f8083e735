"""The parent's password change with a real Secret Service, and the change interrupted by SIGKILL.

- Through the command line: the keyring then holds the new password, a fresh ``sync`` logs in with
  it, and neither password appears in any file under the config, cache or data folders, nor in what
  the commands printed.
- Killed (SIGKILL) after the server accepted the new password and before the keyring is written
  (the server holds its answer back): at the next start no login is tried with the stored (old)
  password; the command says what happened; the password in force is asked once
  (``account password --resume``), kept in the keyring, and syncs go on. The server counts no failed
  login at all. The app does the same: it says what happened and asks once, in a dialog.
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from espace_parents_tui.demo.faults import AnswerFault
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.service.actions.account import pending_password_change
from espace_parents_tui.tui.screens.login import PasswordScreen
from espace_parents_tui.util.waits import wait_until
from secret_service_helper import MISSING, start_secret_service
from tui_helpers import screen_lines, settle, wait_for

TODAY = date(2026, 11, 24)
OLD = "Ancien-mdp-4821"
NEW = "Nouveau-mdp-7390"
CLI = [sys.executable, "-m", "espace_parents_tui", "--today", TODAY.isoformat()]
needs_keyring = pytest.mark.skipif(bool(MISSING), reason="Secret Service absent, il manque : " + ", ".join(MISSING))


def _cli(env, *args: str, stdin: str = "", timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, env=env, capture_output=True, text=True, timeout=timeout)


def _school():
    school = copy.deepcopy(demo_school(TODAY))
    school.parents[0].password = OLD
    return school


def _keyring_password(service) -> str:
    found = service.secret_tool("lookup", "service", "espace-parents", "username", "mdp:password")
    return found.stdout.decode().strip()


def _no_password_in_files(env) -> int:
    checked = 0
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        for path in Path(env[var]).rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                checked += 1
                for secret in (OLD, NEW):
                    assert secret.encode() not in content, path
                    assert secret.encode("utf-16-le") not in content, path
    return checked


def _login(env, thread) -> None:
    done = _cli(
        env, "login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--account", "mdp",
        stdin=OLD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@needs_keyring
def test_password_change_replaces_the_keyring_secret_and_leaves_no_trace(tmp_path):
    service = start_secret_service(tmp_path / "ss")
    printed = []
    try:
        env = dict(service.env)
        school = _school()
        app = DemoServer(school, ServerOptions(today=TODAY))
        with ServerThread(app) as thread:
            _login(env, thread)
            assert _keyring_password(service) == OLD
            done = _cli(env, "account", "password", "--account", "mdp", "--password-stdin", stdin=f"{OLD}\n{NEW}\n")
            printed.append(done.stdout + done.stderr)
            assert done.returncode == 0, done.stderr
            assert school.parents[0].password == NEW
            assert _keyring_password(service) == NEW
            app.reset_stats()
            done = _cli(env, "sync", "--account", "mdp")
            printed.append(done.stdout + done.stderr)
            assert done.returncode == 0, done.stderr
            assert (app.stats.login_attempts, app.stats.failed_logins) == (1, 0)
        assert _no_password_in_files(env) >= 3
        for text in printed:
            assert OLD not in text and NEW not in text
    finally:
        service.stop()


@needs_keyring
def test_sigkill_after_the_server_accepted_then_one_question_and_no_failed_login(tmp_path):
    service = start_secret_service(tmp_path / "ss")
    try:
        env = dict(service.env)
        school = _school()
        # The server changes the password, then holds its answer back: the client is killed waiting.
        hold = AnswerFault("SecurisationComptePreference", "slow_body", stall=8)
        app = DemoServer(school, ServerOptions(today=TODAY, faults=[hold]))
        with ServerThread(app) as thread:
            _login(env, thread)
            process = subprocess.Popen(
                [*CLI, "account", "password", "--account", "mdp", "--password-stdin"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
            )  # fmt: skip
            process.stdin.write(f"{OLD}\n{NEW}\n")
            process.stdin.close()
            assert wait_until(lambda: school.parents[0].password == NEW, 60), process.stderr.read()
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stdout.close()
            process.stderr.close()
            assert process.returncode == -signal.SIGKILL
            assert _keyring_password(service) == OLD  # the keyring was not written yet
            app.reset_stats()

            done = _cli(env, "sync", "--account", "mdp")
            assert done.returncode == 2
            assert "changement de mot de passe a été interrompu" in done.stderr
            assert "--resume" in done.stderr
            done = _cli(env, "sync", "--account", "mdp")  # again: still nothing sent
            assert done.returncode == 2
            assert (app.stats.login_attempts, app.stats.failed_logins) == (0, 0)

            done = _cli(env, "account", "password", "--resume", "--account", "mdp", "--password-stdin", stdin=NEW + "\n")
            assert done.returncode == 0, done.stderr
            assert (app.stats.login_attempts, app.stats.failed_logins) == (1, 0)
            assert _keyring_password(service) == NEW
            done = _cli(env, "sync", "--account", "mdp")
            assert done.returncode == 0, done.stderr
            assert (app.stats.login_attempts, app.stats.failed_logins) == (2, 0)
        assert _no_password_in_files(env) >= 3
    finally:
        service.stop()


async def test_the_app_says_what_happened_and_asks_once(served):
    """The marker left by an interrupted change (the server has the new password, the store the old):
    the app logs in with nothing, asks once, and keeps what the parent typed."""
    parent = served.school.parents[0]
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        portal = served.portal
        from espace_parents_tui.service.actions.account import _mark_pending

        _mark_pending(portal)
        parent.password = NEW  # accepted by the server; the store still has the old one
        await portal.close()  # the next operation must log in again
        served.server.reset_stats()
        await pilot.press("s")  # the dialog waits for the parent: no settle here
        await wait_for(pilot, lambda: isinstance(app.screen, PasswordScreen))
        shown = " ".join(screen_lines(app))
        assert "changement de mot de passe a été interrompu" in shown
        assert served.server.stats.login_attempts == 0
        app.screen.query_one(Input).value = NEW
        await pilot.press("enter")
        await wait_for(pilot, lambda: pending_password_change(portal) is None)
        await settle(pilot)
        assert (served.server.stats.login_attempts, served.server.stats.failed_logins) == (1, 0)
        assert portal.store.get("demo", "password") == NEW
