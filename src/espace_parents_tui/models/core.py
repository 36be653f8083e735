"""The core model every area uses: the account and its children, periods, subjects, grades, lessons,
attachments, the school's settings.

The areas (``calendar``, ``homework``, ``messaging``…) build on these; ``models/__init__.py``
re-exports them all. No I/O, no protocol detail.
"""

from __future__ import annotations

import enum
from dataclasses import field
from datetime import date, datetime, time

from espace_parents_tui.models.record import dataclass


class SpecialGrade(enum.IntEnum):
    """The ``|n`` grade codes (pawnote-papillon.md §1.2, pronotepy.md §1.10)."""

    ABSENT = 1
    DISPENSE = 2
    NON_NOTE = 3
    INAPTE = 4
    NON_RENDU = 5
    ABSENT_ZERO = 6
    NON_RENDU_ZERO = 7
    FELICITATIONS = 8

    @property
    def counts_as_zero(self) -> bool:
        return self in (SpecialGrade.ABSENT_ZERO, SpecialGrade.NON_RENDU_ZERO)


@dataclass(frozen=True)
class Mark:
    """A grade or an average as PRONOTE gives it.

    Exactly one of three states: a number (``value``), a special grade (``special``), or nothing
    published (both ``None``: the school hides it or has not released it). A hidden average is
    *not* zero.
    """

    value: float | None = None
    special: SpecialGrade | None = None

    @property
    def published(self) -> bool:
        return self.value is not None or self.special is not None

    @classmethod
    def hidden(cls) -> Mark:
        return cls()


@dataclass(frozen=True)
class Period:
    """A grading period (trimestre, semestre, année…)."""

    id: str
    name: str
    start: date
    end: date
    kind: int | None = None


@dataclass(frozen=True)
class Holiday:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class SchoolSettings:
    """What ``FonctionParametres`` tells about the school and the server."""

    school_name: str
    server_version: tuple[int, ...] | None
    school_year: str
    first_monday: date
    first_date: date
    last_date: date
    periods: tuple[Period, ...]
    # Start and end time of each place (slot) of a day, by place index.
    hour_starts: tuple[time, ...]
    hour_ends: tuple[time, ...]
    places_per_day: int
    places_per_hour: int
    holidays: tuple[Holiday, ...] = ()
    # The server's identifier for this device/browser (``identifiantNav``), kept for 2FA.
    device_id: str | None = None

    def week_number(self, day: date) -> int:
        """PRONOTE's week number: 1 + whole weeks since the first Monday of the year."""
        return 1 + (day - self.first_monday).days // 7

    def monday_of_week(self, week: int) -> date:
        from datetime import timedelta

        return self.first_monday + timedelta(weeks=week - 1)


@dataclass(frozen=True)
class ChildTabPeriods:
    """The periods a child has for one tab, and the one the server selects by default."""

    tab: int
    periods: tuple[Period, ...]
    default_period_id: str | None = None


@dataclass(frozen=True)
class ChildClass:
    """A class the child has been in (``listeClassesHistoriques``): this year's is ``current``."""

    id: str
    name: str
    current: bool = False


@dataclass(frozen=True)
class Child:
    id: str
    name: str
    class_name: str
    school: str
    groups: tuple[str, ...] = ()
    tab_periods: tuple[ChildTabPeriods, ...] = ()
    classes: tuple[ChildClass, ...] = ()  # listeClassesHistoriques, as the server lists them

    def periods_for(self, tab: int) -> ChildTabPeriods | None:
        for entry in self.tab_periods:
            if entry.tab == tab:
                return entry
        return None


@dataclass(frozen=True)
class Reason:
    """An absence or delay reason (``listeMotifsAbsences`` / ``listeMotifsRetards``)."""

    id: str
    label: str
    # ``justificationObligatoire``: a justification with this reason needs a comment or a document.
    needs_justification: bool = False


@dataclass(frozen=True)
class UserAccount:
    """What ``ParametresUtilisateur`` tells about the logged-in parent."""

    name: str
    children: tuple[Child, ...]
    # Every tab (onglet) number the server lists, and the ones it lists as invisible.
    tabs: frozenset[int]
    hidden_tabs: frozenset[int] = frozenset()
    absence_reasons: tuple[Reason, ...] = ()
    delay_reasons: tuple[Reason, ...] = ()
    # Permission flags from ``autorisations`` flattened to dotted paths, e.g. "compte.avecSaisieMotDePasse".
    permissions: dict[str, bool | int | float | str] = field(default_factory=dict)
    # ``ressource.nbMaxJoursDeclarationAbsence``: how far ahead an absence may be declared (days);
    # None: up to the last school day.
    declare_absence_days: int | None = None

    def child(self, name_or_id: str) -> Child:
        needle = name_or_id.casefold()
        for child in self.children:
            if child.id == name_or_id or child.name.casefold() == needle:
                return child
        for child in self.children:
            if needle in child.name.casefold():
                return child
        raise KeyError(name_or_id)


@dataclass(frozen=True)
class Subject:
    name: str
    id: str | None = None
    is_group: bool = False
    color: str | None = None
    # A sub-subject (PRONOTE's "sous-service", e.g. the oral part of a language): the subject it
    # belongs to, and its weight in that subject's average.
    parent: str | None = None
    coefficient: float = 1.0


@dataclass(frozen=True)
class Grade:
    id: str
    subject: Subject
    day: date
    mark: Mark
    out_of: float
    default_out_of: float | None = None
    coefficient: float = 1.0
    class_average: Mark = field(default_factory=Mark)
    class_min: Mark = field(default_factory=Mark)
    class_max: Mark = field(default_factory=Mark)
    comment: str = ""
    is_bonus: bool = False
    is_optional: bool = False
    scaled_to_20: bool = False
    period_id: str | None = None


@dataclass(frozen=True)
class SubjectAverage:
    subject: Subject
    student: Mark
    class_average: Mark = field(default_factory=Mark)
    class_min: Mark = field(default_factory=Mark)
    class_max: Mark = field(default_factory=Mark)
    out_of: float = 20.0


@dataclass(frozen=True)
class GradeReport:
    """``DernieresNotes`` for one period."""

    period_id: str | None
    grades: tuple[Grade, ...]
    averages: tuple[SubjectAverage, ...]
    overall: Mark = field(default_factory=Mark)
    class_overall: Mark = field(default_factory=Mark)


@dataclass(frozen=True)
class VideoLink:
    url: str
    label: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Lesson:
    id: str
    start: datetime
    end: datetime
    subject: str | None = None
    teachers: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    rooms: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    cancelled: bool = False
    # The server's status text: "Prof. absent", "Cours modifié", "Changement de salle"…
    status: str = ""
    is_detention: bool = False
    is_outing: bool = False
    is_test: bool = False
    exempted: bool = False
    has_homework: bool = False
    has_content: bool = False
    memo: str = ""
    color: str | None = None
    videos: tuple[VideoLink, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file or a link attached to homework, a lesson, a message, a news item…

    ``kind`` is "file" (downloaded through the server, by ``id``, valid for the session that gave
    it) or "link" (``url`` is the address to open).
    """

    name: str
    kind: str = "file"
    id: str | None = None
    url: str | None = None

    @property
    def is_link(self) -> bool:
        return self.kind == "link"
