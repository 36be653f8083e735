"""``PageAgenda`` (tab 9): the school's events a child's family sees.

Shapes from parent-features.md §12: the request is ``{NumeroSemaine (web only), avecEventsPasses,
AvecListeClasses}``; the answer ``ListeEvenements[{N, L, G, DateDebut, DateFin, sansHoraire,
Commentaire, CouleurCellule, estPeriodique, publie, listeDocJoints, estConseilClasse, …}]`` with the
event kinds of ``TypeGenreEvenementAgenda``. Inferred: which events a week shows (those that overlap
it), that without ``NumeroSemaine`` the whole year is sent (the mobile page), past events left out
unless ``avecEventsPasses``, and the ``_T`` 24 wrappers of the lists.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from .contract import PageFault, PageRequest, page
from .files import attachment_value
from .values import FAULT_PAGE_UNAVAILABLE, TABLE_CLASS, liste, request_child, typed

AGENDA_TAB = 9
TABLE_EVENT = 57  # not seen in the recordings
EVENT_KINDS = {
    "evenement": 0,
    "conseil_de_classe": 2,
    "rencontre_parents_professeurs": 7,
    "sortie": 8,
    "election": 14,
    "jour_ferie": 16,
}
EVENT_COLORS = {
    "evenement": "#7FB2E5",
    "conseil_de_classe": "#E5A17F",
    "rencontre_parents_professeurs": "#A5D6A7",
    "sortie": "#40A0A0",
    "election": "#CE93D8",
    "jour_ferie": "#BDBDBD",
}


def _moment(moment: datetime) -> dict[str, Any]:
    return typed(7, moment.strftime("%d/%m/%Y %H:%M:%S"))


@page("PageAgenda", AGENDA_TAB)
def page_agenda(request: PageRequest) -> dict[str, Any]:
    school = request.school
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    week = data.get("NumeroSemaine", data.get("numeroSemaine"))
    if week is not None and (isinstance(week, bool) or not isinstance(week, int)):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    past = data.get("avecEventsPasses", True) is not False
    events = [e for e in school.events if not e.classes or child.class_name in e.classes]
    if week is not None:
        monday = datetime.combine(school.monday_of_week(week), time(0, 0))
        events = [e for e in events if e.start < monday + timedelta(days=7) and e.end >= monday]
    elif not past:
        events = [e for e in events if e.end.date() >= request.today]
    answer: dict[str, Any] = {
        "ListeEvenements": liste([_event(request, school.events.index(e), e) for e in events]),
        "listeFamilles": liste([]),
        "AvecExportiCal": False,
    }
    if data.get("AvecListeClasses"):
        answer["ListeClassesGroupes"] = liste(
            [{"N": request.ids.mint(TABLE_CLASS, f"class:{child.class_name}"), "L": child.class_name, "G": 1}]
        )
    return answer


def _event(request: PageRequest, index: int, event: Any) -> dict[str, Any]:
    start, end = event.start, event.end
    if event.all_day:
        start = datetime.combine(start.date(), time(0, 0))
        end = datetime.combine(end.date(), time(23, 59))
    return {
        "N": request.ids.mint(TABLE_EVENT, f"event:{index}"),
        "L": event.title,
        "G": EVENT_KINDS.get(event.kind, 0),
        "DateDebut": _moment(start),
        "DateFin": _moment(end),
        "sansHoraire": event.all_day,
        "Commentaire": event.comment,
        "CouleurCellule": event.color or EVENT_COLORS.get(event.kind, "#7FB2E5"),
        "estPeriodique": False,
        "publie": True,
        "publicationPageEtablissement": False,
        "estConseilClasse": event.kind == "conseil_de_classe",
        "listeDocJoints": liste([attachment_value(request, a) for a in event.attachments]),
    }
