"""The demo school: a plain model in school terms, and its JSON file format.

The emulated server reads everything it answers from a :class:`School`. A school comes either from
:func:`demo_school` (generated, deterministic) or from a JSON file (:func:`load_school`, format in
``docs/school-format.md``). Nothing here knows about PRONOTE's wire format: the page builders in
``demo/pages/`` turn the model into PRONOTE JSON. Each area adds lists (fields with an empty
default) on :class:`Child` or :class:`School`; a file without them stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from .account_records import ChildAccount, MeetingSession, ParentAccount
from .livret_records import LivretYear
from .parent_records import (  # noqa: F401  (re-exported)
    DEPOSIT_STATES,
    LockerDocument,
    OfferedDocument,
    ParentRules,
    RequestedDocument,
    UploadRules,
)
from .records import (
    Absence,
    Delay,
    Discussion,
    Document,
    Evaluation,
    FoodTag,
    Homework,
    LessonContent,
    Meal,
    NewsItem,
    Observation,
    PrecautionaryMeasure,
    Punishment,
    ReportCard,
    SchoolEvent,
    Staff,
    Textbook,
)
from .replay_records import CallFailure, DatedLesson, TabPeriods, TeamMember
from .school_records import Company, Internship, Orientation, PastYear

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# The ``|n`` special grades, by code.
SPECIAL_GRADES = {
    1: "Absent",
    2: "Dispensé",
    3: "Non noté",
    4: "Inapte",
    5: "Non rendu",
    6: "Absent (compte 0)",
    7: "Non rendu (compte 0)",
    8: "Félicitations",
}
SPECIAL_GRADES_COUNTING_AS_ZERO = frozenset({6, 7})

# Timetable changes: kind -> (cancels the lesson, status PRONOTE shows).
CHANGE_KINDS = {
    "annule": (True, "Prof. absent"),
    "absent": (True, "Prof./pers. absent"),
    "salle": (False, "Changement de salle"),
    "modifie": (False, "Cours modifié"),
}
EXTRA_LESSON_KINDS = ("retenue", "sortie")
PERIOD_KINDS = ("trimestre", "semestre", "annee")


class SchoolFileError(ValueError):
    """A school file that cannot be used; the message says what is wrong and where, in French."""


# --------------------------------------------------------------------------------------------------
# The model


@dataclass
class Period:
    """A grading period. ``kind``: "trimestre", "semestre" or "annee" (the whole year)."""

    name: str
    start: date
    end: date
    kind: str = "trimestre"


@dataclass
class Holiday:
    """School holidays or a public holiday: no lessons from ``start`` to ``end`` included."""

    name: str
    start: date
    end: date


@dataclass
class Break:
    name: str
    time: time


@dataclass
class HourGrid:
    """The day cut into places (PRONOTE's slots) of ``place_minutes``, from ``first_time``."""

    first_time: time = time(8, 0)
    place_minutes: int = 30
    places_per_day: int = 20
    # Times at which lessons usually start (the bold lines of the grid).
    lesson_starts: list[time] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    lunch_start: time = time(12, 0)
    lunch_end: time = time(13, 30)

    @property
    def places_per_hour(self) -> int:
        return 60 // self.place_minutes

    def minutes_of(self, moment: time) -> int:
        return moment.hour * 60 + moment.minute - (self.first_time.hour * 60 + self.first_time.minute)

    def place_of(self, moment: time) -> int:
        """The place a time starts (the time must be on the grid)."""
        return self.minutes_of(moment) // self.place_minutes

    def time_of(self, place: int) -> time:
        minutes = self.first_time.hour * 60 + self.first_time.minute + place * self.place_minutes
        return time(minutes // 60, minutes % 60)

    def places_for(self, minutes: int) -> int:
        """How many places a duration spans (rounded up)."""
        return -(-minutes // self.place_minutes)

    def on_grid(self, moment: time) -> bool:
        offset = self.minutes_of(moment)
        return (
            offset >= 0
            and offset % self.place_minutes == 0
            and offset // self.place_minutes < self.places_per_day
        )


@dataclass
class SubjectPart:
    """A sub-subject (PRONOTE's "sous-service"): its own average, weighing ``coefficient`` in the
    subject's average (e.g. the written and the oral part of a language)."""

    name: str
    coefficient: float = 1


@dataclass
class Subject:
    name: str
    color: str  # "#RRGGBB"
    parts: list[SubjectPart] = field(default_factory=list)


@dataclass
class Teacher:
    name: str  # "M. DUPONT J."
    subjects: list[str] = field(default_factory=list)
    email: str | None = None


@dataclass
class SchoolClass:
    name: str  # "4e B"
    level: str = ""  # "4e"
    groups: list[str] = field(default_factory=list)
    main_teacher: str | None = None  # the professeur principal, a teacher's name


@dataclass
class Visio:
    url: str
    label: str = ""
    comment: str = ""


@dataclass
class WeeklyLesson:
    """A lesson of the weekly timetable, every school week of the year."""

    weekday: int  # 0 = lundi … 4 = vendredi
    start: time
    minutes: int
    subject: str
    teacher: str
    room: str | None = None
    group: str | None = None
    visio: Visio | None = None


@dataclass
class LessonChange:
    """A dated change to one weekly lesson (found by its weekday and start time on ``date``)."""

    date: date
    start: time
    kind: str  # see CHANGE_KINDS
    status: str | None = None  # shown instead of the kind's usual status
    room: str | None = None  # the new room ("salle", "modifie")
    teacher: str | None = None  # the replacing teacher ("modifie")
    memo: str | None = None


@dataclass
class ExtraLesson:
    """A one-off entry of the timetable: a detention ("retenue") or a school outing ("sortie")."""

    date: date
    start: time
    minutes: int
    kind: str
    title: str  # the reason of a detention, the purpose of an outing
    teacher: str | None = None  # the supervisor of a detention
    room: str | None = None
    companions: list[str] = field(default_factory=list)  # teachers going on an outing
    memo: str | None = None


@dataclass
class Grade:
    """One mark of a test. Exactly one of ``value`` (0..out_of) and ``special`` (1..8) is set."""

    subject: str
    date: date
    period: str
    out_of: float = 20
    value: float | None = None
    special: int | None = None
    coefficient: float = 1
    comment: str = ""
    bonus: bool = False  # only the points above half the scale count
    optional: bool = False  # counts only when it raises the average
    scale_to_20: bool = False  # "ramener sur 20": counts as a mark out of 20
    part: str | None = None  # the sub-subject of ``subject`` it counts in (one of its ``parts``)
    class_average: float | None = None
    class_min: float | None = None
    class_max: float | None = None


@dataclass
class Child:
    key: str  # stable, e.g. "lea"
    name: str  # "MARTIN Léa"
    class_name: str  # "4e B"
    groups: list[str] = field(default_factory=list)
    timetable: list[WeeklyLesson] = field(default_factory=list)
    changes: list[LessonChange] = field(default_factory=list)
    extra_lessons: list[ExtraLesson] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    # Subjects whose averages the school does not publish for this child.
    hidden_averages: list[str] = field(default_factory=list)
    # Vie scolaire (PagePresence), competences (DernieresEvaluations), report cards (PageBulletins).
    absences: list[Absence] = field(default_factory=list)
    delays: list[Delay] = field(default_factory=list)
    punishments: list[Punishment] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    precautionary_measures: list[PrecautionaryMeasure] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    report_cards: list[ReportCard] = field(default_factory=list)
    # Cahier de textes: homework and lesson contents.
    homework: list[Homework] = field(default_factory=list)
    lesson_contents: list[LessonContent] = field(default_factory=list)
    # What the parents may do online for this child, what the school asks them to provide, the
    # documents offered to this child only, the child's locker.
    parent_rules: ParentRules = field(default_factory=ParentRules)
    requested_documents: list[RequestedDocument] = field(default_factory=list)
    offered_documents: list[OfferedDocument] = field(default_factory=list)
    locker: list[LockerDocument] = field(default_factory=list)
    # Lessons of given days as a timetable showed them (a support bundle's replay), beside ``timetable``.
    dated_lessons: list[DatedLesson] = field(default_factory=list)
    tab_periods: list[TabPeriods] | None = None  # the periods of each tab, as shown (a replay)
    replayed_weeks: list[date] | None = None  # a replay's timetable weeks (Mondays); others are refused
    # The teaching team as the team page showed it (a support bundle's replay); None: from the timetable.
    team: list[TeamMember] | None = None
    account: ChildAccount = field(default_factory=ChildAccount)
    past_years: list[PastYear] = field(default_factory=list)  # suivi pluriannuel: the years before
    orientation: Orientation | None = None
    internships: list[Internship] = field(default_factory=list)
    livret: list[LivretYear] = field(default_factory=list)  # livret scolaire: one per class, oldest first


@dataclass
class Parent:
    login: str
    password: str
    name: str  # "Mme MARTIN Claire"
    children: list[Child] = field(default_factory=list, metadata={"keys_of": "children"})
    tabs: list[int] | None = None  # None: the standard parent tab tree
    email: str | None = None
    # Messagerie: the parent's discussions (the account's, whatever child is selected).
    discussions: list[Discussion] = field(default_factory=list)
    # Compte (PageInfosPerso): the parent's contact details as the school holds them.
    address: list[str] = field(default_factory=list)  # up to 4 lines
    postal_code: str = ""
    city: str = ""
    province: str = ""
    country: str = ""
    phone_prefix: str = ""  # "33"
    phone: str = ""  # mobile phone
    # The right to warn of an absence ahead (``AvecDeclarerUneAbsence``).
    declare_absences: bool = False
    account: ParentAccount = field(default_factory=ParentAccount)  # landline, preferences, rights


@dataclass
class LessonOccurrence:
    """What the timetable shows on a given day: a weekly lesson with its change, or an extra one."""

    key: str  # stable: "<child>:<date>:<HH:MM>"
    day: date
    start: time
    minutes: int
    subject: str | None
    teachers: list[str]
    room: str | None
    group: str | None = None
    kind: str = "cours"  # "cours", "retenue", "sortie"
    cancelled: bool = False
    status: str | None = None
    memo: str | None = None
    visio: Visio | None = None
    has_content: bool | None = None  # a replayed lesson's cahier de textes mark, as it was shown
    is_test: bool | None = None  # a replayed lesson's "Devoir sur table" mark, as it was shown


@dataclass
class School:
    name: str
    city: str
    year_start: date  # first day of lessons
    year_end: date  # last day of lessons
    periods: list[Period]
    holidays: list[Holiday] = field(default_factory=list)
    grid: HourGrid = field(default_factory=HourGrid)
    school_weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    subjects: list[Subject] = field(default_factory=list)
    # False: the school publishes no average at all (only the grades), as many collèges choose.
    averages_published: bool = True
    teachers: list[Teacher] = field(default_factory=list)
    rooms: list[str] = field(default_factory=list)
    classes: list[SchoolClass] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    parents: list[Parent] = field(default_factory=list)
    absence_reasons: list[str] = field(default_factory=list)
    delay_reasons: list[str] = field(default_factory=list)
    address: str = ""
    postal_code: str = ""
    documents: list[Document] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    news_categories: list[str] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    textbooks: list[Textbook] = field(default_factory=list)
    food_labels: list[FoodTag] = field(default_factory=list)
    allergens: list[FoodTag] = field(default_factory=list)
    menus: list[Meal] = field(default_factory=list)
    events: list[SchoolEvent] = field(default_factory=list)
    # Parents' writes: reasons that need a comment or a document (``justificationObligatoire``),
    # whether every justification needs a comment, how far ahead an absence may be declared
    # (days; None: until the last day of the year), what the upload route accepts, the documents
    # offered to every family.
    reasons_needing_justification: list[str] = field(default_factory=list)
    comment_required_absence: bool = False
    comment_required_delay: bool = False
    declare_absence_days: int | None = None
    uploads: UploadRules = field(default_factory=UploadRules)
    offered_documents: list[OfferedDocument] = field(default_factory=list)
    meeting_sessions: list[MeetingSession] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)  # the company list shared with families
    extra_tabs: list[int] = field(default_factory=list)  # opened beyond the recorded tree (44)
    version: str | None = None  # PRONOTE version to announce, e.g. "2026.2.5"; None: the server's
    # Calls the server refuses, as they failed for the parent whose support bundle this school is.
    failures: list[CallFailure] = field(default_factory=list)

    # -- calendar ---------------------------------------------------------------------------------

    @property
    def first_monday(self) -> date:
        return self.year_start - timedelta(days=self.year_start.weekday())

    @property
    def year_label(self) -> str:
        return f"{self.year_start.year}-{self.year_start.year + 1}"

    def week_number(self, day: date) -> int:
        """PRONOTE's week number: week 1 is the week of the first Monday."""
        return 1 + (day - self.first_monday).days // 7

    def monday_of_week(self, week: int) -> date:
        return self.first_monday + timedelta(weeks=week - 1)

    def holiday_on(self, day: date) -> Holiday | None:
        for holiday in self.holidays:
            if holiday.start <= day <= holiday.end:
                return holiday
        return None

    def is_school_day(self, day: date) -> bool:
        return (
            self.year_start <= day <= self.year_end
            and day.weekday() in self.school_weekdays
            and self.holiday_on(day) is None
        )

    def grading_periods(self) -> list[Period]:
        """The periods grades belong to (trimesters, or semesters), in order."""
        return [p for p in self.periods if p.kind != "annee"]

    def period_named(self, name: str) -> Period | None:
        return next((p for p in self.periods if p.name == name), None)

    def current_period(self, today: date) -> Period:
        """The grading period containing ``today``; the first before the year, the last after it."""
        periods = self.grading_periods() or self.periods
        for period in periods:
            if period.start <= today <= period.end:
                return period
        return periods[0] if today < periods[0].start else periods[-1]

    def subject(self, name: str) -> Subject | None:
        return next((s for s in self.subjects if s.name == name), None)

    def child(self, key: str) -> Child | None:
        return next((c for c in self.children if c.key == key), None)

    def document(self, key: str) -> Document | None:
        return next((d for d in self.documents if d.key == key), None)

    # -- timetable --------------------------------------------------------------------------------

    def lessons_on(self, child: Child, day: date) -> list[LessonOccurrence]:
        """The child's timetable of one day, changes applied, sorted by start time."""
        dated = [
            LessonOccurrence(
                key=f"{child.key}:{d.key_suffix}",
                day=day,
                visio=Visio(*d.visio) if d.visio else None,
                **d.shown,
            )
            for d in child.dated_lessons
            if d.date == day
        ]
        if not self.is_school_day(day):
            return dated
        by_start = {c.start: c for c in child.changes if c.date == day}
        result: list[LessonOccurrence] = []
        for lesson in child.timetable:
            if lesson.weekday != day.weekday():
                continue
            occurrence = LessonOccurrence(
                key=f"{child.key}:{day.isoformat()}:{lesson.start:%H:%M}",
                day=day,
                start=lesson.start,
                minutes=lesson.minutes,
                subject=lesson.subject,
                teachers=[lesson.teacher],
                room=lesson.room,
                group=lesson.group,
                visio=lesson.visio,
            )
            change = by_start.get(lesson.start)
            if change is not None:
                cancels, status = CHANGE_KINDS[change.kind]
                occurrence.cancelled = cancels
                occurrence.status = change.status or status
                occurrence.memo = change.memo
                occurrence.room = change.room or occurrence.room
                if change.teacher:
                    occurrence.teachers = [change.teacher]
            result.append(occurrence)
        for extra in child.extra_lessons:
            if extra.date != day:
                continue
            teachers = list(extra.companions) if extra.kind == "sortie" else [extra.teacher or ""]
            result.append(
                LessonOccurrence(
                    key=f"{child.key}:{day.isoformat()}:{extra.start:%H:%M}:{extra.kind}",
                    day=day,
                    start=extra.start,
                    minutes=extra.minutes,
                    subject=None,
                    teachers=[t for t in teachers if t],
                    room=extra.room,
                    kind=extra.kind,
                    status=extra.title,
                    memo=extra.memo,
                )
            )
        result += dated
        result.sort(key=lambda o: (o.start, o.kind))
        return result
