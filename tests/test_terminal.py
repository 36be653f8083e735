"""The app in a real terminal: as a newcomer runs it under tmux at 80×24, and when the terminal goes away."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "espace_parents_tui"]


def _isolated_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "TMUX")}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        env[var] = str(root / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["TERM"] = "xterm-256color"
    return env


def test_sighup_exits_cleanly(tmp_path):
    env = _isolated_env(tmp_path)
    report = tmp_path / "painted.json"
    env.update({"ESPACE_PARENTS_STARTUP_REPORT": str(report), "ESPACE_PARENTS_T0": repr(time.time())})
    master, slave = pty.openpty()
    process = subprocess.Popen([*CLI, "--demo"], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    output = bytearray()

    def drain() -> None:
        try:
            while chunk := os.read(master, 65536):
                output.extend(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not report.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert report.exists(), "the app never painted its home screen"
        assert json.loads(report.read_text())["first_paint_s"] > 0
        process.send_signal(signal.SIGHUP)
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert process.returncode == 0
    assert b"Traceback" not in output


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent (paquet Debian tmux)")
def test_newcomer_under_tmux_sees_leas_day_and_every_section():
    from espace_parents_tui.tui.views import VIEWS

    # What each section shows on its title line.
    titles = {
        "home": "Accueil — MARTIN Léa",
        "grades": "Notes —",
        "timetable": "Emploi du temps — semaine du",
        "homework": "Travail à faire",
        "school_life": "Vie scolaire —",
        "messages": "Messagerie —",
        "documents": "Documents —",
        "menus": "Menus de la cantine",
        "team": "Équipe pédagogique —",
        "calendar": "Calendrier —",
        "textbooks": "Manuels numériques — MARTIN Léa",
        "record": "Parcours — MARTIN Léa",
    }
    # Orientation and Stages are not offered to the demo's first family (4e, 6e): not in the bar.
    offered = [view for view in VIEWS if view.key not in ("orientation", "internships")]

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = _isolated_env(root)
        socket = str(root / "tmux.sock")
        tmux = ["tmux", "-S", socket]
        command = " ".join([sys.executable, "-m", "espace_parents_tui", "--demo"])
        subprocess.run([*tmux, "new-session", "-d", "-x", "80", "-y", "24", command], env=env, check=True)
        try:

            def screen() -> str:
                done = subprocess.run([*tmux, "capture-pane", "-p"], env=env, capture_output=True, text=True)
                return done.stdout

            def wait_for(text: str, timeout: float = 30) -> str:
                deadline = time.monotonic() + timeout
                shown = ""
                while time.monotonic() < deadline:
                    shown = screen()
                    if text in shown:
                        return shown
                    time.sleep(0.2)
                raise AssertionError(f"never saw {text!r} on screen:\n{shown}")

            home = wait_for("MARTIN Léa")
            assert "Accueil" in home and "Traceback" not in home
            wait_for("à jour")  # the background sync finished
            for view in offered:
                subprocess.run([*tmux, "send-keys", view.letter], env=env, check=True)
                shown = wait_for(titles[view.key])
                assert "Traceback" not in shown and "Error" not in shown and "Problème" not in shown, shown
            subprocess.run([*tmux, "send-keys", "q"], env=env, check=True)
        finally:
            subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)
