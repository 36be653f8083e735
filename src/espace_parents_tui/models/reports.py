"""Notes beyond the grades: competence evaluations, the report card (bulletin), the grade report
(relevé de notes). Texts (appraisals, competence names) are kept exactly as the server sent them.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date

from espace_parents_tui.models.core import Mark, Subject
from espace_parents_tui.models.record import dataclass


@dataclass(frozen=True)
class Acquisition:
    """One competence item of an evaluation and the level reached."""

    id: str | None
    level: str  # "Très bonne maîtrise", "Maîtrise fragile", "Absent"…
    abbreviation: str = ""  # "A+", "A", "C", "E"…
    # PRONOTE's EGenreNiveauDAcquisition: 1 expert … 6 non acquis, 7 absent, 8 non évalué, 9 dispensé.
    kind: int | None = None
    item: str | None = None
    domain: str = ""
    pillar: str = ""
    pillar_prefix: str = ""  # "D1.1"
    coefficient: float = 1.0
    order: int = 0


@dataclass(frozen=True)
class Evaluation:
    """A competence evaluation (``DernieresEvaluations``)."""

    id: str
    name: str
    subject: Subject
    day: date
    teacher: str = ""
    coefficient: float = 1.0
    description: str = ""
    levels: tuple[str, ...] = ()  # paliers: "Cycle 4"
    acquisitions: tuple[Acquisition, ...] = ()
    period_id: str | None = None


@dataclass(frozen=True)
class ReportSubject:
    """A subject of a report card or a grade report, with the averages of the period."""

    subject: Subject
    teachers: tuple[str, ...] = ()
    student_average: Mark = field(default_factory=Mark)
    class_average: Mark = field(default_factory=Mark)
    class_min: Mark = field(default_factory=Mark)
    class_max: Mark = field(default_factory=Mark)
    coefficient: float | None = None
    appraisals: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneralAppraisal:
    title: str  # "Appréciation du professeur principal", "Avis du conseil de classe"…
    text: str


@dataclass(frozen=True)
class ReportCard:
    """``PageBulletins`` for one period. ``published`` is False when the school has not released it
    (``message`` then holds the server's explanation, if any)."""

    period_id: str | None
    published: bool
    message: str = ""
    subjects: tuple[ReportSubject, ...] = ()
    appraisals: tuple[GeneralAppraisal, ...] = ()


@dataclass(frozen=True)
class TranscriptGrade:
    id: str | None
    day: date
    mark: Mark
    out_of: float = 20.0
    coefficient: float = 1.0
    comment: str = ""
    class_average: Mark = field(default_factory=Mark)
    is_bonus: bool = False
    is_optional: bool = False


@dataclass(frozen=True)
class TranscriptSubject:
    line: ReportSubject
    grades: tuple[TranscriptGrade, ...] = ()


@dataclass(frozen=True)
class GradeTranscript:
    """``PageReleve``: the relevé de notes of a period (``published`` False: nothing to show)."""

    period_id: str | None
    published: bool
    message: str = ""
    subjects: tuple[TranscriptSubject, ...] = ()
    overall: Mark = field(default_factory=Mark)
    class_overall: Mark = field(default_factory=Mark)
    publication_note: str = ""  # "Relevé de notes au 24/11/2026"
