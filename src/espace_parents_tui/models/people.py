"""The teaching team of a child (``PageEquipePedagogique``) and the parent's own contact details as
the school holds them (``PageInfosPerso``)."""

from __future__ import annotations

from espace_parents_tui.models.account import ContactPreferences
from espace_parents_tui.models.record import dataclass


@dataclass(frozen=True)
class TaughtSubject:
    name: str
    weekly_hours: str = ""  # as the server writes it: "3h30" (may be empty)
    parent_subject: str | None = None


@dataclass(frozen=True)
class TeamMember:
    """A teacher (``kind`` "teacher") or a member of staff ("staff") of the child's team."""

    id: str | None
    name: str
    kind: str  # "teacher" or "staff"
    subjects: tuple[TaughtSubject, ...] = ()
    function: str = ""  # staff: "Conseillère principale d'éducation", "Principal"…
    email: str | None = None  # only when the school publishes it
    is_main_teacher: bool = False  # professeur principal
    is_tutor: bool = False
    has_left: bool = False  # no longer in the team ("estEnleve")
    position: int | None = None

    @property
    def is_teacher(self) -> bool:
        return self.kind == "teacher"


@dataclass(frozen=True)
class AccountInfo:
    """The parent's contact details (``Informations``) and two-factor mode (``securisation.mode``)."""

    name: str = ""
    address: tuple[str, ...] = ()  # the non-empty address lines, in order
    postal_code: str = ""
    city: str = ""
    province: str = ""
    country: str = ""
    email: str = ""
    phone_prefix: str = ""  # "33"
    mobile_phone: str = ""
    landline_prefix: str = ""
    landline: str = ""
    # 0 not chosen yet, 1 inactive, 2 notification only, 3 PIN; None when the server does not say.
    security_mode: int | None = None
    preferences: ContactPreferences = ContactPreferences()
