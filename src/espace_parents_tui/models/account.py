"""The parent's account settings, the child's data and parent–teacher meetings (parent-features.md
§4, §5).

**Health data.** :data:`MEDICAL` names the fields of :class:`ChildAccount` that hold a child's health
data (medical comment, hospitalisation consent, doctor, allergies, diet). They are kept in the
account's cache so the app shows them offline, and nowhere else: never in a log, an error message,
a support bundle or a debug dump. Code that writes model objects anywhere but the cache or the
screen must drop them (:func:`without_medical`).
"""

from __future__ import annotations

from dataclasses import field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_

# ChildAccount fields that hold health data: never in a log, an error message or a support bundle.
MEDICAL = frozenset(
    {"medical_comment", "hospitalisation_allowed", "doctor", "allergies", "diets", "eats_at_canteen"}
)
# TypeVoeuRencontre (§5): the wish a family gives for a meeting.
WISH_OPTIONAL, WISH_WANTED, WISH_NEEDED, WISH_NOT_NEEDED = 0, 1, 2, 3
WISH_LABELS = {
    WISH_OPTIONAL: N_("Facultatif"),
    WISH_WANTED: N_("Souhaité"),
    WISH_NEEDED: N_("Indispensable"),
    WISH_NOT_NEEDED: N_("Pas de rencontre"),
}


@dataclass(frozen=True)
class ContactPreferences:
    """How the school may reach the parent (``Autorisations``); None: the server does not say."""

    sms: bool | None = None
    email: bool | None = None
    school_email: bool | None = None
    paper_mail: bool | None = None
    general_info: bool | None = None


PREFERENCE_LABELS = {
    "sms": N_("SMS"),
    "email": N_("E-mail"),
    "school_email": N_("E-mails de l'établissement"),
    "paper_mail": N_("Courrier papier"),
    "general_info": N_("Informations générales"),
}


@dataclass(frozen=True)
class PasswordRules:
    """What a new password must be (``reglesSaisieMDP``): length, and rules 0 a letter, 1 a digit,
    2 a special character, 3 mixed case, 4 different from the login."""

    min_length: int = 0
    max_length: int = 0  # 0: no maximum announced
    rules: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Option:
    """An element the school lists (an allergen, a diet, an exit authorisation)."""

    id: str | None
    name: str


@dataclass(frozen=True)
class Doctor:
    name: str = ""
    phone: str = ""
    city: str = ""


@dataclass(frozen=True)
class ChildAccount:
    """The child's account and data (``PageMesEnfants``). Fields in :data:`MEDICAL` are health data."""

    login: str = ""
    medical_visible: bool = False  # infosMedicales.estConsultable
    medical_comment: str = ""
    medical_comment_editable: bool = False
    hospitalisation_allowed: bool | None = None
    doctor: Doctor | None = None
    allergies: tuple[Option, ...] = ()
    allergies_editable: bool = False
    diets: tuple[Option, ...] = ()
    diets_editable: bool = False
    eats_at_canteen: bool | None = None
    exit_options: tuple[Option, ...] = ()
    exit_choice: str = ""
    exit_editable: bool = False
    image_right: bool | None = None  # None: the school does not ask
    message: str = ""


def without_medical(data: ChildAccount) -> dict[str, Any]:
    """The child's data without its health fields (what may go to a log or a support bundle)."""
    return {f.name: getattr(data, f.name) for f in fields(data) if f.name not in MEDICAL}


@dataclass(frozen=True)
class PasswordReply:
    """The server's answer to a password change: accepted, or why not."""

    accepted: bool
    wrong_current: bool = False
    broken_rules: tuple[int, ...] = ()
    message: str = ""
    rules: PasswordRules | None = None


@dataclass(frozen=True)
class MeetingSession:
    """A meeting session the school opened (``listeSessions``)."""

    id: str | None
    name: str
    day: date | None
    start: str = ""  # "17h00", as the server writes it
    end: str = ""
    wishes_visible: bool = True
    planning_visible: bool = False


@dataclass(frozen=True)
class Meeting:
    """A teacher (or staff member) the family may meet, and the family's wish."""

    id: str | None
    teacher: str
    role: str = ""  # subject or function
    minutes: int = 0
    wish: int | None = None  # WISH_*; None: no wish given
    requested_by_teacher: bool = False


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting placed in the published planning."""

    start: datetime
    minutes: int
    teachers: tuple[str, ...] = ()
    role: str = ""
    room: str = ""
    child: str = ""
    held: bool = False

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class SessionMeetings:
    """One session for one child: the wishes part and the planning part."""

    session: MeetingSession
    message: str = ""  # the school's "no access" message (a closed session)
    meetings: tuple[Meeting, ...] = ()
    wishes_open: bool = False
    wishes_from: date | None = None
    wishes_until: date | None = None
    information: str = ""
    planning: tuple[PlannedMeeting, ...] = ()
    planning_message: str = ""  # not published yet


@dataclass(frozen=True)
class MeetingsPage:
    sessions: tuple[SessionMeetings, ...] = field(default_factory=tuple)


def conflicts(planning: list[PlannedMeeting] | tuple[PlannedMeeting, ...]) -> set[int]:
    """Indexes of the planned meetings that overlap another one (the parent cannot be at both)."""
    found: set[int] = set()
    for i, first in enumerate(planning):
        for j in range(i + 1, len(planning)):
            second = planning[j]
            if first.start < second.end and second.start < first.end:
                found.update((i, j))
    return found


def with_wish(meeting: Meeting, wish: int | None) -> Meeting:
    return replace(meeting, wish=wish)
