"""The demo school's records of a child's schooling beyond the current year's grades: the past school
years (suivi pluriannuel, previous report cards), orientation and internships. Re-exported by
:mod:`.school` (import them from there).

What a real server decides from its settings (how many wishes, which step is open, whether the family
must acknowledge the council's answer) is written here as plain rules; the page builders apply them
(parent-features.md §6, §7, §9; the refusal words are this demo's, reference §17).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Orientation steps (TypeRubriqueOrientation, §6), in school-file terms; the index is PRONOTE's G.
ORIENTATION_STEPS = ("intentions", "recommandations", "voeux", "propositions", "decision", "effective")
# Kinds of wish the parent enters: "intentions" (G 0) and "voeux" (G 2).
WISH_STEPS = ("intentions", "voeux")
# Tabs a school may open beyond the recorded parent tree: 44 suivi pluriannuel, 83 livret scolaire,
# 227/228 previous years' report cards (BulletinAnneesPrec_Note / _Competence).
EXTRA_TABS = (44, 83, 227, 228)
# Kinds of a previous years' report card, and the tab that lists each.
PAST_CARD_KINDS = {"notes": 227, "competences": 228}


@dataclass
class PastAverage:
    subject: str
    average: float | None = None
    class_average: float | None = None


@dataclass
class PastReportCard:
    """A report card of a past year: its period and its PDF (a key of School.documents)."""

    period: str
    document: str
    kind: str = "notes"  # which previous-years page lists it: "notes" (tab 227), "competences" (228)


@dataclass
class PastYear:
    """One past school year of the child (oldest first in the file)."""

    year: str  # "2024-2025"
    class_name: str  # "5e B"
    averages: list[PastAverage] = field(default_factory=list)
    report_cards: list[PastReportCard] = field(default_factory=list)


@dataclass
class OrientationTrack:
    """A track the family may choose (``listeOrientations``): "2nde générale et technologique"."""

    key: str
    name: str
    with_internship: bool = False  # avecStageFamille: a "stage passerelle" may be asked


@dataclass
class Wish:
    track: str  # an OrientationTrack key
    comment: str = ""


@dataclass
class OrientationStep:
    """One rubric of the orientation page (intentions, the council's recommendation, final wishes…).

    For the parents' steps ("intentions", "voeux"): ``wishes`` in rank order, at most ``max_wishes``,
    editable from ``opens`` to ``closes`` included. For the council's steps: ``answers`` (track keys)
    and ``comment``, published or not; ``acknowledge`` when the family is asked to acknowledge it
    (``acknowledged`` once done).
    """

    kind: str  # see ORIENTATION_STEPS
    title: str = ""
    opens: date | None = None
    closes: date | None = None
    max_wishes: int | None = 3  # None: the page does not say (a support bundle of a server that did not)
    wishes: list[Wish] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    comment: str = ""
    published: bool = True
    acknowledge: bool = False
    acknowledged: date | None = None
    # Whether the family may write now, as a support bundle saw it; None: from the dates (parents' steps).
    editable: bool | None = None


@dataclass
class Orientation:
    """The child's orientation for the year (PageOrientations)."""

    level: str  # "Orientation en fin de 3e"
    tracks: list[OrientationTrack] = field(default_factory=list)
    steps: list[OrientationStep] = field(default_factory=list)


@dataclass
class Company:
    """A company the school shares (``ListeOffresStages``)."""

    key: str
    name: str
    activity: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    offers: list[str] = field(default_factory=list)  # subjects of its internship offers
    listed: bool = True  # False: named by an internship sheet only, not in the shared list (tab 101)


@dataclass
class Internship:
    """A sheet of the child's internship (``PageStage`` / ``PageAppreciationFinDeStage``)."""

    key: str
    subject: str  # "Stage d'observation de 3e"
    company: str  # a Company key
    start: date
    end: date
    tutor: str = ""  # the maître de stage
    referent: str = ""  # the teacher who follows the child
    schedule: str = ""  # "9h-12h, 14h-17h"
    details: str = ""
    evaluation: str = ""  # the end-of-internship appraisal, once written
    days: int | None = None  # nbJours as a support bundle saw it; None: the weekdays from start to end
