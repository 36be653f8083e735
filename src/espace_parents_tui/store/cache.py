"""The offline cache: one SQLite database per account, models in, models out.

- Everything a sync fetched is written in **one transaction** at the end of the sync: a crash or a
  kill in the middle leaves the previous complete sync whole (WAL journal).
- Datasets are keyed on (child, section, scope) — scope is a period name, a week's Monday… — and
  the items inside them (a grade, a lesson, a message…) on stable content, never on PRONOTE's ids,
  which change with every server session. That is how "new since last time" stays true.
- A database that cannot be opened or read (corrupt, truncated, from a newer version) is moved
  aside, the reason is kept in :attr:`Cache.recovered`, and a fresh one is built.
- A database that is fine but cannot be used *now* (locked by another program, a read-only folder,
  a full disk, an I/O error) is never moved aside: the error is one French sentence
  (:class:`CacheError`) and nothing stored is touched. A folder that cannot be written is opened
  read-only (:attr:`Cache.read_only`): the cache still answers, writes say why they cannot.
- Directory 0700, files 0600. Nothing secret is ever written here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from espace_parents_tui.clock import SYSTEM
from espace_parents_tui.store import codec
from espace_parents_tui.store.problems import CacheError, read_only_connection, set_aside
from espace_parents_tui.store.problems import explain as _explain
from espace_parents_tui.store.problems import is_busy as _is_busy
from espace_parents_tui.store.problems import reason as _reason
from espace_parents_tui.store.stamps import StampQueries
from espace_parents_tui.util.fsutil import ensure_private_dir, locked_dir
from espace_parents_tui.util.i18n import _

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE syncs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE datasets (
    child TEXT NOT NULL,
    section TEXT NOT NULL,
    scope TEXT NOT NULL,
    payload TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    sync_id INTEGER,
    PRIMARY KEY (child, section, scope)
);
CREATE TABLE items (
    child TEXT NOT NULL,
    section TEXT NOT NULL,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    summary TEXT NOT NULL,
    first_sync INTEGER NOT NULL,
    changed_sync INTEGER NOT NULL,
    PRIMARY KEY (child, section, key)
);
CREATE TABLE changes (
    sync_id INTEGER NOT NULL,
    child TEXT NOT NULL,
    section TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_unseen ON changes (seen, child, section);
"""

# version reached -> SQL that brings the previous version to it
MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}


@dataclass(frozen=True)
class Cached:
    """A dataset read from the cache, with the time it was fetched."""

    value: Any
    fetched_at: datetime


@dataclass(frozen=True)
class Change:
    """Something a sync found that the previous ones had not: ``kind`` is "new" or "changed"."""

    child: str
    section: str
    key: str
    kind: str
    summary: str


@dataclass(frozen=True)
class Recorded:
    """A change as the cache keeps it: its row (to mark it seen) and when its sync found it."""

    id: int
    found_at: datetime
    change: Change


@dataclass(frozen=True)
class Item:
    """One thing inside a dataset, for change detection: a stable key, the object, a one-line summary."""

    key: str
    value: Any
    summary: str
    # When the thing happened (a grade's date, an absence's start). It lets a scope seen for the
    # first time (a past trimester opened on demand) report only what is newer than the last sync.
    day: date | None = None


@dataclass
class _Pending:
    child: str
    section: str
    scope: str
    payload: str
    fetched_at: str
    items: list[tuple[str, str, str, str | None]] | None
    baseline: str  # "section": the first fetch of a section reports nothing; "scope": per scope


@dataclass
class SyncWriter:
    """Collects a sync's datasets in memory; :meth:`commit` writes them all in one transaction."""

    cache: Cache
    started_at: str
    # A full sync (True) or a partial write (one page fetched on demand, the login's snapshot).
    complete: bool = True
    pending: list[_Pending] = field(default_factory=list)

    def put(
        self,
        child: str,
        section: str,
        scope: str,
        value: Any,
        items: Iterable[Item] | None = None,
        *,
        baseline: str = "section",
        fetched_at: datetime | None = None,
    ) -> None:
        rows = None
        if items is not None:
            rows = [
                (item.key, codec.digest(item.value), item.summary, item.day.isoformat() if item.day else None)
                for item in items
            ]
        self.pending.append(
            _Pending(
                child,
                section,
                scope,
                codec.dumps(value),
                (fetched_at or self.cache.clock()).isoformat(timespec="seconds"),
                rows,
                baseline,
            )
        )

    def commit(self) -> list[Change]:
        return self.cache._commit(self)


class Cache(StampQueries):  # version() / stamp(): has it changed? (store/stamps.py)
    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        recovered: str | None,
        clock: Callable[[], datetime] = SYSTEM.now,
        read_only: str | None = None,
    ) -> None:
        self._db = connection
        # The time written with each dataset and sync (a fixed clock makes snapshots reproducible).
        self.clock = clock
        self.path = path
        # Why the previous database was set aside, when it was (a French sentence for the user).
        self.recovered = recovered
        # Why the cache can only be read (a folder that cannot be written), or None.
        self.read_only = read_only

    @classmethod
    def open(
        cls, path: Path, *, clock: Callable[[], datetime] = SYSTEM.now, busy_timeout: float = 10.0
    ) -> Cache:
        try:
            ensure_private_dir(path.parent)
        except OSError as exc:
            if not path.parent.is_dir():
                why = _("Impossible de créer le dossier du cache {parent} : {strerror}.")
                raise CacheError(why.format(parent=path.parent, strerror=exc.strerror)) from None
            # There, but not ours to change (read-only mount, another owner): reading may still work.
        with contextlib.ExitStack() as first_open:
            # Two programs starting at once must not both create the file and its tables.
            with contextlib.suppress(OSError):
                first_open.enter_context(locked_dir(path.parent))
            return cls._open(path, clock, busy_timeout)

    @classmethod
    def _open(cls, path: Path, clock: Callable[[], datetime], busy_timeout: float) -> Cache:
        try:
            return cls(_connect(path, busy_timeout), path, None, clock)
        except (OSError, sqlite3.OperationalError) as exc:
            # The database may be fine: never set it aside for a lock, a read-only folder or a full disk.
            if _is_busy(exc):
                raise CacheError(_explain(exc, path)) from None
            return cls._open_read_only(path, clock, exc)
        except (sqlite3.DatabaseError, CacheError) as exc:
            aside = set_aside(path)
            reason = _(
                "Le cache local était illisible ({reason}) : il a été mis de côté ({name}) et sera reconstruit à la prochaine synchronisation."
            ).format(reason=_reason(exc), name=aside.name)
            return cls(_connect(path, busy_timeout), path, reason, clock)

    @classmethod
    def _open_read_only(cls, path: Path, clock: Callable[[], datetime], cause: BaseException) -> Cache:
        """The cache as it is, for reading only (the folder or the file cannot be written)."""
        connection, why = read_only_connection(path, cause, SCHEMA_VERSION)
        return cls(connection, path, None, clock, read_only=why)

    @classmethod
    def in_memory(cls, *, clock: Callable[[], datetime] = SYSTEM.now) -> Cache:
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(connection)
        return cls(connection, None, None, clock)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    # --- reading ----------------------------------------------------------------------------

    def get(self, child: str, section: str, scope: str, tp: Any) -> Cached | None:
        row = self._db.execute(
            "SELECT payload, fetched_at FROM datasets WHERE child=? AND section=? AND scope=?",
            (child, section, scope),
        ).fetchone()
        if row is None:
            return None
        try:
            value = codec.loads(tp, row[0])
        except codec.CodecError:
            return None  # written by another version: fetch it again
        return Cached(value, datetime.fromisoformat(row[1]))

    def scopes(self, child: str, section: str) -> list[tuple[str, datetime]]:
        rows = self._db.execute(
            "SELECT scope, fetched_at FROM datasets WHERE child=? AND section=? ORDER BY scope",
            (child, section),
        ).fetchall()
        return [(scope, datetime.fromisoformat(at)) for scope, at in rows]

    def last_sync(self) -> datetime | None:
        row = self._db.execute(
            "SELECT finished_at FROM syncs WHERE complete=1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def last_sync_id(self) -> int | None:
        row = self._db.execute("SELECT max(id) FROM syncs").fetchone()
        return row[0] if row else None

    def sync_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM syncs WHERE complete=1").fetchone()[0]

    def changes(
        self, *, sync_id: int | None = None, unseen_only: bool = False, child: str | None = None
    ) -> list[Change]:
        query = "SELECT child, section, key, kind, summary FROM changes WHERE 1=1"
        params: list[Any] = []
        if sync_id is not None:
            query += " AND sync_id=?"
            params.append(sync_id)
        if unseen_only:
            query += " AND seen=0"
        if child is not None:
            query += " AND child=?"
            params.append(child)
        rows = self._db.execute(query + " ORDER BY rowid", params).fetchall()
        return [Change(*row) for row in rows]

    def mark_seen(self, *, child: str | None = None, section: str | None = None) -> None:
        query, params = "UPDATE changes SET seen=1 WHERE seen=0", []
        if child is not None:
            query += " AND child=?"
            params.append(child)
        if section is not None:
            query += " AND section=?"
            params.append(section)
        self._db.execute(query, params)

    def unseen_changes(self) -> list[Recorded]:
        """Every change not seen yet, all children and sections, newest first."""
        rows = self._db.execute(
            "SELECT c.rowid, s.finished_at, c.child, c.section, c.key, c.kind, c.summary "
            "FROM changes c JOIN syncs s ON s.id = c.sync_id WHERE c.seen=0 "
            "ORDER BY c.sync_id DESC, c.rowid DESC"
        ).fetchall()
        return [Recorded(row[0], datetime.fromisoformat(row[1]), Change(*row[2:])) for row in rows]

    def mark_changes_seen(self, ids: Iterable[int]) -> int:
        """Mark these changes (ids from :meth:`unseen_changes`) seen; how many were not yet."""
        wanted = sorted(set(ids))
        done = 0
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            done += self._db.execute(
                f"UPDATE changes SET seen=1 WHERE seen=0 AND rowid IN ({marks})", chunk
            ).rowcount
        return done

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        if self.read_only:
            raise CacheError(self.read_only)
        try:
            if value is None:
                self._db.execute("DELETE FROM meta WHERE key=?", (key,))
            else:
                self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        except sqlite3.OperationalError as exc:
            raise CacheError(_explain(exc, self.path)) from None

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # --- writing ----------------------------------------------------------------------------

    def begin_sync(self, *, complete: bool = True) -> SyncWriter:
        return SyncWriter(self, self.clock().isoformat(timespec="seconds"), complete)

    def _commit(self, writer: SyncWriter) -> list[Change]:
        """Everything the writer holds, in one transaction; on failure nothing at all is written."""
        if self.read_only:
            raise CacheError(self.read_only)
        try:
            return self._commit_all(writer)
        except sqlite3.OperationalError as exc:
            raise CacheError(_explain(exc, self.path)) from None

    def _commit_all(self, writer: SyncWriter) -> list[Change]:
        db = self._db
        changes: list[Change] = []
        db.execute("BEGIN IMMEDIATE")
        try:
            finished = self.clock().isoformat(timespec="seconds")
            cursor = db.execute(
                "INSERT INTO syncs(started_at, finished_at) VALUES (?, ?)", (writer.started_at, finished)
            )
            sync_id = cursor.lastrowid
            for p in writer.pending:
                db.execute(
                    "INSERT OR REPLACE INTO datasets(child, section, scope, payload, fetched_at, sync_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (p.child, p.section, p.scope, p.payload, p.fetched_at, sync_id),
                )
                if p.items is not None:
                    changes.extend(self._merge_items(sync_id, p))
            for change in changes:
                db.execute(
                    "INSERT INTO changes(sync_id, child, section, key, kind, summary) VALUES (?, ?, ?, ?, ?, ?)",
                    (sync_id, change.child, change.section, change.key, change.kind, change.summary),
                )
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        return changes

    def _merge_items(self, sync_id: int, p: _Pending) -> list[Change]:
        db = self._db
        scope_known = db.execute(
            "SELECT 1 FROM items WHERE child=? AND section=? AND scope=? AND first_sync<? LIMIT 1",
            (p.child, p.section, p.scope, sync_id),
        ).fetchone()
        section_known = (
            scope_known
            or db.execute(
                "SELECT 1 FROM items WHERE child=? AND section=? AND first_sync<? LIMIT 1",
                (p.child, p.section, sync_id),
            ).fetchone()
        )
        # The first time a section (or, for per-scope sections, a scope) is seen, nothing in it is
        # "new": it is the baseline. A new scope of a known section (next trimester, a past one
        # opened on demand) reports only dated items newer than the last complete sync.
        since = None
        if section_known and not scope_known and p.baseline != "scope":
            row = db.execute(
                "SELECT finished_at FROM syncs WHERE complete=1 ORDER BY id DESC LIMIT 1"
            ).fetchone()
            since = row[0][:10] if row else None
        known_before = scope_known if p.baseline == "scope" else section_known
        changes = []
        for key, item_digest, summary, day in p.items or []:
            row = db.execute(
                "SELECT digest FROM items WHERE child=? AND section=? AND key=?", (p.child, p.section, key)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO items(child, section, scope, key, digest, summary, first_sync, changed_sync) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (p.child, p.section, p.scope, key, item_digest, summary, sync_id, sync_id),
                )
                if known_before and (since is None or (day is not None and day >= since)):
                    changes.append(Change(p.child, p.section, key, "new", summary))
            elif row[0] != item_digest:
                db.execute(
                    "UPDATE items SET digest=?, summary=?, changed_sync=?, scope=? WHERE child=? AND section=? AND key=?",
                    (item_digest, summary, sync_id, p.scope, p.child, p.section, key),
                )
                changes.append(Change(p.child, p.section, key, "changed", summary))
        return changes


# --- connection, schema, recovery ----------------------------------------------------------------


def _connect(path: Path, busy_timeout: float = 10.0) -> sqlite3.Connection:
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    elif os.name == "posix" and (path.stat().st_mode & 0o777) != 0o600:
        os.chmod(path, 0o600)
    if path.stat().st_size and path.stat().st_size < 512:
        raise CacheError(_("fichier tronqué"))
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise PermissionError(errno.EACCES, _("écriture impossible"), str(path))
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=busy_timeout)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CacheError(_("contrôle d'intégrité : {check}").format(check=check))
        _migrate(connection)
    except BaseException:
        connection.close()
        raise
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and os.name == "posix":
            os.chmod(side, 0o600)
    return connection


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        newer = _("cache écrit par une version plus récente (schéma {version})")
        raise CacheError(newer.format(version=version))
    if version and not connection.execute("SELECT 1 FROM sqlite_master WHERE name='datasets'").fetchone():
        raise CacheError(_("tables manquantes"))
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            _run_script(connection, MIGRATIONS[target])
            connection.execute(f"PRAGMA user_version={target}")
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    # executescript() would commit the open transaction; run the statements one by one inside it.
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def delete_cache(path: Path) -> None:
    """Remove an account's cache (logout)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path.with_name(path.name + suffix))
