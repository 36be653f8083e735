"""What tells a reader that the cache changed: globally, or only for the sections it shows.

A view keeps what it drew while nothing it shows was written (``tui/screens/base.py``). The
global :meth:`StampQueries.version` changes with any write; :meth:`StampQueries.stamp` changes only
with a write of the given sections' datasets or of their changes (new ones, or ones marked seen).

Every dataset write is an ``INSERT OR REPLACE``: SQLite gives the new row a rowid above every rowid
in the table (chosen before the old row goes), so the largest rowid of a section's rows moves with
each write of one of them. Changes are only ever inserted or marked seen: their largest rowid moves
with an insert, their count of unseen ones with a mark. Nothing here reads ``fetched_at``: a fixed
clock (the tests) writes the same one again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


class StampQueries:
    """Mixed into :class:`~espace_parents_tui.store.cache.Cache` (which holds ``_db``)."""

    _db: sqlite3.Connection

    def version(self) -> tuple[int, int]:
        """Unchanged while nothing at all was written (here or by another program)."""
        return self._db.total_changes, self._db.execute("PRAGMA data_version").fetchone()[0]

    def stamp(self, sections: Iterable[str]) -> tuple:
        """Unchanged while no dataset of ``sections`` (any child, any scope) and none of their
        changes was written or marked seen, here or by another program."""
        names = sorted(set(sections))
        if not names:
            return ()
        marks = ",".join("?" * len(names))
        datasets = self._db.execute(
            f"SELECT max(rowid), count(*) FROM datasets WHERE section IN ({marks})", names
        ).fetchone()
        changes = self._db.execute(
            f"SELECT max(rowid), count(*), total(seen=0) FROM changes WHERE section IN ({marks})", names
        ).fetchone()
        return (*datasets, *changes)

    def lasting_stamp(self) -> str:
        """Changes with any write but the kept first paint's, in any process (``kept.py``)."""
        from espace_parents_tui.store.kept import lasting_stamp

        return lasting_stamp(self._db)
