"""The sections of the Espace Parents the portal keeps: what to fetch, for which scopes, what to watch.

Each :class:`Section` says how to fetch one dataset (a child's grades for a period, a week of
timetable…) through the protocol client, which scopes a sync fetches (and in which order: what a
parent needs day to day first), and how to split the dataset into items with stable keys so the
cache can tell what is new. Keys never use PRONOTE's ids (they change with every session).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from espace_parents_tui.models import Child, GradeReport, Lesson, SchoolSettings
from espace_parents_tui.pronote.tabs import TAB_GRADES, TAB_TIMETABLE
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
    title_fr: str
    title_en: str
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


# --- grades -------------------------------------------------------------------------------------


async def _fetch_grades(client: Any, child: Child | None, scope: str) -> GradeReport:
    return await client.grades(child, scope or None)


def _grade_items(report: GradeReport) -> Iterable[Item]:
    seen: dict[tuple, int] = {}
    for grade in report.grades:
        base = (grade.subject.name, grade.day.isoformat(), grade.out_of, grade.coefficient)
        n = seen.get(base, 0)
        seen[base] = n + 1
        mark = grade.mark
        shown = (
            f"{mark.value:g}/{grade.out_of:g}"
            if mark.value is not None
            else (mark.special.name if mark.special else "")
        )
        yield Item(
            f"{base[0]}|{base[1]}|{base[2]:g}|{base[3]:g}|{n}",
            grade,
            f"{grade.subject.name} : {shown} ({grade.day:%d/%m})",
            grade.day,
        )


def _grade_scopes(ctx: Context) -> list[tuple[str, int]]:
    current = current_period_name(ctx, TAB_GRADES)
    return [(current, 0)] + [(name, 1) for name in elapsed_period_names(ctx, TAB_GRADES)]


GRADES = Section(
    name="grades",
    title_fr="Notes",
    title_en="Grades",
    value_type=GradeReport,
    fetch=_fetch_grades,
    scopes=_grade_scopes,
    default_scope=lambda ctx: current_period_name(ctx, TAB_GRADES),
    items=_grade_items,
    tab=TAB_GRADES,
    max_age=timedelta(hours=20),
)


# --- timetable ----------------------------------------------------------------------------------


async def _fetch_week(client: Any, child: Child | None, scope: str) -> list[Lesson]:
    return await client.timetable(child, date.fromisoformat(scope))


def _lesson_items(lessons: list[Lesson]) -> Iterable[Item]:
    for lesson in lessons:
        key = f"{lesson.start.isoformat()}|{lesson.subject or ''}|{','.join(lesson.groups)}"
        state = "annulé" if lesson.cancelled else (lesson.status or "")
        summary = f"{lesson.subject or 'Cours'} {lesson.start:%d/%m %Hh%M}" + (f" — {state}" if state else "")
        # Only what a parent cares to see change: cancellation, status, room, teachers, times.
        watched = (lesson.end, lesson.cancelled, lesson.status, lesson.rooms, lesson.teachers)
        yield Item(key, watched, summary)


def _timetable_scopes(ctx: Context) -> list[tuple[str, int]]:
    this_week = school_week(ctx.today)
    return [
        (this_week.isoformat(), 0),
        ((this_week + timedelta(weeks=1)).isoformat(), 0),
        ((this_week - timedelta(weeks=1)).isoformat(), 1),
    ]


TIMETABLE = Section(
    name="timetable",
    title_fr="Emploi du temps",
    title_en="Timetable",
    value_type=list[Lesson],
    fetch=_fetch_week,
    scopes=_timetable_scopes,
    default_scope=lambda ctx: _timetable_scopes(ctx)[0][0],
    items=_lesson_items,
    baseline="scope",
    tab=TAB_TIMETABLE,
)


SECTIONS: dict[str, Section] = {section.name: section for section in (GRADES, TIMETABLE)}


def register(section: Section) -> Section:
    SECTIONS[section.name] = section
    return section


# The other sections register themselves (one import, at the end, so that they can use the helpers above).
from espace_parents_tui.service import sections_more  # noqa: E402,F401
