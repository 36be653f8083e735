"""Emploi du temps: a child's lessons, one week per scope (this week and the next first)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from espace_parents_tui.models import Child, Lesson
from espace_parents_tui.pronote.tabs import TAB_TIMETABLE
from espace_parents_tui.service.sections.base import Context, Section, school_week
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _


async def _fetch_week(client: Any, child: Child | None, scope: str) -> list[Lesson]:
    return await client.timetable(child, date.fromisoformat(scope))


def _lesson_items(lessons: list[Lesson]) -> Iterable[Item]:
    for lesson in lessons:
        key = f"{lesson.start.isoformat()}|{lesson.subject or ''}|{','.join(lesson.groups)}"
        state = _("annulé") if lesson.cancelled else (lesson.status or "")
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
    title_fr=N_("Emploi du temps"),
    value_type=list[Lesson],
    fetch=_fetch_week,
    scopes=_timetable_scopes,
    default_scope=lambda ctx: _timetable_scopes(ctx)[0][0],
    items=_lesson_items,
    baseline="scope",
    tab=TAB_TIMETABLE,
    weekly=True,
)
