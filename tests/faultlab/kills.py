"""Kills: ``espace-parents sync`` killed with SIGKILL at random points against a slow server.

After each kill the database must pass ``PRAGMA integrity_check`` and still hold the previous
complete sync, value for value (PRONOTE's session-scoped ids aside). Writes and drafts are not part
of this yet: they wait for the drafts mechanism (another issue).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from .concurrency import CLI, cli_env
from .world import TODAY, Outcome

PASSWORD = "Mdp-Kill-3b9e0"


def _session_scoped(key: str) -> bool:
    """PRONOTE ids (and what is made of them) change with every server session."""
    return key == "id" or key.endswith("_id") or key == "possessions"


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not _session_scoped(k)}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def datasets(db: Path) -> tuple[bool, int, dict[tuple[str, str, str], object]]:
    """(integrity ok, complete syncs, datasets without their session-scoped ids)."""
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT child, section, scope, payload FROM datasets").fetchall()
        complete = con.execute("SELECT count(*) FROM syncs WHERE complete=1").fetchone()[0]
    finally:
        con.close()
    return ok, complete, {(c, s, sc): _strip(json.loads(p)) for c, s, sc, p in rows}


def cli_sigkills(root: Path, kills: int, seed: int = 20261129) -> tuple[list[Outcome], int]:
    """``kills`` syncs killed at random moments; returns the outcomes and how many were killed running."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    school = demo_school(TODAY)
    school.parents[0].password = PASSWORD
    app = DemoServer(school, ServerOptions(today=TODAY, latency_ms=40))
    env = cli_env(root)
    db = root / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*CLI, *args], input=PASSWORD + "\n", env=env, capture_output=True, text=True, timeout=60
        )

    outcomes: list[Outcome] = []
    with ServerThread(app) as thread:
        login = ("login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask")
        done = cli(*login, "--account", "famille")
        assert done.returncode == 0, done.stderr
        assert cli("sync").returncode == 0
        # Later syncs ask less (recent data is kept, the home page proves what did not change): time
        # two of them and aim the kills within the shorter, so that most land while a sync runs.
        durations = []
        for _ in range(2):
            started = time.monotonic()
            done = cli("sync")
            durations.append(time.monotonic() - started)
            assert done.returncode == 0, done.stderr
        duration = min(durations)
        ok, _complete, reference = datasets(db)
        assert ok and len(reference) >= 8

        rng = random.Random(seed)
        killed_while_running = 0
        for number in range(1, kills + 1):
            process = subprocess.Popen(
                [*CLI, "sync"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            process.stdin.write(PASSWORD + "\n")
            process.stdin.flush()
            delay = rng.uniform(0.1, duration * 0.9)
            time.sleep(delay)
            running = process.poll() is None
            killed_while_running += running
            if not running:  # this sync was quicker than the window: aim the next kills earlier
                duration = min(duration, delay)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            process.stdin.close()
            what = "en pleine synchronisation" if running else "après la fin"
            outcome = Outcome("sigkill", f"SIGKILL n° {number} après {delay:.2f} s ({what})", tolerated=True)
            ok, complete, after = datasets(db)
            if not ok or complete < 1:
                outcome.lost = "base endommagée ou sans synchronisation complète"
            else:
                changed = [key for key, value in reference.items() if after.get(key) != value]
                if changed:
                    outcome.lost = f"jeux de données changés ou perdus : {changed[:3]}"
            outcomes.append(outcome)
    return outcomes, killed_while_running
