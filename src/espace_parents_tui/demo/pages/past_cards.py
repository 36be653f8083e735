"""Previous years' report cards (tabs 227 ``BulletinAnneesPrec_Note`` and 228
``BulletinAnneesPrec_Competence``, parent-features.md §3.1, §9): ``DocumentsATelecharger`` with
``avecNotes`` (227) or ``avecCompetences`` (228) answers ``listeBulletinsBIA``, each
``{annee, nomFichier, ident, libelle, libelleAnnee, libelleClasse, libellePeriodeNotation,
debutPeriodeNotation}`` (confidence A for the names; their values' shapes are this demo's: ``annee``
the first calendar year, ``debutPeriodeNotation`` the period's start in that year, when the school
has a period of that name). The PDF is ``GenerationPDF`` 12 from the same tab (``records.py``).

Refused: the tab not opened to the account (access refused), a call on 227 without ``avecNotes``
or on 228 without ``avecCompetences`` (page unavailable). Only the signed child's cards of the tab's
kind are listed. Tab 148 answers as before (``deposits.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import records  # noqa: F401  (records wraps GenerationPDF; imported first)
from .contract import PAGES, PageFault, PageRequest, page
from .deposits import DOCUMENTS_TAB
from .params import offered_tabs
from .records import past_card
from .values import FAULT_ACCESS_DENIED, FAULT_PAGE_UNAVAILABLE, day_value, liste, request_child

NOTES_TAB, COMPETENCES_TAB = 227, 228
FLAGS = {NOTES_TAB: ("avecNotes", "notes"), COMPETENCES_TAB: ("avecCompetences", "competences")}

_documents = PAGES["DocumentsATelecharger"]


def _start(request: PageRequest, year: str, period: str) -> date | None:
    found = next((p for p in request.school.periods if p.name == period), None)
    if found is None:
        return None
    shift = int(year[:4]) - request.school.year_start.year
    try:
        return found.start.replace(year=found.start.year + shift)
    except ValueError:
        return None


def _bia(request: PageRequest, child: Any, year: Any, card: Any) -> dict[str, Any]:
    entry = past_card(request, child, year.year, card)
    entry.update(
        {
            "annee": int(year.year[:4]),
            "libelle": f"Bulletin {card.period} {year.year}",
            "libelleClasse": year.class_name,
        }
    )
    start = _start(request, year.year, card.period)
    if start is not None:
        entry["debutPeriodeNotation"] = day_value(start)
    return entry


@page("DocumentsATelecharger", frozenset({DOCUMENTS_TAB, NOTES_TAB, COMPETENCES_TAB}))
def documents_a_telecharger(request: PageRequest) -> dict[str, Any]:
    tab = request.signature.get("onglet") if isinstance(request.signature, dict) else None
    if tab not in FLAGS:
        return _documents(request)
    if tab not in offered_tabs(request.school, request.parent):
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")
    flag, kind = FLAGS[tab]
    data = request.data if isinstance(request.data, dict) else {}
    if data.get(flag) is not True:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    child = request_child(request)
    cards = [_bia(request, child, y, c) for y in child.past_years for c in y.report_cards if c.kind == kind]
    return {"listeBulletinsBIA": liste(cards)}
