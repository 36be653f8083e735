"""The home screen as the app last painted it first, kept in the cache to be painted at the next
start before the models and the service are imported (``tui/kept.py`` says when it may be).

Everything here is the standard library (``sqlite3``, ``zlib``): it runs before the first paint.
A kept drawing is one ``meta`` row (:data:`KEY`): a line of JSON (its validity key, see
``tui/kept.py``) then the drawing. :func:`lasting_stamp` is what the validity key holds of the
cache: unlike ``StampQueries.version`` it is the same in another process, and unlike ``stamp`` it
covers every table a screen may show something of. It ignores only the kept drawing itself and the
rendered ``show --json`` texts (``quick.py``), which only ever follow the datasets.
"""

from __future__ import annotations

import sqlite3
import zlib

KEY = "kept\thome"  # the meta key


def lasting_stamp(db: sqlite3.Connection) -> str:
    """Changes with any write of the cache but the kept drawing's (and the renders').

    Datasets are only written with ``INSERT OR REPLACE`` (a new, larger rowid), changes only
    inserted or marked seen, syncs only inserted; items are updated in place, but only in a sync's
    transaction, which inserts a sync; meta rows are read whole (they are few and small)."""
    parts = [
        db.execute("SELECT max(rowid), count(*) FROM datasets").fetchone(),
        db.execute("SELECT max(rowid), count(*), total(seen=0) FROM changes").fetchone(),
        db.execute("SELECT max(id), count(*), total(complete) FROM syncs").fetchone(),
        db.execute("SELECT max(rowid), count(*), total(changed_sync) FROM items").fetchone(),
    ]
    crc = 0
    for key, value in db.execute(
        "SELECT key, value FROM meta WHERE key != ? AND substr(key, 1, 9) != 'rendered\t' ORDER BY key",
        (KEY,),
    ):
        crc = zlib.crc32(f"{key}\0{value}\0".encode("utf-8", "surrogatepass"), crc)
    return repr((*parts, crc))


def read(db: sqlite3.Connection) -> tuple[str, str] | None:
    """(validity key line, drawing) as kept, or ``None``."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key=?", (KEY,)).fetchone()
    except sqlite3.Error:
        return None
    if not row or "\n" not in row[0]:
        return None
    head, _newline, drawing = row[0].partition("\n")
    return head, drawing
