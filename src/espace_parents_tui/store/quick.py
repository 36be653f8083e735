"""Reading one cached dataset as stored JSON, without the models: the fast path of
``show … --offline --json`` (``cli/quickread.py``), which must not pay for importing them.

What a read needs besides the dataset is the scope shown by default (the current period, this
week…), which the sections compute from the models. Each sync records it, for the day it ran and
every child and section, in the cache's ``meta`` table (:data:`DEFAULT_SCOPES`), together with when
the account's snapshot it was computed from was written; a reader uses it only on that same day and
on that same snapshot, and otherwise takes the full path.

Each default dataset is also kept rendered as ``show --json`` prints it (``indent=2``, pure Python in
the standard library, ≈ 2 ms for a term of grades): :func:`remember_renders` at the end of a sync,
stamped with the stored text it was rendered from; :func:`rendered` gives it only while that text is
still the one stored (a later fetch or sync writes another).
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
RENDERED = "rendered"  # the meta keys' start: "rendered<TAB>section<TAB>child"
# The datasets ``show`` prints (cli/quickread.py SHOWN, a test checks): the only ones kept rendered.
SERVED = frozenset(
    {"grades", "evaluations", "report", "timetable", "homework", "school_life", "messages", "news"}
    | {"menus", "team", "calendar", "orientation", "internships", "textbooks", "record", "livret"}
)


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


def _rendered_key(child: str, section: str) -> str:
    return f"{RENDERED}\t{section}\t{child}"


def _stamp(payload: str) -> str:
    """Which stored text a rendering was made from (its length and CRC-32)."""
    import zlib

    return f"{len(payload)}:{zlib.crc32(payload.encode())}"


def render(payload: str) -> str:
    """The stored JSON as ``json_dumps(answer, indent=2)`` prints it at ``answer["data"]``."""
    return render_value(json.loads(payload))


def render_value(value: Any) -> str:
    """``value`` (JSON values) as ``json_dumps(answer, indent=2)`` prints it one level deep in
    ``answer`` (JSON text has no raw newline but between its values: each line moves right by two)."""
    from espace_parents_tui.util.textsafe import json_dumps

    return json_dumps(value, indent=2).replace("\n", "\n  ")


def remember_renders(cache: Any, datasets: list[tuple[str, str, str]]) -> None:
    """Keep (child, section, scope) datasets rendered for :func:`rendered`, in one transaction
    (the drafts share the cache's connection the same way: same package). A dataset that cannot be
    rendered (not JSON any more) is simply not kept: the fast path then hands over to the full path."""
    db: sqlite3.Connection = cache._db
    try:
        db.execute("BEGIN")
        for child, section, scope in datasets:
            if section not in SERVED:
                continue
            key = _rendered_key(child, section)
            found = dataset(db, child, section, scope)
            try:
                text = None if found is None else render(found[0])
            except (ValueError, TypeError, RecursionError):
                text = None
            if found is None or text is None:
                db.execute("DELETE FROM meta WHERE key=?", (key,))
                continue
            head = json.dumps([scope, _stamp(found[0])], ensure_ascii=False)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, f"{head}\n{text}"))
        db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):  # a full disk, a locked file: the fast path renders it then
            from espace_parents_tui.store.cache import CacheError

            raise CacheError(str(exc)) from None
        raise


def rendered(db: sqlite3.Connection, child: str, section: str, scope: str, payload: str) -> str | None:
    """:func:`render` of ``payload`` as kept by the last sync, or ``None`` (not kept, or not this text)."""
    value = meta(db, _rendered_key(child, section))
    if not value or "\n" not in value:
        return None
    head, text = value.split("\n", 1)
    return text if json.loads(head) == [scope, _stamp(payload)] else None
