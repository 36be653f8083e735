"""Reading one cached dataset as stored JSON, without the models: the fast path of
``show … --offline --json`` (``cli/quickread.py``), which must not pay for importing them.

What a read needs besides the dataset is the scope shown by default (the current period, this
week…), which the sections compute from the models. Each sync records it, for the day it ran and
every child and section, in the cache's ``meta`` table (:data:`DEFAULT_SCOPES`), together with when
the account's snapshot it was computed from was written; a reader uses it only on that same day and
on that same snapshot, and otherwise takes the full path.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime

TYPE_CHECKING = False  # not typing's: importing typing costs the fast path of ``show … --offline --json``
if TYPE_CHECKING:
    from typing import Any

DEFAULT_SCOPES = "default_scopes"  # the meta key


def open_read_only(path: str | os.PathLike[str]) -> sqlite3.Connection | None:
    """The cache file opened read-only, or ``None`` when there is none (or it cannot be opened)."""
    path = os.fspath(path)
    if not path.startswith("/") or path.startswith("//") or not os.path.isfile(path):
        return None  # (an absolute path is what the URI below can name; pathlib is not imported)
    uri = path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    try:
        return sqlite3.connect(f"file:{uri}?mode=ro", uri=True)
    except sqlite3.Error:
        return None


def meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def dataset(db: sqlite3.Connection, child: str, section: str, scope: str) -> tuple[str, str] | None:
    """(payload as stored JSON, fetched_at as stored ISO text) of one dataset, or ``None``."""
    row = db.execute(
        "SELECT payload, fetched_at FROM datasets WHERE child=? AND section=? AND scope=?",
        (child, section, scope),
    ).fetchone()
    return (row[0], row[1]) if row else None


def default_scopes(db: sqlite3.Connection, day: str, snapshot: tuple[str, str, str]) -> dict[str, Any] | None:
    """The recorded default scopes, when recorded on ``day`` (ISO) from the snapshot now stored."""
    text = meta(db, DEFAULT_SCOPES)
    if not text:
        return None
    recorded = json.loads(text)
    stored = dataset(db, *snapshot)
    if recorded.get("day") != day or stored is None or not recorded.get("snapshot_at"):
        return None
    if datetime.fromisoformat(recorded["snapshot_at"]) != datetime.fromisoformat(stored[1]):
        return None  # the children or the periods were written again since (a login)
    return recorded
