"""Time from process start to the first painted home screen (warm cache), and peak memory.

Set beside a bare Textual app that paints one label, in the same run. Each program runs in a real
pseudo-terminal (80×24), several times; the medians are reported.

The app paints a warm start from the drawing its last start kept (``tui/kept.py``: the warm-up run
keeps it, and the app exits right after its paint, before any sync could change the cache). A
start after another program wrote the cache takes the full path: it is measured too, with the
kept drawing removed before each of its runs, and printed for information.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from goals import say_goal

HERE = Path(__file__).resolve().parent


def run_in_pty(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds to first paint, peak RSS in MiB, processor seconds until it exits) of one run.

    The program exits right after its first paint: its processor time (user + system) is the work
    it did to paint, which a busy machine inflates far less than the wall time."""
    import fcntl
    import termios

    report = Path(tempfile.mkstemp(suffix=".json")[1])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **env,
        "ESPACE_PARENTS_STARTUP_REPORT": str(report),
        "ESPACE_PARENTS_T0": repr(time.time()),
        "ESPACE_PARENTS_EXIT_AFTER_PAINT": "1",
        "TERM": "xterm-256color",
    }
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    os.close(master)
    data = json.loads(report.read_text() or "{}")
    report.unlink(missing_ok=True)
    if "first_paint_s" not in data:
        raise SystemExit(f"{command} did not report its first paint (status {status})")
    return data["first_paint_s"], usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def warm_account(home: Path) -> tuple[dict[str, str], object]:
    """A configured demo account on a loopback demo server, with one sync done."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread
    from espace_parents_tui.settings.credentials import FileStore

    dropped = ("DBUS_SESSION_BUS_ADDRESS", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    # Warm bytecode on both sides: an installed package has its .pyc (pip compiles them), so does
    # Textual in site-packages. With PYTHONDONTWRITEBYTECODE set (as on the team's machine) and an
    # editable install, every run would compile our modules from source (≈ 50 ms of the first
    # paint) and none of Textual's. A private prefix holds the .pyc of both; the first run of each
    # program (not timed, see ``warm_up``) and the login/sync below write them.
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        env[var] = str(home / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    server = ServerThread(DemoServer(demo_school(__import__("datetime").date.today()), ServerOptions()))
    cli = [sys.executable, "-m", "espace_parents_tui"]
    subprocess.run(
        [
            *cli,
            "login",
            "--server",
            server.page_url,
            "--username",
            "demo",
            "--password-stdin",
            "--insecure-storage",
            "--account",
            "demo",
        ],
        input="demo\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([*cli, "sync"], env=env, check=True, capture_output=True)
    assert FileStore  # the secret is in the opt-in file of this throw-away home
    return env, server


def forget_kept_paint(cache: Path) -> None:
    """Remove the drawing the app keeps of its first paint: its next start takes the full path."""
    import sqlite3

    from espace_parents_tui.store.kept import KEY

    db = sqlite3.connect(cache)
    try:
        db.execute("DELETE FROM meta WHERE key=?", (KEY,))
        db.commit()
    finally:
        db.close()


def warm_up(programs: dict[str, list[str]], run) -> None:
    """One untimed run of each program: its bytecode is written (``warm_account``), its files read."""
    for command in programs.values():
        run(command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env, server = warm_account(Path(folder))
        try:
            ours = [sys.executable, "-m", "espace_parents_tui"]
            programs = {
                "espace-parents (warm cache)": ours,
                "bare Textual app (one label)": [sys.executable, str(HERE / "bare_app.py")],
                "  full path (nothing kept)": ours,
            }
            warm_up(programs, lambda command: run_in_pty(command, env))
            cache = Path(env["XDG_CACHE_HOME"]) / "espace-parents" / "demo.sqlite3"
            # Alternated, so that a busy moment of the machine weighs on all sides alike.
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
            for _ in range(args.runs):
                for name, command in programs.items():
                    if name.startswith("  full path"):
                        forget_kept_paint(cache)
                    runs[name].append(run_in_pty(command, env))
            results = {
                name: (
                    statistics.median(r[0] for r in done),
                    max(r[1] for r in done),
                    statistics.median(r[2] for r in done),
                )
                for name, done in runs.items()
            }
        finally:
            server.stop()
    print(f"Start-up to first painted screen, 80x24 pseudo-terminal, median of {args.runs} runs")
    print(f"{'program':<30} {'first paint':>12} {'peak RSS':>10} {'processor time':>15}")
    for name, (paint, rss, cpu) in results.items():
        print(f"{name:<30} {paint * 1000:>9.0f} ms {rss:>7.0f} MiB {cpu * 1000:>12.0f} ms")
    (ours_paint, ours_rss, ours_cpu), (bare_paint, bare_rss, bare_cpu), (full_paint, _rss, full_cpu) = (
        results.values()
    )
    print(
        f"for information: the full path (no kept drawing) is {full_paint / bare_paint:.2f}× the bare app"
        f" ({full_cpu / bare_cpu:.2f}× processor time)"
    )
    say_goal("first paint, warm cache / bare Textual app", ours_paint / bare_paint, 1.25)
    say_goal("processor time to first paint / bare Textual app", ours_cpu / bare_cpu, 1.25)
    say_goal("peak RSS at first paint / bare Textual app", ours_rss / bare_rss, 1.5)


if __name__ == "__main__":
    main()
