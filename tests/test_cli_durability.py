"""Crash safety and secrets on disk, with the real command in subprocesses.

- A ``sync`` killed with SIGKILL at random points (20 times) against a slow emulated server leaves a
  database that passes ``PRAGMA integrity_check`` and still holds the previous complete sync.
- After ``login`` (password, then QR code and token) and ``sync`` with a real Secret Service, no file
  under the config, cache or data folders holds the password or the token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from faultlab.kills import cli_sigkills
from secret_service_helper import MISSING, start_secret_service

TODAY = date(2026, 11, 24)  # the commands get --today: the subprocesses' real clock is never read
PASSWORD = "Mdp-Kill-3b9e0"
CLI = [sys.executable, "-m", "espace_parents_tui", "--today", TODAY.isoformat()]


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        env[var] = str(root / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def _cli(env, *args, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], input=stdin, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_sigkill_during_sync_never_breaks_the_cache(tmp_path):
    # The runner is the fault programme's (tests/faultlab/kills.py), shared with benchmarks/reliability.py.
    outcomes, killed_while_running = cli_sigkills(tmp_path, kills=20)
    assert len(outcomes) == 20
    assert [o.lost for o in outcomes if o.lost] == []  # integrity_check, and the previous sync whole
    # Most kills must land while the sync is running, or the test proves little.
    assert killed_while_running >= 15


@pytest.mark.skipif(bool(MISSING), reason="Secret Service absent, il manque : " + ", ".join(MISSING))
def test_no_password_or_token_on_disk_with_a_real_keyring(tmp_path):
    service = start_secret_service(tmp_path / "ss")
    try:
        env = dict(service.env)
        env.pop("PYTHON_KEYRING_BACKEND", None)
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
                "mdp",
                stdin=PASSWORD + "\n",
            )
            assert done.returncode == 0, done.stderr
            assert _cli(env, "sync", "--account", "mdp").returncode == 0

            qr = app.issue_qr("demo", "2468", thread.page_url)
            done = _cli(env, "login", "--qr", json.dumps(qr), "--pin", "2468", "--account", "jeton")
            assert done.returncode == 0, done.stderr
            done = _cli(env, "sync", "--account", "jeton")
            assert done.returncode == 0, done.stderr

        found = service.secret_tool("lookup", "service", "espace-parents", "username", "jeton:token")
        token = found.stdout.decode().strip()
        assert found.returncode == 0 and len(token) >= 16
        stored = service.secret_tool("lookup", "service", "espace-parents", "username", "mdp:password")
        assert stored.stdout.decode().strip() == PASSWORD

        folders = [Path(env[v]) for v in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")]
        checked = 0
        for folder in folders:
            for path in folder.rglob("*"):
                if path.is_file():
                    content = path.read_bytes()
                    checked += 1
                    for secret in (PASSWORD, token):
                        assert secret.encode() not in content, path
                        assert secret.encode("utf-16-le") not in content, path
        assert checked >= 3  # config, cache databases, the keyring's own file
    finally:
        service.stop()
