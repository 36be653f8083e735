"""The world every fault runner works in: the demo school on loopback, an account, a synced cache.

A :class:`World` serves the demo school in-process (uvicorn on 127.0.0.1, on the caller's event
loop), logs an account in through the full protocol path and syncs it once into a *baseline*
cache. Each case then works on a fresh copy of that cache, so a case can only lose what the copy
held, and :func:`snapshot` / :func:`compare` say exactly what changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import CredentialStore, MemoryStore
from espace_parents_tui.store import Cache

TODAY = date(2026, 11, 24)  # a Tuesday of the second trimester
NOW = datetime(2026, 11, 24, 10, 0)
# Long ago: every dataset of the baseline is due again, so a case's sync asks for all of them.
STALE = "2026-01-05T08:00:00"
ACCOUNT_ID = "famille"


@dataclass
class Outcome:
    """How one case ended. A case passes when ``traceback`` and ``lost`` are both ``None``."""

    fault: str  # the row of the table
    case: str  # what was done, enough to replay it
    traceback: str | None = None  # an exception that is not one clear sentence
    lost: str | None = None  # what the cache lost
    violation: str | None = None  # the protection under test did not hold (two re-logins…)
    reported: bool = False  # the failure was said (a PortalError, a section's problem)
    tolerated: bool = False  # the spoiled answer was accepted as data
    message: str = ""  # the sentence shown to the user
    exit_code: int | None = None  # the command line's, for a PortalError

    @property
    def ok(self) -> bool:
        return self.traceback is None and self.lost is None and self.violation is None


@dataclass
class World:
    root: Path
    app: DemoServer
    url: str
    account: AccountConfig
    store: MemoryStore
    clock: DayClock
    baseline: Path
    client_options: dict[str, Any] = field(default_factory=dict)
    _cases: int = 0
    _baseline_snapshot: Snapshot | None = None

    @property
    def baseline_snapshot(self) -> Snapshot:
        """What every fresh case cache holds (read once)."""
        if self._baseline_snapshot is None:
            self._baseline_snapshot = snapshot(self.baseline)
        return self._baseline_snapshot

    def portal(
        self,
        cache: Cache,
        *,
        account: AccountConfig | None = None,
        store: CredentialStore | None = None,
        **kwargs: Any,
    ) -> Portal:
        portal = Portal(
            account or self.account, store or self.store, cache, clock=self.clock, timeout=3.0, **kwargs
        )
        portal.client_options = dict(self.client_options)
        return portal

    def fresh_cache(self) -> Path:
        """A copy of the baseline cache, for one case."""
        self._cases += 1
        folder = self.root / f"case-{self._cases}"
        folder.mkdir()
        path = folder / f"{ACCOUNT_ID}.sqlite3"
        shutil.copyfile(self.baseline, path)
        return path

    def drop_case(self, path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)


def open_cache(path: Path) -> Cache:
    return Cache.open(path, clock=lambda: NOW)


@contextlib.asynccontextmanager
async def world(*, options: dict[str, Any] | None = None, folder: Path | None = None) -> AsyncIterator[World]:
    """The demo school served on loopback and a baseline cache synced from it."""
    with contextlib.ExitStack() as stack:
        root = folder or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="faultlab-", dir=_memory_folder()))
        )
        clock = DayClock(TODAY)
        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY, **(options or {})), clock=clock)
        async with running_server(app) as server_root:
            parent = app.school.parents[0]
            account = AccountConfig(
                id=ACCOUNT_ID, server_url=f"{server_root}/parent.html", username=parent.login, storage="ask"
            )
            store = MemoryStore()
            store.set(account.id, "password", parent.password)
            baseline = root / "baseline" / f"{ACCOUNT_ID}.sqlite3"
            baseline.parent.mkdir(parents=True)
            found = World(root, app, account.server_url, account, store, clock, baseline)
            cache = open_cache(baseline)
            portal = found.portal(cache)
            try:
                report = await portal.sync()
                assert not report.problems, report.problems
            finally:
                await portal.close()
                cache.close()
            age_baseline(baseline)
            app.reset_stats()
            yield found


def _memory_folder() -> str | None:
    """``/dev/shm`` when there is one: thousands of small SQLite files, no disk flushes to wait for."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def age_baseline(path: Path) -> None:
    """Make every dataset old (all due again) and fold the WAL into the file, for plain copies."""
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE datasets SET fetched_at=?", (STALE,))
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")  # no free page left: a full disk (max_page_count) bites at once
    finally:
        con.close()


# --- what the cache holds ------------------------------------------------------------------------

Key = tuple[str, str, str]
# The children and the calendar: rewritten by every successful login, whatever happens next.
ACCOUNT_KEY: Key = ("*", "_account", "all")


@dataclass
class Snapshot:
    ok: bool  # PRAGMA integrity_check
    datasets: dict[Key, str]
    complete_syncs: int
    error: str = ""


def snapshot(path: Path) -> Snapshot:
    """The datasets of a cache file, read with plain sqlite3 (not the code under test)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return Snapshot(False, {}, 0, str(exc))
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT child, section, scope, payload FROM datasets").fetchall()
        complete = con.execute("SELECT count(*) FROM syncs WHERE complete=1").fetchone()[0]
    except sqlite3.Error as exc:
        return Snapshot(False, {}, 0, str(exc))
    finally:
        con.close()
    return Snapshot(ok, {(c, s, sc): p for c, s, sc, p in rows}, complete)


def lost_between(before: Snapshot, after: Snapshot, *, may_change: set[Key] | None = None) -> str | None:
    """What ``after`` lost from ``before``: a failed check, a dataset gone, or one changed that may not.

    ``may_change``: the datasets the server legitimately answered anew in this case (``None``: any).
    """
    if not after.ok:
        return f"cache endommagé : {after.error or 'integrity_check'}"
    if after.complete_syncs < before.complete_syncs:
        return "synchronisations complètes disparues"
    for key, payload in before.datasets.items():
        if key not in after.datasets:
            return f"jeu de données disparu : {key}"
        if may_change is not None and key not in may_change and after.datasets[key] != payload:
            return f"jeu de données modifié sans réponse valable : {key}"
    return None
