"""A sync's second look: a section not read again when the home page proves it did not change.

The home page (``PageAccueil``) is read first in a sync. Its summary widgets (``HomeWidget``: latest
grades, skills, school-life counters, homework to come, discussions, news; parent-features.md §11,
their content guessed) are fingerprints. When a section's dataset was read in a sync whose home page
carried the same widget, with the same fingerprint, and naming the same scope (the period, the first
day of homework), the section is not read again: nothing the widget shows changed since.

What it never does:
- skip without the widget: a server that fills no widget (a real parent server may not, §17), a
  malformed or differently scoped widget, a sync that did not read the home page first, a dataset
  read outside a sync (no proof recorded for it) all get a full read, as before;
- trust a summary for long: a widget shows the latest items and counters, not every item, so a
  change it does not show (an old grade corrected) is found by the next full read, at most
  :data:`TRUST` after the dataset was last really read;
- skip in a recorded sync (``sync --record``: support wants every answer);
- skip the timetable: ``modificationsEDT`` covers one week and lists changed lessons only (not an
  added detention), and the timetable is what a parent needs most.

The proof of a dataset (the fingerprint its sync saw) is kept beside it in the cache, written in the
same transaction, as the pseudo-section :data:`PROOFS` (scope ``"<section>|<scope>"``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from espace_parents_tui.models.school_life import HomePage, HomeWidget
from espace_parents_tui.service.sections import ACCOUNT, Section
from espace_parents_tui.store import Cache, SyncWriter

PROOFS = "_home_proofs"
TRUST = timedelta(hours=6)
# Section -> the widget that proves it unchanged (the home page of the child, or of the first child
# for the account's discussions).
WIDGET_OF = {
    "grades": "notes",
    "evaluations": "competences",
    "school_life": "vieScolaire",
    "homework": "travailAFaire",
    "messages": "discussions",
    "news": "actualites",
}


class HomeProofs:
    """One sync's home widgets, and the decision to skip a dataset on their word."""

    def __init__(self, cache: Cache, now: datetime, *, trusting: bool = True) -> None:
        self.cache = cache
        self.now = now
        # False: skip nothing (``sync --record`` must record every answer for support).
        self.trusting = trusting
        self._widgets: dict[str, dict[str, HomeWidget]] = {}
        self._first: str | None = None  # the first child whose home page was read
        self.skipped = 0

    @staticmethod
    def order(jobs: list[tuple[int, Section, Any, str]]) -> list[tuple[int, Section, Any, str]]:
        """The home pages first (they decide what follows), the rest in the planned order."""
        return [job for job in jobs if job[1].name == "home"] + [job for job in jobs if job[1].name != "home"]

    def _widget(self, spec: Section, child_key: str, scope: str) -> HomeWidget | None:
        kind = WIDGET_OF.get(spec.name)
        source = child_key if spec.per_child else self._first
        if kind is None or source is None:
            return None
        widget = self._widgets.get(source, {}).get(kind)
        if widget is None or widget.scope != ("" if scope == "all" else scope):
            return None  # not carried, or about another period or week: ambiguous
        return widget

    def unchanged(self, spec: Section, child_key: str, scope: str) -> bool:
        """Whether this sync's home page proves the cached dataset still current."""
        widget = self._widget(spec, child_key, scope) if self.trusting else None
        if widget is None:
            return False
        fetched = dict(self.cache.scopes(child_key, spec.name)).get(scope)
        if fetched is None or self.now - fetched >= TRUST or fetched > self.now:
            return False
        proof = self.cache.get(child_key, PROOFS, f"{spec.name}|{scope}", str)
        if proof is None or proof.value != widget.fingerprint:
            return False
        self.skipped += 1
        return True

    def seen(self, writer: SyncWriter, spec: Section, child_key: str, scope: str, value: Any) -> None:
        """After a dataset was read: keep the home page's widgets, or the dataset's proof."""
        if spec.name == "home" and isinstance(value, HomePage) and child_key != ACCOUNT:
            self._widgets[child_key] = {w.kind: w for w in value.widgets}
            self._first = self._first or child_key
        elif spec.name in WIDGET_OF and (child_key if spec.per_child else self._first) in self._widgets:
            # Read under this home page: its widget is the dataset's proof. Without one (none sent,
            # another period) or in a sync that read no home page (one section synced alone), the
            # proof stays as it was: the dataset replacing it was read after that proof's home page,
            # so the same widget seen again still proves it current.
            widget = self._widget(spec, child_key, scope)
            if widget is not None:
                writer.put(child_key, PROOFS, f"{spec.name}|{scope}", widget.fingerprint)
