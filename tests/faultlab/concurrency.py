"""Concurrency: two syncs of one account at once, the app refreshing during a ``sync``, a QR-token race.

The portal holds a per-account OS lock (``<account>.lock``) while it uses the PRONOTE session; the
second comer waits. What is checked:

- the cache is never corrupted (``integrity_check``) and ends with a complete sync;
- the server never sees two sessions of the account used at the same time: in its order of calls,
  each session's calls form one block (:func:`interleavings`);
- a rotating QR token is never lost: after two logins race, the stored token still logs in.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from espace_parents_tui.service.onboarding import Onboarding
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.settings.credentials import MemoryStore

from .world import TODAY, Outcome, World, lost_between, open_cache, snapshot


def interleavings(sessions: list[int]) -> int:
    """How many times a session comes back after another one was used: 0 when never at the same time."""
    finished: set[int] = set()
    current = None
    back = 0
    for session in sessions:
        if session != current:
            if session in finished:
                back += 1
            if current is not None:
                finished.add(current)
            current = session
    return back


async def run_parallel_syncs(w: World, rounds: int, width: int = 2) -> list[Outcome]:
    """``width`` portals (as separate programs would be: own cache connection, own session) sync at once."""
    outcomes = []
    for number in range(1, rounds + 1):
        outcome = Outcome("parallel_syncs", f"{width} synchronisations simultanées (tour {number})")
        path = w.fresh_cache()
        before = w.baseline_snapshot
        start = len(w.app.stats.sessions_in_order)
        caches = [open_cache(path) for _ in range(width)]
        portals = [w.portal(cache) for cache in caches]
        try:
            results = await asyncio.gather(*(p.sync() for p in portals), return_exceptions=True)
        finally:
            for portal, cache in zip(portals, caches, strict=True):
                await portal.close()
                cache.close()
        failures = [r for r in results if isinstance(r, BaseException)]
        for failure in failures:
            if isinstance(failure, PortalError):
                outcome.violation = f"une synchronisation a échoué : {failure}"
            else:
                outcome.traceback = f"{type(failure).__name__}: {failure}"[:300]
        mixed = interleavings(w.app.stats.sessions_in_order[start:])
        if mixed:
            outcome.violation = outcome.violation or f"sessions utilisées en même temps ({mixed} alternances)"
        after = snapshot(path)
        outcome.lost = lost_between(before, after)
        if after.complete_syncs < before.complete_syncs + width - len(failures):
            outcome.lost = outcome.lost or "une synchronisation terminée n'a pas été enregistrée"
        outcome.tolerated = not failures
        w.drop_case(path)
        outcomes.append(outcome)
    return outcomes


async def run_token_races(w: World, rounds: int) -> list[Outcome]:
    """A QR-code account: two logins race on the same stored token; the token must survive."""
    outcomes = []
    parent = w.app.school.parents[0]
    for number in range(1, rounds + 1):
        outcome = Outcome("token_race", f"deux connexions par jeton en même temps (tour {number})")
        store = SlowKeyring()  # the keyring both programs share
        onboarding = Onboarding(_NoConfig(), store)
        qr = w.app.issue_qr(parent.login, "2468", w.url)
        logged = await onboarding.login_qr(json.dumps(qr), "2468", account_id="jeton", storage="keyring")
        account = replace(logged.account, id=w.account.id)
        store.set(account.id, "token", store.get("jeton", "token"))
        path = w.fresh_cache()
        caches = [open_cache(path) for _ in range(2)]
        portals = [w.portal(cache, account=account, store=store) for cache in caches]
        try:
            results = await asyncio.gather(
                portals[0].connect(), _after_rotation(w, portals[1]), return_exceptions=True
            )
        finally:
            for portal, cache in zip(portals, caches, strict=True):
                await portal.close()
                cache.close()
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            outcome.violation = "; ".join(f"{type(f).__name__}: {f}" for f in failures)[:300]
        # The token now stored must still open a session (the next sync, the next day).
        cache = open_cache(path)
        portal = w.portal(cache, account=account, store=store)
        try:
            await portal.connect()
            outcome.tolerated = True
        except PortalError as exc:
            outcome.lost = f"jeton perdu : {exc}"
        finally:
            await portal.close()
            cache.close()
        w.drop_case(path)
        outcomes.append(outcome)
    return outcomes


async def _after_rotation(w: World, portal) -> object:
    """The second program starts as the server rotates the first one's token: the worst moment."""
    judged = w.app.stats.login_attempts
    while w.app.stats.login_attempts == judged:
        await asyncio.sleep(0.001)
    return await portal.connect()


class SlowKeyring(MemoryStore):
    """The keyring both programs share; writing to it takes a moment, as a real one's round trip does."""

    def set(self, account_id: str, kind: str, secret: str) -> None:
        time.sleep(0.1)
        super().set(account_id, kind, secret)


class _NoConfig:
    """Onboarding writes the account to the config; these runs keep it in memory."""

    def __init__(self) -> None:
        self._accounts: dict = {}

    def accounts(self):
        return list(self._accounts.values())

    def add(self, account, *, make_default: bool = False) -> None:
        self._accounts[account.id] = account

    def update(self, account) -> None:
        self._accounts[account.id] = account


# --- real processes -------------------------------------------------------------------------------


def cli_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        env[var] = str(root / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


CLI = [sys.executable, "-m", "espace_parents_tui", "--today", TODAY.isoformat()]


def cli_parallel_syncs(rounds: int, width: int = 2, folder: Path | None = None) -> list[Outcome]:
    """``width`` real ``espace-parents sync`` processes at once on one account, ``rounds`` times."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="faultlab-procs-", dir=folder) as tmp:
        root = Path(tmp)
        env = cli_env(root)
        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY, latency_ms=10))
        db = root / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"
        with ServerThread(app) as thread:
            done = subprocess.run(
                [*CLI, "login", "--server", thread.page_url, "--username", "demo", "--password-stdin",
                 "--insecure-storage", "--account", "famille"],
                input="demo\n", env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            for number in range(1, rounds + 1):
                outcome = Outcome(
                    "cli_parallel_syncs", f"{width} processus « sync » simultanés (tour {number})"
                )
                before = snapshot(db) if db.exists() else None
                start = len(app.stats.sessions_in_order)
                procs = [
                    subprocess.Popen(
                        [*CLI, "sync"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                    )
                    for _ in range(width)
                ]
                results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
                for p in procs:
                    p.stdout.close()
                    p.stderr.close()
                for code, err in results:
                    if "Traceback" in err:
                        outcome.traceback = err[-300:]
                    elif code != 0:
                        outcome.violation = f"code {code} : {err.strip()[:200]}"
                mixed = interleavings(app.stats.sessions_in_order[start:])
                if mixed:
                    outcome.violation = outcome.violation or f"sessions utilisées en même temps ({mixed})"
                after = snapshot(db)
                if before is not None:
                    outcome.lost = lost_between(before, after)
                elif not after.ok:
                    outcome.lost = "cache endommagé"
                outcome.tolerated = outcome.ok
                outcomes.append(outcome)
    return outcomes


def wait_for_holder(lock: Path, pid: int, timeout: float = 30.0) -> bool:
    """Until the lock file names ``pid`` as its holder (the other program is in its session)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if lock.read_text(encoding="utf-8").startswith(f"pid {pid},"):
                return True
        except OSError:
            pass
        time.sleep(0.01)
    return False


async def run_app_during_cli_sync(folder: Path | None = None, rounds: int = 1) -> list[Outcome]:
    """The terminal app opens (and syncs) while a command-line ``sync`` holds the account."""
    from espace_parents_tui.cli.launch import build_app
    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread
    from tui_helpers import settle

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="faultlab-app-", dir=folder) as tmp:
        root = Path(tmp)
        env = cli_env(root)
        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY, latency_ms=50))
        db = root / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"
        lock = db.with_name("famille.lock")
        with ServerThread(app) as thread, _environment(env):
            done = subprocess.run(
                [*CLI, "login", "--server", thread.page_url, "--username", "demo", "--password-stdin",
                 "--insecure-storage", "--account", "famille"],
                input="demo\n", env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            for number in range(1, rounds + 1):
                outcome = Outcome(
                    "app_during_cli_sync", f"l'application synchronise pendant un « sync » (tour {number})"
                )
                start = len(app.stats.sessions_in_order)
                proc = subprocess.Popen(
                    [*CLI, "sync"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
                if not wait_for_holder(lock, proc.pid):
                    outcome.violation = "le « sync » n'a jamais pris le verrou du compte"
                tui = build_app(_app_args(DayClock(TODAY)))
                tui._watch_terminal = False
                async with tui.run_test(size=(100, 30)) as pilot:
                    held_while_app_started = lock.read_text(encoding="utf-8").startswith(f"pid {proc.pid},")
                    await settle(pilot)
                    problem = tui.last_problem
                    synced = tui.portal is not None and tui.portal.freshness().last_sync is not None
                code = proc.wait(timeout=120)
                err = proc.stderr.read()
                proc.stdout.close()
                proc.stderr.close()
                if "Traceback" in err:
                    outcome.traceback = err[-300:]
                elif code != 0:
                    outcome.violation = f"le « sync » a échoué ({code}) : {err.strip()[:200]}"
                elif problem:
                    outcome.violation = f"l'application a échoué : {problem}"
                elif not synced:
                    outcome.violation = "l'application n'a pas synchronisé"
                mixed = interleavings(app.stats.sessions_in_order[start:])
                if mixed:
                    outcome.violation = outcome.violation or f"sessions utilisées en même temps ({mixed})"
                after = snapshot(db)
                if not after.ok:
                    outcome.lost = "cache endommagé"
                outcome.tolerated = outcome.ok
                outcome.message = (
                    "" if held_while_app_started else "(le « sync » avait fini avant l'application)"
                )
                outcomes.append(outcome)
    return outcomes


def _app_args(clock):
    import argparse

    return argparse.Namespace(demo=False, school=None, account=None, theme=None, clock=clock)


class _environment:
    """The XDG folders of ``env`` for this process (the app reads them), restored afterwards."""

    KEYS = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME", "PYTHON_KEYRING_BACKEND")

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.saved: dict[str, str | None] = {}

    def __enter__(self) -> None:
        for key in self.KEYS:
            self.saved[key] = os.environ.get(key)
            os.environ[key] = self.env[key]

    def __exit__(self, *exc: object) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _first_open(path: str, barrier, results) -> None:
    from espace_parents_tui.store import Cache

    barrier.wait()
    try:
        cache = Cache.open(Path(path))
        results.put("ok" if cache.read_only is None and cache.recovered is None else "dégradé")
        cache.close()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        results.put(f"{type(exc).__name__}: {exc}"[:300])


def first_opens(rounds: int, width: int = 3, folder: Path | None = None) -> list[Outcome]:
    """``width`` programs open an account's cache that does not exist yet, all at the same moment.

    (Two ``sync`` started together on a new account: each must find a whole, writable cache.)
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="faultlab-first-", dir=folder) as tmp:
        for number in range(1, rounds + 1):
            outcome = Outcome("first_opens", f"{width} programmes créent le cache ensemble (tour {number})")
            path = Path(tmp) / f"round-{number}" / "famille.sqlite3"
            barrier, results = context.Barrier(width), context.Queue()
            procs = [
                context.Process(target=_first_open, args=(str(path), barrier, results)) for _ in range(width)
            ]
            for proc in procs:
                proc.start()
            for proc in procs:
                proc.join(timeout=60)
            found = [results.get(timeout=10) for _ in procs]
            results.close()
            bad = [f for f in found if f != "ok"]
            if any("Error" in f and "CacheError" not in f for f in bad):
                outcome.traceback = next(f for f in bad if "Error" in f)
            elif bad:
                outcome.violation = f"{len(bad)} ouverture(s) ratée(s) : {bad[0]}"
            after = snapshot(path)
            if not after.ok:
                outcome.lost = "cache endommagé"
            outcome.tolerated = outcome.ok
            outcomes.append(outcome)
    return outcomes
