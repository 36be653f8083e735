"""Shared test fixtures.

The real clock is frozen for the whole suite: every test runs at ``INSTANT`` (Paris time) unless
it travels elsewhere with the ``time_machine`` fixture. CI runs at any hour of any day; nothing a
test asserts may depend on when it runs. Subprocesses are not frozen: they get ``--today``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The school's time zone, for this process and every subprocess (naive times are Paris times).
os.environ["TZ"] = "Europe/Paris"
time.tzset()
PARIS = ZoneInfo("Europe/Paris")

# The instant the whole suite runs at: a Tuesday morning of the second trimester.
INSTANT = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)

_SUITE_TRAVEL = time_machine.travel(INSTANT, tick=False)


def pytest_configure(config) -> None:
    # From collection on (module-level constants included), the real clock is never read.
    _SUITE_TRAVEL.start()


def pytest_unconfigure(config) -> None:
    _SUITE_TRAVEL.stop()


@pytest.fixture(autouse=True)
def _fixed_instant():
    """Each test starts at ``INSTANT``, whatever an earlier test did to the clock."""
    with time_machine.travel(INSTANT, tick=False) as traveller:
        yield traveller


# The recorded real PRONOTE answers live beside the repository, never inside it.
PRONOTE_REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pronote-real"


@pytest.fixture
def world(tmp_path, monkeypatch):
    """An isolated user: its own config, cache, data and download folders, no keyring, no session bus."""
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(tmp_path / "downloads"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return tmp_path


@pytest.fixture
def pronote_real() -> Path:
    """The folder of recorded real PRONOTE answers; skips the test when it is absent."""
    if not PRONOTE_REAL.is_dir():
        pytest.skip(f"enregistrements PRONOTE absents : {PRONOTE_REAL}")
    return PRONOTE_REAL


# The date the pronotepy comparison tests serve the demo school for (a Tuesday of the 2nd trimester).
PRONOTEPY_TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """``espace-parents demo-server --school FILE`` on a free loopback port: (page URL, School)."""
    from espace_parents_tui.demo.school import load_school

    folder = tmp_path_factory.mktemp("demo")
    school_file = folder / "ecole.json"
    command = [sys.executable, "-m", "espace_parents_tui"]
    today = PRONOTEPY_TODAY.isoformat()
    subprocess.run(
        [*command, "demo-server", "--today", today, "--write-school", str(school_file)],
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [*command, "demo-server", "--school", str(school_file), "--port", "0", "--today", today],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = None
    for _ in range(50):
        match = re.search(r"(http://127\.0\.0\.1:\d+/pronote/parent\.html)", process.stdout.readline())
        if match:
            url = match.group(1)
            break
    if url is None:
        process.kill()
        pytest.fail("demo-server did not print its address")
    yield url, load_school(school_file)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def served(tmp_path):
    """The demo school (on ``tui_helpers.TODAY``) served on loopback in a thread; stopped afterwards."""
    from espace_parents_tui.demo.school import demo_school
    from tui_helpers import TODAY, Served

    served = Served(demo_school(TODAY), tmp_path)
    yield served
    served.stop()


# The interface's language: French for every test, whatever the machine's locale; a test that wants
# English asks for it (``--lang en``, or ``set_language("en")``) and the next test is French again.
for _var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _french_interface():
    from espace_parents_tui.util.i18n import set_language

    set_language("fr")
    yield
    set_language("fr")
