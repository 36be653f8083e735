"""Orientation (``PageOrientations``, tab 15), internships (``PageStage``, tab 42) and the company
list (``ListeOffresStages``, tab 101), parent-features.md §6-§7.

A page the server answers with only a ``Message`` (nothing for this child) is kept with ``offered``
False: the app then shows no section for that child.
"""

from __future__ import annotations

from datetime import date

from espace_parents_tui.models.record import dataclass

# TypeRubriqueOrientation (§6): the step kinds, by PRONOTE's G.
STEP_KINDS = {
    0: "intentions",
    1: "recommandation",
    2: "voeux",
    3: "proposition",
    4: "decision",
    5: "effective",
}
WISH_KINDS = {"intentions": 0, "voeux": 2}  # the steps where the family enters wishes


@dataclass(frozen=True)
class Track:
    """A track the family may choose: "2nde générale et technologique"."""

    id: str | None
    name: str
    with_internship: bool = False  # avecStageFamille


@dataclass(frozen=True)
class OrientationWish:
    """A wish of the family, or an answer of the class council, in rank order."""

    id: str | None
    track: str  # the track's name
    track_id: str | None = None
    rank: int = 0
    comment: str = ""


@dataclass(frozen=True)
class OrientationStep:
    """One rubric: the family's intentions or final wishes, or the council's answer."""

    id: str | None
    kind: str  # see STEP_KINDS ("" when the server sends a kind this client does not know)
    kind_code: int | None
    title: str
    opens: date | None = None
    closes: date | None = None
    editable: bool = False  # avecSaisie: the family may write now (inferred)
    max_wishes: int | None = None
    published: bool = True
    wishes: tuple[OrientationWish, ...] = ()
    council_comment: str = ""
    # Acknowledging the council's answer: asked (avecAccuseReception), done, when.
    acknowledgement_asked: bool = False
    acknowledged: bool = False
    acknowledged_on: date | None = None

    @property
    def for_family(self) -> bool:
        return self.kind in WISH_KINDS


@dataclass(frozen=True)
class OrientationPage:
    level: str = ""  # "Orientation en fin de 3e"
    tracks: tuple[Track, ...] = ()
    steps: tuple[OrientationStep, ...] = ()
    message: str = ""
    offered: bool = True

    def step(self, kind: str) -> OrientationStep | None:
        return next((s for s in self.steps if s.kind == kind), None)

    def track(self, name: str) -> Track | None:
        needle = name.casefold()
        return next((t for t in self.tracks if t.name.casefold() == needle), None)


@dataclass(frozen=True)
class Company:
    id: str | None
    name: str
    activity: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    offers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Internship:
    id: str | None
    subject: str
    company: str
    start: date | None = None
    end: date | None = None
    days: int | None = None
    tutor: str = ""
    referents: tuple[str, ...] = ()
    schedule: str = ""
    details: str = ""
    evaluation: str = ""
    company_address: str = ""


@dataclass(frozen=True)
class InternshipsPage:
    internships: tuple[Internship, ...] = ()
    companies: tuple[Company, ...] = ()  # the list the school shares (tab 101), when it does
    message: str = ""
    offered: bool = True
