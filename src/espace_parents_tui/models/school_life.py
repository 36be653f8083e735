"""Vie scolaire (``PagePresence``) and the home page's news about absent teachers (``PageAccueil``).

Texts (reasons, natures, comments, names) are kept exactly as the server sent them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from espace_parents_tui.models.core import Attachment
from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


class ObservationKind(enum.IntEnum):
    """``genreObservation`` of a teacher observation (pawnote-papillon.md §1.2)."""

    NOTEBOOK = 0  # défaut de carnet
    OBSERVATION = 1
    ENCOURAGEMENT = 2
    OTHER = 3

    @property
    def label(self) -> str:
        return OBSERVATION_LABELS[self]


OBSERVATION_LABELS = {
    ObservationKind.NOTEBOOK: N_("Défaut de carnet"),
    ObservationKind.OBSERVATION: N_("Observation"),
    ObservationKind.ENCOURAGEMENT: N_("Encouragement"),
    ObservationKind.OTHER: N_("Autre"),
}


class ForbiddenAccess(enum.IntEnum):
    """Where a precautionary measure forbids the child to go (``interditAcces``)."""

    BOARDING = 0  # internat
    SCHOOL = 1  # établissement
    CANTEEN = 2  # demi-pension

    @property
    def label(self) -> str:
        return {0: N_("à l'internat"), 1: N_("à l'établissement"), 2: N_("à la demi-pension")}[self.value]


@dataclass(frozen=True)
class Absence:
    id: str
    start: datetime
    end: datetime
    justified: bool = False
    # The school asks the parents to justify it ("à justifier par les parents").
    to_justify_by_parents: bool = False
    settled: bool = False  # "réglée" by the vie scolaire
    reason_unknown: bool = False  # "motif non encore connu"
    open: bool = False  # still running ("ouverte")
    hours: str = ""  # time missed as the server writes it: "3h30"
    missed_minutes: int | None = None  # the same, in minutes, when readable
    days: int = 0
    reasons: tuple[str, ...] = ()
    # What the parents may do and did (parent-features.md §2.1): ``avecSaisie``, ``enAttente``,
    # ``motifParent``, ``justification``, ``documents``, ``estUneCreationParent``; ``message`` is
    # the server's own words about the justification (inferred, reference §17).
    editable: bool = False
    pending: bool = False  # the parents' justification waits for the school's validation
    parent_reason: str = ""
    parent_comment: str = ""
    documents: tuple[Attachment, ...] = ()
    created_by_parent: bool = False  # "Prévenir d'une absence": declared ahead by the parents
    server_message: str = ""


@dataclass(frozen=True)
class Delay:
    id: str
    when: datetime
    minutes: int
    justified: bool = False
    to_justify_by_parents: bool = False
    settled: bool = False
    reason_unknown: bool = False
    justification: str = ""  # the parents' comment
    reasons: tuple[str, ...] = ()
    editable: bool = False
    pending: bool = False
    parent_reason: str = ""
    server_message: str = ""


@dataclass(frozen=True)
class PunishmentSession:
    """When a punishment is served: a day, and the start when the server gives its place."""

    id: str | None
    day: date
    start: datetime | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class Punishment:
    id: str
    nature: str  # "Retenue", "Devoir supplémentaire"…
    given: date
    # The time it was asked, when asked during a lesson and the hour grid is known.
    given_at: datetime | None = None
    during_lesson: bool = True
    requested_by: str = ""
    reasons: tuple[str, ...] = ()
    circumstances: str = ""
    circumstance_documents: tuple[Attachment, ...] = ()
    homework: str = ""
    homework_documents: tuple[Attachment, ...] = ()
    subject: str | None = None
    is_exclusion: bool = False
    # The parents are asked to acknowledge it, and whether they did.
    needs_acknowledgement: bool = False
    acknowledged: bool = False
    schedulable: bool = False
    sessions: tuple[PunishmentSession, ...] = ()
    minutes: int | None = None


@dataclass(frozen=True)
class Observation:
    """A teacher's observation or encouragement (carnet de correspondance)."""

    id: str
    day: date
    title: str  # the heading: "Oubli de matériel", "Encouragements"…
    kind: ObservationKind | None = None  # None: a kind this client does not know
    teacher: str = ""
    subject: str | None = None
    comment: str = ""
    read: bool = False
    needs_acknowledgement: bool = False


@dataclass(frozen=True)
class PrecautionaryMeasure:
    """A mesure conservatoire: the child may not come to school (or the canteen…) for a while."""

    id: str
    nature: str
    start: date
    end: date
    given: datetime | None = None
    decided_by: str = ""
    decided_by_function: str = ""
    requested_by: str = ""
    reasons: tuple[str, ...] = ()
    comment: str = ""
    circumstances: str = ""
    is_exclusion: bool = False
    forbidden_access: tuple[ForbiddenAccess, ...] = ()


@dataclass(frozen=True)
class SchoolLife:
    """``PagePresence`` between two dates; kinds this client does not know are left out."""

    absences: tuple[Absence, ...] = ()
    delays: tuple[Delay, ...] = ()
    punishments: tuple[Punishment, ...] = ()
    observations: tuple[Observation, ...] = ()
    measures: tuple[PrecautionaryMeasure, ...] = ()
    # The page asks for a comment with every justification (``commentaire…Obligatoire``).
    comment_required_absence: bool = False
    comment_required_delay: bool = False


# -- PageAccueil -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffAbsence:
    start: datetime | None
    detail: str  # the server's own words: "Absent le mardi 24/11 de 09h00 à 10h00"


@dataclass(frozen=True)
class AbsentStaff:
    name: str
    absences: tuple[StaffAbsence, ...] = ()


@dataclass(frozen=True)
class LessonNotHeld:
    """A lesson that does not take place (``coursNonAssures``)."""

    teacher: str
    when: datetime | None
    start_label: str = ""  # "08h00"
    class_name: str = ""
    room: str = ""
    replacement: str = ""


@dataclass(frozen=True)
class TimetableChange:
    """A change of the timetable (``modificationsEDT``)."""

    label: str  # the subject
    when: datetime | None = None
    lesson_id: str | None = None
    cancelled: bool = False
    arrangement: str = ""  # what changes: "Prof. absent", "Changement de salle"…
    audience: str = ""  # who it concerns: the class or the group


@dataclass(frozen=True)
class HomeWidget:
    """One summary widget of the home page (latest grades, discussions…), kept as a fingerprint.

    ``kind`` is the widget's key (``notes``, ``discussions``…); ``fingerprint`` changes whenever its
    content does (PRONOTE's session ids left out); ``scope`` is what it says it covers: the period
    it names, or the day it was asked from ("" when it names none).
    """

    kind: str
    fingerprint: str
    scope: str = ""


@dataclass(frozen=True)
class HomePage:
    """What the home page tells about absent teachers and lessons not held, and its summary widgets.

    A real parent server may not send these widgets; then the lists are empty.
    """

    absent_staff: tuple[AbsentStaff, ...] = ()
    lessons_not_held: tuple[LessonNotHeld, ...] = ()
    timetable_changes: tuple[TimetableChange, ...] = ()
    widgets: tuple[HomeWidget, ...] = ()
