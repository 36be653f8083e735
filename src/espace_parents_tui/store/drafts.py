"""Drafts of what a parent writes to the school (a justification, an absence warned of ahead, a
document to deposit), kept in the account's cache per child until the school has it.

A draft is saved as the parent types and when a send fails; it says what was not sent and why
(``problem``). Nothing here sends anything: a draft is only ever sent again by the parent.
The table lives in the account's cache database, created on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from espace_parents_tui.store.cache import Cache

_TABLE = """
CREATE TABLE IF NOT EXISTS drafts (
    child TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    fields TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    saved_at TEXT NOT NULL,
    PRIMARY KEY (child, kind, key)
)
"""


@dataclass(frozen=True)
class Draft:
    child: str
    kind: str  # "justify", "declare", "deposit"
    key: str  # what it is about (an absence's start, a document's name…)
    fields: dict[str, str]
    problem: str  # why it was not sent, in French; "" while it was never tried
    saved_at: datetime


class Drafts:
    """The drafts of one account (its cache)."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._db = cache._db  # the same database and connection as the cache (same package)
        self._db.execute(_TABLE)

    def save(
        self, child: str, kind: str, key: str, fields: dict[str, str], problem: str | None = None
    ) -> Draft:
        """Keep (or update) a draft; ``problem`` None keeps the one already noted."""
        current = self.get(child, kind, key)
        if problem is None:
            problem = current.problem if current else ""
        moment = self._cache.clock()
        self._db.execute(
            "INSERT OR REPLACE INTO drafts(child, kind, key, fields, problem, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                child,
                kind,
                key,
                json.dumps(fields, ensure_ascii=False, sort_keys=True),
                problem,
                moment.isoformat(timespec="seconds"),
            ),
        )
        return Draft(child, kind, key, dict(fields), problem, moment.replace(microsecond=0))

    def get(self, child: str, kind: str, key: str) -> Draft | None:
        row = self._db.execute(
            "SELECT fields, problem, saved_at FROM drafts WHERE child=? AND kind=? AND key=?",
            (child, kind, key),
        ).fetchone()
        return _draft(child, kind, key, *row) if row else None

    def list(self, child: str | None = None, kind: str | None = None) -> list[Draft]:
        query, params = "SELECT child, kind, key, fields, problem, saved_at FROM drafts WHERE 1=1", []
        if child is not None:
            query += " AND child=?"
            params.append(child)
        if kind is not None:
            query += " AND kind=?"
            params.append(kind)
        rows = self._db.execute(query + " ORDER BY saved_at, key", params).fetchall()
        return [_draft(*row) for row in rows]

    def delete(self, child: str, kind: str, key: str) -> None:
        self._db.execute("DELETE FROM drafts WHERE child=? AND kind=? AND key=?", (child, kind, key))


def _draft(child: str, kind: str, key: str, fields: str, problem: str, saved_at: str) -> Draft:
    try:
        values = json.loads(fields)
    except ValueError:
        values = {}
    if not isinstance(values, dict):
        values = {}
    return Draft(
        child,
        kind,
        key,
        {str(k): str(v) for k, v in values.items()},
        problem,
        datetime.fromisoformat(saved_at),
    )
