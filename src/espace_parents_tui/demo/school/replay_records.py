"""What a support bundle's school adds to a school file (``--replay``): each thing as the parent saw
it, where the server would otherwise work it out from the weekly timetable — dated lessons, the
teaching team, each tab's periods — and the calls that failed for the parent. Re-exported by
:mod:`.school`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass
class DatedLesson:
    """One lesson on one day, exactly as a timetable showed it (a support bundle's replay): it needs
    no weekly timetable and takes no change. ``kind`` is "cours", "retenue" or "sortie"."""

    date: date
    start: time
    minutes: int
    subject: str | None = None
    teachers: list[str] = field(default_factory=list)
    room: str | None = None
    group: str | None = None
    kind: str = "cours"
    cancelled: bool = False
    status: str | None = None
    memo: str | None = None
    visio_url: str | None = None  # a virtual classroom link, with its label and comment
    visio_label: str = ""
    visio_comment: str = ""
    has_content: bool | None = None  # the cahier de textes mark as shown; absent: the server decides
    is_test: bool | None = None  # "Devoir sur table" as shown; absent: a grade that day makes it one

    @property
    def key_suffix(self) -> str:
        return f"{self.date.isoformat()}:{self.start:%H:%M}" + (
            "" if self.kind == "cours" else f":{self.kind}"
        )

    @property
    def visio(self) -> tuple[str, str, str] | None:
        return (self.visio_url, self.visio_label, self.visio_comment) if self.visio_url else None

    @property
    def shown(self) -> dict:
        """What a day's timetable shows of it (the fields of a ``LessonOccurrence``)."""
        names = ("start", "minutes", "subject", "room", "group", "kind", "cancelled", "status", "memo")
        return {name: getattr(self, name) for name in names} | {
            "teachers": list(self.teachers),
            "has_content": self.has_content,
            "is_test": self.is_test,
        }


@dataclass
class CallFailure:
    """A call the server refuses (a support bundle's replay: the section failed for the parent).

    ``function`` is the PRONOTE function (``DernieresNotes``…), ``child`` a child's key (absent: every
    child and the account's calls). The answer is ``{"Erreur": {"G": code, "Titre": title}}``, or the
    HTTP ``status`` when one is given.
    """

    function: str
    child: str | None = None
    code: int = 21
    title: str = ""
    status: int | None = None


@dataclass
class TeamSubject:
    name: str
    hours: str = ""  # weekly hours as PRONOTE writes them: "3h30"


@dataclass
class TeamMember:
    """A member of a child's teaching team as the team page showed it (a support bundle's replay)."""

    name: str
    kind: str = "teacher"  # "teacher" or "staff"
    subjects: list[TeamSubject] = field(default_factory=list)
    function: str = ""
    email: str | None = None
    main_teacher: bool = False
    tutor: bool = False
    left: bool = False


@dataclass
class TabPeriod:
    """A period a tab lists for a child: a school period by name, or one of its own (with dates)."""

    name: str
    kind: int | None = None  # PRONOTE's G of the entry
    start: date | None = None
    end: date | None = None


@dataclass
class TabPeriods:
    """The periods one tab (12, 198, 19…) offers for a child, and the one it selects by default."""

    tab: int
    periods: list[TabPeriod] = field(default_factory=list)
    default: str | None = None  # a period's name
