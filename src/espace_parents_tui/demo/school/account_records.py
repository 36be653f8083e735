"""The demo school's records for the parent's account (contact preferences, password rules), the
child's data (login, medical information, diet, authorisations) and parent–teacher meetings.
Re-exported by :mod:`.school` (import them from there).

Medical information here is fictional; the client treats the real thing as health data (see
``models/account.py`` ``MEDICAL``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

# TypeVoeuRencontre (parent-features.md §5): 0 Facultatif, 1 Souhaité, 2 Indispensable, 3 Pas de rencontre.
WISH_KINDS = (0, 1, 2, 3)
# Password rules (``reglesSaisieMDP.regles``, pawnote-papillon.md §2.6): 0 a letter, 1 a digit,
# 2 a special character, 3 mixed case, 4 different from the login.
PASSWORD_RULES = (0, 1, 2, 3, 4)


@dataclass
class PasswordRules:
    """What the server asks of a new password (it announces them, and checks them)."""

    min_length: int = 8
    max_length: int = 32
    rules: list[int] = field(default_factory=lambda: [0, 1, 4])


@dataclass
class ContactPreferences:
    """How the school may reach the parent (``Autorisations`` of PageInfosPerso)."""

    sms: bool = True
    email: bool = True
    school_email: bool = True  # eMailEtablissementAutorise
    paper_mail: bool = True
    general_info: bool = True  # estDestinataireInfosGenerales


@dataclass
class ParentAccount:
    """The parent's landline, contact preferences, what the school lets them change online
    (``autorisations.compte``: own password, contact details, preferences) and the password rules."""

    landline_prefix: str = ""
    landline: str = ""
    preferences: ContactPreferences = field(default_factory=ContactPreferences)
    may_change_password: bool = True
    may_edit_contact: bool = True
    may_edit_preferences: bool = True
    # What a new password must be (announced to this account, checked for it and its children's).
    password_rules: PasswordRules = field(default_factory=PasswordRules)


@dataclass
class ChildAccount:
    """A child's account and data as the school holds them (PageMesEnfants, tab 22)."""

    login: str = ""
    password: str = ""
    parents_set_password: bool = True  # compte.avecSaisieMotDePasseEleve for this child
    medical_comment: str = ""
    medical_comment_editable: bool = True
    hospitalisation_allowed: bool = True
    doctor_name: str = ""
    doctor_phone: str = ""
    doctor_city: str = ""
    allergies: list[str] = field(default_factory=list)
    allergies_editable: bool = False
    diets: list[str] = field(default_factory=list)
    diets_editable: bool = False
    eats_at_canteen: bool = True
    exit_choices: list[str] = field(default_factory=list)  # the school's list of exit authorisations
    exit_choice: str = ""
    exit_editable: bool = False
    image_right: bool | None = None  # None: the school does not ask


@dataclass
class MeetingOffer:
    """A teacher (or staff member) a family may meet at a session, for one child."""

    key: str  # stable, unique in the session
    child: str  # a child's key
    teacher: str
    role: str  # the subject, or the staff member's function
    minutes: int = 10
    wish: int | None = None  # the parents' wish (WISH_KINDS), None: none given
    requested_by_teacher: bool = False
    # The published planning: the meeting's start (None: not placed) and room.
    slot: time | None = None
    room: str = ""


@dataclass
class MeetingSession:
    """A parent–teacher meeting session the school opened."""

    key: str
    name: str
    day: date
    start: time
    end: time
    wishes_from: date
    wishes_until: date
    closed: bool = False  # the school closed the session: nothing can be read or written
    published: bool = False  # the planning (slots) is published
    information: str = ""
    offers: list[MeetingOffer] = field(default_factory=list)
