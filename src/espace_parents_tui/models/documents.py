"""Documents (``DocumentsATelecharger``, tab 148): what the school asks the parents to provide, the
documents it offers for download, and the child's locker (parent-features.md §3)."""

from __future__ import annotations

import enum
from datetime import date

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


class DepositState(enum.Enum):
    """Where a document to provide stands."""

    MISSING = "manquant"
    PROVIDED = "fourni"  # deposited, not looked at by the school yet
    VALIDATED = "validé"
    REFUSED = "refusé"

    @property
    def label(self) -> str:
        return {
            DepositState.MISSING: N_("à fournir"),
            DepositState.PROVIDED: N_("fourni"),
            DepositState.VALIDATED: N_("validé"),
            DepositState.REFUSED: N_("refusé"),
        }[self]


@dataclass(frozen=True)
class RequestedDocument:
    """One entry of "Documents à fournir" (``listeNaturesDocumentsAFournir``)."""

    id: str
    name: str  # "Attestation d'assurance scolaire"
    deadline: date | None = None  # dateLimiteDepot
    editable: bool = False  # docEditable: a deposit (or a replacement) is offered
    late_allowed: bool = False  # avecDepotAutorise: deposits still accepted after the deadline
    file: Attachment | None = None  # listePJ: the deposited file (0 or 1)
    deposited_on: date | None = None  # dateDepotDoc
    by_school: bool = False  # estDeposeParEtablissement
    state: DepositState = DepositState.MISSING
    refusal: str = ""  # why the school refused the deposit, in its words (inferred)
    kind: int | None = None  # the element's G, sent back with a deposit
    recipient_kind: int | None = None  # genreDestinataireCollecte, sent back when present

    def past_deadline(self, today: date) -> bool:
        """ "Date limite dépassée": no late deposit allowed and today is after the deadline (§3.1)."""
        return not self.late_allowed and self.deadline is not None and today > self.deadline


@dataclass(frozen=True)
class SchoolDocument:
    """A document the school offers for download (``listeDocuments``, ``listeDocumentsMembre``)."""

    id: str
    name: str
    category: str = ""
    day: date | None = None
    for_child: bool = False  # listeDocumentsMembre: this child's own document
    kind: int | None = None


@dataclass(frozen=True)
class LockerDocument:
    """A file of the child's digital locker (``listeDocumentsCasier``)."""

    file: Attachment
    category: str = ""
    day: date | None = None
    unread: bool = False  # estNonLu
    author: str = ""


@dataclass(frozen=True)
class DocumentsPage:
    requested: tuple[RequestedDocument, ...] = ()
    school: tuple[SchoolDocument, ...] = ()
    locker: tuple[LockerDocument, ...] = ()
