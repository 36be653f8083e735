"""Drafts of what a parent writes to the school (a justification, an absence warned of ahead, a
document to deposit), kept in the account's cache per child until the school has it.

A draft is saved as the parent types and when a send fails; it says what was not sent and why
(``problem``). Nothing here sends anything: a draft is only ever sent again by the parent.
The table lives in the account's cache database, created on first use.

Just before a write request leaves, the draft is marked "sending" (``sending_since``), committed
(the connection is in autocommit). A program killed before it learns the server's answer leaves
the mark: at the next start the draft is *in doubt* and ``service/actions/in_doubt.py`` asks the
server whether the write arrived (it never sends it again). A known outcome clears the mark: the
draft deleted (sent), or saved with its ``problem`` (not sent).
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
    sending_since TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (child, kind, key)
)
"""
_COLUMNS = "child, kind, key, fields, problem, saved_at, sending_since"


@dataclass(frozen=True)
class Draft:
    child: str
    kind: str  # "justify", "declare", "deposit", "reply"
    key: str  # what it is about (an absence's start, a document's name…)
    fields: dict[str, str]
    problem: str  # why it was not sent, in French; "" while it was never tried
    saved_at: datetime
    # When a send of it started and its outcome is not known yet (the program was killed): None
    # when no send is under way or its outcome is known.
    sending_since: datetime | None = None

    @property
    def in_doubt(self) -> bool:
        return self.sending_since is not None


class Drafts:
    """The drafts of one account (its cache)."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._db = cache._db  # the same database and connection as the cache (same package)
        self._db.execute(_TABLE)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(drafts)")}
        if "sending_since" not in columns:  # a cache written before the mark existed
            self._db.execute("ALTER TABLE drafts ADD COLUMN sending_since TEXT NOT NULL DEFAULT ''")

    def save(
        self, child: str, kind: str, key: str, fields: dict[str, str], problem: str | None = None
    ) -> Draft:
        """Keep (or update) a draft; ``problem`` None keeps the one already noted and a send's mark
        (the parent typing in a draft in doubt); a ``problem`` is a known outcome: the mark goes."""
        current = self.get(child, kind, key)
        sending = ""
        if problem is None:
            problem = current.problem if current else ""
            if current is not None and current.sending_since is not None:
                sending = current.sending_since.isoformat(timespec="seconds")
        moment = self._cache.clock()
        self._db.execute(
            f"INSERT OR REPLACE INTO drafts({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                child,
                kind,
                key,
                json.dumps(fields, ensure_ascii=False, sort_keys=True),
                problem,
                moment.isoformat(timespec="seconds"),
                sending,
            ),
        )
        return Draft(
            child,
            kind,
            key,
            dict(fields),
            problem,
            moment.replace(microsecond=0),
            datetime.fromisoformat(sending) if sending else None,
        )

    def mark_sending(self, child: str, kind: str, key: str) -> None:
        """The write request is about to leave: until its outcome is known, the draft is in doubt."""
        moment = self._cache.clock().isoformat(timespec="seconds")
        self._db.execute(
            "UPDATE drafts SET sending_since=?, problem='' WHERE child=? AND kind=? AND key=?",
            (moment, child, kind, key),
        )

    def in_doubt(self) -> list[Draft]:
        """The drafts whose send was cut before its outcome was known (oldest first)."""
        return [draft for draft in self.list() if draft.in_doubt]

    def get(self, child: str, kind: str, key: str) -> Draft | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM drafts WHERE child=? AND kind=? AND key=?", (child, kind, key)
        ).fetchone()
        return _draft(*row) if row else None

    def list(self, child: str | None = None, kind: str | None = None) -> list[Draft]:
        query, params = f"SELECT {_COLUMNS} FROM drafts WHERE 1=1", []
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


def _draft(
    child: str, kind: str, key: str, fields: str, problem: str, saved_at: str, sending_since: str = ""
) -> Draft:
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
        _moment(sending_since),
    )


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
