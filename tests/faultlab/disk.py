"""The disk: a read-only cache folder, a full disk, a database locked by another program, a config
file hand-edited into invalid TOML. Each must give one clear sentence and lose nothing stored.

How each is made, without special hardware:
- **read-only folder**: the cache folder given to another owner, mode 0555, and the command run
  without the capabilities that let root ignore file modes (``setpriv``); as a normal user the
  folder cannot be made unwritable *and* unchangeable, so the case is skipped there;
- **full disk**: SQLite's own "database or disk is full" (``SQLITE_FULL``, what it reports on
  ENOSPC), raised by capping the file's pages (``PRAGMA max_page_count``); and ``ENOSPC`` from
  ``os.write`` for the files written by Python (the opt-in secrets file, the config);
- **locked database**: another process holding SQLite's exclusive lock (``locking_mode=EXCLUSIVE``)
  or its write lock (``BEGIN IMMEDIATE``);
- **invalid TOML**: the config file with a syntax error, as a hand edit leaves it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from espace_parents_tui.service.portal import PortalError, StorageProblem
from espace_parents_tui.settings.config import AccountConfig, ConfigError, ConfigStore
from espace_parents_tui.settings.credentials import CredentialError, FileStore
from espace_parents_tui.store import Cache

from .concurrency import CLI, cli_env
from .world import ACCOUNT_KEY, NOW, Outcome, World, lost_between, snapshot

SETPRIV = shutil.which("setpriv")
NOBODY = 65534


def read_only_possible() -> str | None:
    """Why the read-only case cannot run here, or None."""
    if os.name != "posix":
        return "POSIX seulement"
    if os.geteuid() == 0 and SETPRIV is None:
        return "root sans setpriv : impossible d'interdire l'écriture"
    if os.geteuid() != 0:
        return "utilisateur ordinaire : un dossier à soi reste modifiable (chmod), il faudrait root"
    return None


# --- helpers for the command line ---------------------------------------------------------------


def _cli_account(root: Path, env: dict[str, str], page_url: str) -> Path:
    """``login`` and ``sync`` an account; returns its cache file."""
    login = [*CLI, "login", "--server", page_url, "--username", "demo", "--password-stdin"]
    done = subprocess.run(
        [*login, "--insecure-storage", "--account", "famille"],
        input="demo\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*CLI, "sync"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return root / "xdg_cache_home" / "espace-parents" / "famille.sqlite3"


def _judge_cli(outcome: Outcome, done: subprocess.CompletedProcess, *, ok_codes: tuple[int, ...]) -> None:
    outcome.exit_code = done.returncode
    outcome.message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    outcome.reported = bool(outcome.message)
    if "Traceback" in done.stderr or "Error:" in outcome.message:
        outcome.traceback = done.stderr[-300:]
    if done.returncode not in ok_codes:
        outcome.violation = f"code {done.returncode} (attendu {ok_codes}) : {outcome.message[:200]}"


def cli_read_only_cache(folder: Path | None = None) -> list[Outcome]:
    """The cache folder becomes read-only: reading works, a sync says why it cannot, nothing is lost."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    from .world import TODAY

    if read_only_possible():
        return []
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="faultlab-ro-", dir=folder) as tmp:
        root = Path(tmp)
        env = cli_env(root)
        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY))
        with ServerThread(app) as thread:
            db = _cli_account(root, env, thread.page_url)
            shown = subprocess.run(
                [*CLI, "show", "grades", "--offline", "--json"], env=env, capture_output=True, text=True
            )
            before = snapshot(db)
            os.chown(db.parent, NOBODY, NOBODY)
            os.chmod(db.parent, 0o555)
            unprivileged = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
            try:
                for args, codes, what in (
                    (["show", "grades", "--offline", "--json"], (0,), "show --offline"),
                    (["show", "grades", "--json"], (0,), "show (en ligne)"),
                    (["sync"], (1,), "sync"),
                ):
                    outcome = Outcome("read_only_cache", f"dossier du cache en lecture seule : {what}")
                    done = subprocess.run(
                        [*unprivileged, *CLI, *args], env=env, capture_output=True, text=True, timeout=60
                    )
                    _judge_cli(outcome, done, ok_codes=codes)
                    if args[0] == "show" and done.returncode == 0:
                        if json.loads(done.stdout)["data"] != json.loads(shown.stdout)["data"]:
                            outcome.lost = "le cache ne montre plus les mêmes notes"
                    if args == ["sync"] and "lecture seule" not in done.stderr:
                        outcome.violation = outcome.violation or f"message peu clair : {outcome.message}"
                    outcomes.append(outcome)
            finally:
                os.chown(db.parent, os.getuid(), os.getgid())
                os.chmod(db.parent, 0o700)
            lost = lost_between(before, snapshot(db), may_change=set())
            if lost:
                outcomes[-1].lost = lost
    return outcomes


# --- full disk ----------------------------------------------------------------------------------


async def run_disk_full(w: World, headroom: list[int]) -> list[Outcome]:
    """SQLite says "database or disk is full" after ``k`` more pages, for each ``k`` of ``headroom``."""
    outcomes = []
    for pages in headroom:
        outcome = Outcome("disk_full", f"disque plein après {pages} page(s) de plus")
        path = w.fresh_cache()
        _forget_weeks(path)  # the sync has new data to write: the file must grow
        before = snapshot(path)
        cache = Cache.open(path, clock=lambda: NOW)
        used = cache._db.execute("PRAGMA page_count").fetchone()[0]
        cache._db.execute(f"PRAGMA max_page_count = {used + pages}")
        portal = w.portal(cache)
        try:
            await portal.sync()
            outcome.tolerated = True  # there was room enough after all
        except StorageProblem as exc:
            outcome.reported, outcome.message = True, str(exc)
            if "plein" not in str(exc):
                outcome.violation = f"message peu clair : {exc}"
        except PortalError as exc:
            outcome.violation = f"autre erreur : {exc}"
        except Exception as exc:  # noqa: BLE001
            outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            await portal.close()
            cache.close()
        outcome.lost = lost_between(
            before, snapshot(path), may_change=None if outcome.tolerated else {ACCOUNT_KEY}
        )
        w.drop_case(path)
        outcomes.append(outcome)
    return outcomes


def _forget_weeks(path: Path) -> None:
    """Drop the timetable weeks from a cache copy, and compact it (no free page left)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("DELETE FROM datasets WHERE section='timetable'")
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


@contextlib.contextmanager
def enospc_under(folder: Path) -> Iterator[None]:
    """``os.write`` fails with ENOSPC for files under ``folder`` (other writes go through)."""
    real = os.write

    def write(fd: int, data) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(str(folder)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    os.write = write
    try:
        yield
    finally:
        os.write = real


def run_enospc_files(folder: Path) -> list[Outcome]:
    """ENOSPC while Python writes the opt-in secrets file and the config: old content intact."""
    outcomes = []
    secrets = FileStore(folder / "data" / "credentials.json")
    secrets.set("famille", "token", "JETON-ANCIEN")
    config = ConfigStore(folder / "config" / "config.toml")
    account = AccountConfig(
        id="famille", server_url="https://pronote.example/pronote/parent.html", username="u"
    )
    config.add(account, make_default=True)
    before = (secrets.path.read_bytes(), config.path.read_bytes())
    for what, action, error in (
        (
            "fichier de secrets : nouveau jeton",
            lambda: secrets.set("famille", "token", "JETON-NOUVEAU"),
            CredentialError,
        ),
        (
            "configuration : compte modifié",
            lambda: config.update(replace(account, label="Maison")),
            ConfigError,
        ),
    ):
        outcome = Outcome("disk_full_files", f"ENOSPC en écrivant le {what}")
        try:
            with enospc_under(folder):
                action()
            outcome.violation = "l'écriture n'a pas échoué"
        except error as exc:
            outcome.reported, outcome.message = True, str(exc)
            if os.strerror(errno.ENOSPC) not in str(exc):
                outcome.violation = f"message peu clair : {exc}"
        except Exception as exc:  # noqa: BLE001
            outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
        outcomes.append(outcome)
    after = (secrets.path.read_bytes(), config.path.read_bytes())
    if after != before:
        outcomes[-1].lost = "fichier modifié malgré l'échec de l'écriture"
    leftovers = [p.name for p in folder.rglob("*.tmp")]
    if leftovers:
        outcomes[-1].lost = f"fichiers temporaires laissés : {leftovers}"
    if secrets.get("famille", "token") != "JETON-ANCIEN":
        outcomes[0].lost = "le jeton enregistré a été perdu"
    return outcomes


# --- a database locked by another program -------------------------------------------------------

HOLDER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    c.execute("PRAGMA locking_mode=EXCLUSIVE")
    c.execute("BEGIN EXCLUSIVE")
else:
    c.execute("BEGIN IMMEDIATE")
c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('autre-programme', '1')")
print("ready", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def held_by_another_process(path: Path, mode: str) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


async def run_locked_database(w: World) -> list[Outcome]:
    outcomes = []
    for mode, what in (("exclusive", "verrou exclusif (même la lecture)"), ("write", "verrou d'écriture")):
        outcome = Outcome("db_locked", f"base tenue par un autre processus : {what}")
        path = w.fresh_cache()
        before = w.baseline_snapshot
        with held_by_another_process(path, mode):
            try:
                cache = Cache.open(path, clock=lambda: NOW, busy_timeout=0.2)
            except Exception as exc:  # noqa: BLE001 - judged below
                cache, opened = None, exc
            if cache is None:
                if type(opened).__name__ == "CacheError" and "verrouillé" in str(opened):
                    outcome.reported, outcome.message = True, str(opened)
                else:
                    outcome.traceback = f"{type(opened).__name__}: {opened}"[:300]
            else:
                portal = w.portal(cache)
                try:
                    await portal.sync()
                    outcome.violation = "la synchronisation est passée malgré le verrou"
                except StorageProblem as exc:
                    outcome.reported, outcome.message = True, str(exc)
                    if "verrouillé" not in str(exc):
                        outcome.violation = f"message peu clair : {exc}"
                except Exception as exc:  # noqa: BLE001
                    outcome.traceback = f"{type(exc).__name__}: {exc}"[:300]
                finally:
                    await portal.close()
                    cache.close()
        aside = [p.name for p in path.parent.iterdir() if "illisible" in p.name]
        if aside:
            outcome.lost = f"cache mis de côté alors qu'il était sain : {aside}"
        outcome.lost = outcome.lost or lost_between(before, snapshot(path), may_change={ACCOUNT_KEY})
        w.drop_case(path)
        outcomes.append(outcome)
    return outcomes


# --- a config file hand-edited into invalid TOML -----------------------------------------------

BROKEN_TOML = (
    '[accounts.famille]\nserver_url = "https://pronote.example/pronote/parent.html\nusername = demo\n'
)


def cli_invalid_config(folder: Path | None = None) -> list[Outcome]:
    """Every command on a config file with a TOML syntax error: one sentence, file and cache kept."""
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    from .world import TODAY

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="faultlab-toml-", dir=folder) as tmp:
        root = Path(tmp)
        env = cli_env(root)
        app = DemoServer(demo_school(TODAY), ServerOptions(today=TODAY))
        with ServerThread(app) as thread:
            db = _cli_account(root, env, thread.page_url)
            config = root / "xdg_config_home" / "espace-parents" / "config.toml"
            config.write_text(config.read_text(encoding="utf-8") + BROKEN_TOML, encoding="utf-8")
            broken = config.read_bytes()
            before = snapshot(db)
            login = [
                "login",
                "--server",
                thread.page_url,
                "--username",
                "demo",
                "--password-stdin",
                "--insecure-storage",
            ]
            for args in (["accounts"], ["sync"], ["show", "grades", "--offline"], ["logout"], login, []):
                outcome = Outcome(
                    "invalid_config", f"config.toml invalide : espace-parents {' '.join(args[:3])}".strip()
                )
                done = subprocess.run(
                    [*CLI, *args], input="demo\n", env=env, capture_output=True, text=True, timeout=60
                )
                _judge_cli(outcome, done, ok_codes=(1, 2))
                if "config" not in done.stderr.lower():
                    outcome.violation = outcome.violation or f"message peu clair : {outcome.message}"
                outcome.lost = lost_between(before, snapshot(db), may_change=set())
                if config.read_bytes() != broken:
                    outcome.lost = outcome.lost or "le fichier de configuration a été réécrit"
                outcomes.append(outcome)
    return outcomes
