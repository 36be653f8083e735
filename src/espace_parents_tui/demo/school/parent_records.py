"""The demo school's records for what parents do online: the rules of justification per child,
the documents the school asks for, the documents it offers, the child's locker. Re-exported by
:mod:`.school` (import them from there).

What a real server shows is only the outcome of its settings (``avecSaisie`` on each absence, the
refusals of its writes): the rules below are this demo's guess at those settings (reference §17).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Where a document to provide stands, in school-file terms.
DEPOSIT_STATES = ("manquant", "fourni", "valide", "refuse")


@dataclass
class ParentRules:
    """What the school lets the parents of one child do online."""

    justify_absences: bool = True
    justify_delays: bool = True
    # An absence or a delay older than this (days since it ended) can no longer be justified
    # online; None: no limit.
    justify_within_days: int | None = None
    # A justification of an absence needs a document (the server refuses it otherwise).
    document_required: bool = False
    # "Prévenir d'une absence" is accepted for this child (the parent also needs the right).
    declare_absences: bool = True


@dataclass
class RequestedDocument:
    """A document the school asks the parents to provide ("Documents à fournir")."""

    key: str  # stable, unique for the child
    name: str  # "Attestation d'assurance scolaire"
    deadline: date | None = None
    late_allowed: bool = False  # deposits still accepted after the deadline
    editable: bool = True  # the parents may deposit (or replace) a file
    state: str = "manquant"  # see DEPOSIT_STATES
    document: str | None = None  # the deposited file: a key of School.documents
    deposited: date | None = None
    by_school: bool = False  # deposited by the school itself
    refusal: str = ""  # why the school refused the deposit (state "refuse")


@dataclass
class OfferedDocument:
    """A document the school offers for download (to everyone, or to one child)."""

    name: str
    document: str  # a key of School.documents
    category: str = ""
    date: date | None = None


@dataclass
class LockerDocument:
    """A file of the child's digital locker (casier numérique)."""

    name: str
    document: str  # a key of School.documents
    category: str = ""
    date: date | None = None
    read: bool = False
    author: str = ""


@dataclass
class UploadRules:
    """What the server accepts at ``uploadfilesession`` (it announces the size,
    ``tailleMaxDocJointEtablissement``; the extensions are this demo's guess)."""

    max_bytes: int = 5 * 1024 * 1024
    extensions: list[str] = field(default_factory=lambda: ["pdf", "jpg", "jpeg", "png", "gif"])
