"""Nouveautés: what the syncs found that the parent has not looked at yet, all children together.

Each sync records its changes in the cache with a *seen* flag (``store/cache.py``); a section's view
marks its own section seen when it is opened (``tui/screens/novelty.py``). This module is the one
list across every section and child, newest first, and the one way to mark a given set of it seen,
so the app's Nouveautés view and the ``novelties`` command agree and neither touches SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal


@dataclass(frozen=True)
class Novelty:
    """One thing new or changed since the parent last looked.

    ``child`` is the child's name, or None for what belongs to the account (messages, news…).
    ``ids`` are the cache's change rows it stands for: an item changed at two syncs is listed once,
    at its latest, and marking it seen marks both."""

    ids: tuple[int, ...]
    found_at: datetime
    child: str | None
    section: str
    kind: str  # "new" or "changed"
    summary: str
    key: str

    @property
    def section_title(self) -> str:
        spec = SECTIONS.get(self.section)
        if spec is None:
            return self.section
        return _(spec.title_fr)


def unseen_novelties(portal: Portal) -> list[Novelty]:
    """Every change not seen yet, across sections and children, newest first."""
    found: dict[tuple[str, str, str], Novelty] = {}
    extra: dict[tuple[str, str, str], list[int]] = {}
    for record in portal.cache.unseen_changes():
        change = record.change
        if change.section not in SECTIONS:
            continue  # a section this version no longer keeps
        where = (change.child, change.section, change.key)
        if where in found:  # an older change of an item already listed at its latest
            extra.setdefault(where, []).append(record.id)
            continue
        found[where] = Novelty(
            ids=(record.id,),
            found_at=record.found_at,
            child=None if change.child == ACCOUNT else change.child,
            section=change.section,
            kind=change.kind,
            summary=change.summary,
            key=change.key,
        )
    return [replace(n, ids=n.ids + tuple(extra[w])) if w in extra else n for w, n in found.items()]


def mark_novelties_seen(portal: Portal, novelties: Iterable[Novelty]) -> int:
    """Mark these novelties seen (in the cache: they stay seen after a restart); how many rows were not."""
    return portal.cache.mark_changes_seen(i for n in novelties for i in n.ids)
