"""A child's school weeks as an iCalendar file, for the family's calendar app.

Built on the icalendar library from what the portal holds (the same models the screens show):
lessons (room, teachers; cancelled ones STATUS:CANCELLED, changes in DESCRIPTION), homework as
all-day events on the due date (calendar apps show those everywhere, unlike VTODO), school holidays
and the school's agenda events. Times are the school's (Europe/Paris), with the VTIMEZONE included.

UIDs are made of stable content, never of PRONOTE ids (those live one server session): a lesson is
its child, day, start time and subject; a new export of the same weeks updates the events in the
calendar app instead of adding copies, and a lesson cancelled since keeps its UID.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from espace_parents_tui.models import AgendaEvent, Child, Holiday, Homework, Lesson
from espace_parents_tui.service.portal import Offline, Portal
from espace_parents_tui.service.sections.base import school_week, week_scope
from espace_parents_tui.service.sections.homework import HOMEWORK_WEEKS
from espace_parents_tui.util.i18n import _, pgettext

SCHOOL_TZ = ZoneInfo("Europe/Paris")
PRODID = "-//espace-parents//Export iCalendar//FR"
UID_DOMAIN = "espace-parents.invalid"


@dataclass
class Export:
    """What goes into one child's calendar."""

    school: str
    child: str
    lessons: list[Lesson] = field(default_factory=list)
    homework: list[Homework] = field(default_factory=list)
    holidays: list[Holiday] = field(default_factory=list)
    events: list[AgendaEvent] = field(default_factory=list)


def _uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def _unique(keys: Iterable[tuple]) -> list[tuple]:
    """Stable keys, numbered when two things share one (two groups, one subject, one hour)."""
    seen: Counter[tuple] = Counter()
    out = []
    for key in keys:
        seen[key] += 1
        out.append((*key, seen[key]) if seen[key] > 1 else key)
    return out


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=SCHOOL_TZ) if moment.tzinfo is None else moment


def _lesson_event(lesson: Lesson, uid: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(lesson.start))
    event.add("dtend", _local(lesson.end))
    subject = lesson.subject or (_("Retenue") if lesson.is_detention else _("Cours"))
    event.add("summary", subject)
    if lesson.rooms:
        event.add("location", ", ".join(lesson.rooms))
    lines = []
    if lesson.teachers:
        lines.append(_("Professeur : ") + ", ".join(lesson.teachers))
    if lesson.groups:
        lines.append(_("Groupe : ") + ", ".join(lesson.groups))
    if lesson.status:
        lines.append(lesson.status)
    if lesson.memo:
        lines.append(lesson.memo)
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if lesson.cancelled else "CONFIRMED")
    event.add("categories", [_("Cours")])
    return event


def _all_day(uid: str, stamp: datetime, summary: str, first: date, last: date, category: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    event.add("categories", [category])
    return event


def build(export: Export, *, stamp: datetime) -> bytes:
    """The .ics bytes. ``stamp`` (DTSTAMP) is when the export was made, from the run's clock."""
    stamp = _local(stamp)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{export.child} — {export.school}")
    calendar.add("x-wr-timezone", str(SCHOOL_TZ))

    lessons = sorted(export.lessons, key=lambda les: (les.start, les.subject or ""))
    keys = _unique((export.child, les.start.isoformat(), les.subject or "") for les in lessons)
    for lesson, key in zip(lessons, keys, strict=True):
        calendar.add_component(_lesson_event(lesson, _uid("cours", *key), stamp))

    homework = sorted(export.homework, key=lambda hw: (hw.due, hw.subject.name, hw.given or hw.due))
    keys = _unique(
        (export.child, hw.due.isoformat(), hw.subject.name, (hw.given or hw.due).isoformat())
        for hw in homework
    )
    for hw, key in zip(homework, keys, strict=True):
        event = _all_day(
            _uid("devoir", *key),
            stamp,
            _("Devoir : {subject}").format(subject=hw.subject.name),
            hw.due,
            hw.due,
            pgettext("catégorie iCalendar", "Devoir"),
        )
        event.add("description", hw.description)
        calendar.add_component(event)

    for holiday in sorted(export.holidays, key=lambda h: h.start):
        uid = _uid("vacances", holiday.name, holiday.start.isoformat())
        calendar.add_component(_all_day(uid, stamp, holiday.name, holiday.start, holiday.end, _("Vacances")))

    events = sorted(export.events, key=lambda e: (e.start, e.title))
    keys = _unique((export.child, e.start.isoformat(), e.title) for e in events)
    for item, key in zip(events, keys, strict=True):
        uid = _uid("agenda", *key)
        if item.all_day:
            event = _all_day(uid, stamp, item.title, item.start.date(), item.end.date(), _("Agenda"))
        else:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", _local(item.start))
            event.add("dtend", _local(item.end))
            event.add("summary", item.title)
            event.add("categories", [_("Agenda")])
        if item.comment:
            event.add("description", item.comment)
        calendar.add_component(event)

    calendar.add_missing_timezones()
    return calendar.to_ical()


async def gather(
    portal: Portal, child: Child, weeks: int, *, offline: bool = False
) -> tuple[Export, list[str]]:
    """What the export holds for ``child``, from this school week on: fetched now, or from the cache.

    Returns the export and the French sentences for what could be neither fetched nor read.
    """
    problems: list[str] = []
    online = not offline

    async def dataset(section: str, scope: str) -> Any:
        nonlocal online
        if online:
            try:
                return (await portal.fetch(section, child, scope)).value
            except Offline as exc:
                online = False  # one failure is enough: the rest comes from the cache
                problems.append(_("Hors ligne ({exc}) : données du cache.").format(exc=exc))
        cached = portal.read(section, child, scope)
        if cached is None:
            problems.append(
                _("{section} ({scope}) : rien dans le cache.").format(section=section, scope=scope)
            )
            return None
        return cached.value

    first = school_week(portal.clock.today())
    lessons: list[Lesson] = []
    for number in range(weeks):
        value = await dataset("timetable", week_scope(first + timedelta(weeks=number)))
        lessons.extend(value or ())
    homework: dict[tuple, Homework] = {}
    for number in range(0, weeks, HOMEWORK_WEEKS):
        for hw in await dataset("homework", (first + timedelta(weeks=number)).isoformat()) or ():
            homework.setdefault((hw.subject.name, hw.due, hw.description), hw)
    last = first + timedelta(weeks=weeks)
    calendar = await dataset("calendar", "all")
    holidays = (
        [h for h in calendar.calendar.holidays if h.end >= first and h.start < last] if calendar else []
    )
    events = [e for e in calendar.events if first <= e.start.date() < last] if calendar else []
    snapshot = portal.snapshot()
    school = snapshot.settings.school_name if snapshot else ""
    export = Export(
        school=school,
        child=child.name,
        lessons=lessons,
        homework=[hw for hw in homework.values() if first <= hw.due < last],
        holidays=holidays,
        events=events,
    )
    return export, problems
