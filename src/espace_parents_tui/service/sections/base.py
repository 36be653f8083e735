"""What every section is made of: :class:`Section`, the :class:`Context` it chooses its scopes from,
and the date and period helpers the sections share.

Each :class:`Section` says how to fetch one dataset (a child's grades for a period, a week of
timetable…) through the protocol client, which scopes a sync fetches (and in which order: what a
parent needs day to day first), and how to split the dataset into items with stable keys so the
cache can tell what is new. Keys never use PRONOTE's ids (they change with every session).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from espace_parents_tui.models import Child, SchoolSettings
from espace_parents_tui.store import Item

ACCOUNT = "*"  # the "child" of account-level datasets (messages, news, calendar…)


@dataclass(frozen=True)
class Context:
    """What a section needs to choose its scopes."""

    today: date
    settings: SchoolSettings
    child: Child | None


Fetch = Callable[[Any, Child | None, str], Awaitable[Any]]


@dataclass(frozen=True)
class Section:
    name: str
    title_fr: str  # French, N_-marked: shown through _()
    value_type: Any
    fetch: Fetch
    # (scope, priority) pairs a sync fetches; priority 0 is what a parent needs day to day.
    scopes: Callable[[Context], list[tuple[str, int]]]
    # The scope shown by default (current period, this week…).
    default_scope: Callable[[Context], str]
    items: Callable[[Any], Iterable[Item]] | None = None
    baseline: str = "section"
    per_child: bool = True
    tab: int | None = None
    # Item keys are only unique within a scope (e.g. one report card per period): prefix them.
    scoped_keys: bool = False
    # Background scopes (priority > 0) fetched less than this long ago are not asked again by a
    # sync: last trimester's grades, the teaching team or the calendar rarely change.
    max_age: timedelta | None = None
    # Scopes are weeks (their Monday, ISO). A week fetched once it had ended is final: a sync does
    # not ask for it again (the first fetch after its Sunday keeps what was written during it).
    weekly: bool = False

    def week_is_kept(self, scope: str, fetched_at: datetime | None) -> bool:
        """A weekly scope already fetched after its week ended (so not fetched again)."""
        if not self.weekly or fetched_at is None:
            return False
        try:
            monday = date.fromisoformat(scope)
        except ValueError:
            return False
        return fetched_at.date() >= monday + timedelta(days=7)

    # A fetch given what the cache holds for the scope (a sync passes it): what is final in it is
    # not asked again (the livret of a past, published class). None: ``fetch`` reads everything.
    fetch_again: Callable[[Any, Child | None, str, Any], Awaitable[Any]] | None = None

    # Offered when the account has any of these tabs (a page several tabs serve: the meetings are
    # tab 90 on some servers, 92/120 on others); ``tab`` is then None.
    any_tab: tuple[int, ...] = ()

    def offered(self, tabs: frozenset[int]) -> bool:
        """Whether the school opens this section to the account (its tab is in the account's)."""
        if self.tab is not None and self.tab not in tabs:
            return False
        return not self.any_tab or any(tab in tabs for tab in self.any_tab)

    def items_of(self, value: Any, scope: str) -> list[Item] | None:
        if self.items is None:
            return None
        found = list(self.items(value))
        if self.scoped_keys:
            found = [Item(f"{scope}|{item.key}", item.value, item.summary) for item in found]
        return found


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def school_week(today: date) -> date:
    """The Monday of the week a parent looks at: this week, or the coming one at the week-end."""
    week = monday(today)
    return week + timedelta(weeks=1) if today.weekday() >= 5 else week


def week_scope(day: date) -> str:
    return monday(day).isoformat()


def current_period_name(ctx: Context, tab: int) -> str:
    child = ctx.child
    entry = child.periods_for(tab) if child else None
    periods = list(entry.periods) if entry else list(ctx.settings.periods)
    if entry and entry.default_period_id:
        for period in periods:
            if period.id == entry.default_period_id:
                return period.name
    for period in periods:
        if period.start <= ctx.today <= period.end:
            return period.name
    return periods[0].name if periods else ""


def elapsed_period_names(ctx: Context, tab: int) -> list[str]:
    child = ctx.child
    entry = child.periods_for(tab) if child else None
    periods = list(entry.periods) if entry else list(ctx.settings.periods)
    current = current_period_name(ctx, tab)
    names = [
        p.name
        for p in periods
        if p.end < ctx.today and p.start >= ctx.settings.first_date and p.name != current
    ]
    return names


def this_week(ctx: Context) -> date:
    """The Monday of the week a parent looks at (see :func:`school_week`)."""
    return school_week(ctx.today)


def subject_name(value: Any) -> str:
    """A subject's name, whether the model holds a ``Subject`` or a plain string."""
    return str(getattr(value, "name", value) or "")
