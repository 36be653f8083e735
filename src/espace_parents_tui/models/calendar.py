"""Calendrier: the school year (from ``FonctionParametres``) and the agenda of events (``PageAgenda``)."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

from espace_parents_tui.models.core import Attachment, Holiday, Period
from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


@dataclass(frozen=True)
class SchoolCalendar:
    """The year as the school declares it: periods, days without lessons, the hour grid."""

    school_year: str
    first_date: date
    last_date: date
    first_monday: date
    periods: tuple[Period, ...] = ()
    # Holidays and public holidays (``General.listeJoursFeries``), in date order.
    holidays: tuple[Holiday, ...] = ()
    hour_starts: tuple[time, ...] = ()
    hour_ends: tuple[time, ...] = ()

    @property
    def vacations(self) -> tuple[Holiday, ...]:
        """School holidays: the entries that span several days."""
        return tuple(h for h in self.holidays if h.end > h.start)

    @property
    def days_off(self) -> tuple[Holiday, ...]:
        """Single days without lessons (public holidays, bridges)."""
        return tuple(h for h in self.holidays if h.end <= h.start)

    def holiday_on(self, day: date) -> Holiday | None:
        return next((h for h in self.holidays if h.start <= day <= h.end), None)

    def period_on(self, day: date) -> Period | None:
        """The shortest period containing ``day`` (a trimester rather than the whole year)."""
        found = [p for p in self.periods if p.start <= day <= p.end]
        return min(found, key=lambda p: p.end - p.start) if found else None

    def week_number(self, day: date) -> int:
        return 1 + (day - self.first_monday).days // 7

    def monday_of_week(self, week: int) -> date:
        return self.first_monday + timedelta(weeks=week - 1)

    def next_holiday(self, day: date) -> Holiday | None:
        """The first holiday that has not ended by ``day``."""
        return next((h for h in self.holidays if h.end >= day), None)


class EventKind(enum.IntEnum):
    """``ListeEvenements[].G`` (``TypeGenreEvenementAgenda``, parent-features.md §12)."""

    STANDARD = 0
    STANDARD_PERIODIC = 1
    CLASS_COUNCIL = 2
    CLASS_COUNCIL_DELEGATES = 3
    LESSON = 4
    SUPERVISED_PUNISHMENT = 5
    COMPANY_VISIT = 6
    PARENT_TEACHER_MEETING = 7
    SCHOOL_OUTING = 8
    INTERNSHIP = 9
    STAFF_ABSENCE = 10
    SUMMONS = 11
    COMMITTEE = 12
    APPOINTMENT = 13
    ELECTION = 14
    DISCIPLINARY_BOARD = 15
    PUBLIC_HOLIDAY = 16

    @property
    def label(self) -> str:
        return EVENT_KIND_LABELS.get(self, N_("Événement"))


EVENT_KIND_LABELS = {
    EventKind.STANDARD: N_("Événement"),
    EventKind.STANDARD_PERIODIC: N_("Événement périodique"),
    EventKind.CLASS_COUNCIL: N_("Conseil de classe"),
    EventKind.CLASS_COUNCIL_DELEGATES: N_("Conseil de classe"),
    EventKind.LESSON: N_("Cours"),
    EventKind.SUPERVISED_PUNISHMENT: N_("Punition surveillée"),
    EventKind.COMPANY_VISIT: N_("Visite en entreprise"),
    EventKind.PARENT_TEACHER_MEETING: N_("Rencontre parents-professeurs"),
    EventKind.SCHOOL_OUTING: N_("Sortie pédagogique"),
    EventKind.INTERNSHIP: N_("Stage"),
    EventKind.STAFF_ABSENCE: N_("Absence"),
    EventKind.SUMMONS: N_("Convocation"),
    EventKind.COMMITTEE: N_("Commission"),
    EventKind.APPOINTMENT: N_("Rendez-vous"),
    EventKind.ELECTION: N_("Élection"),
    EventKind.DISCIPLINARY_BOARD: N_("Conseil de discipline"),
    EventKind.PUBLIC_HOLIDAY: N_("Jour férié"),
}


@dataclass(frozen=True)
class AgendaEvent:
    """An event of the school's agenda. ``kind`` is an :class:`EventKind`, or the server's number."""

    id: str
    title: str
    start: datetime
    end: datetime
    kind: EventKind | int = EventKind.STANDARD
    all_day: bool = False  # ``sansHoraire``: only the days matter
    comment: str = ""
    color: str | None = None
    attachments: tuple[Attachment, ...] = ()

    @property
    def kind_label(self) -> str:
        return self.kind.label if isinstance(self.kind, EventKind) else N_("Événement")

    def covers(self, day: date) -> bool:
        return self.start.date() <= day <= self.end.date()
