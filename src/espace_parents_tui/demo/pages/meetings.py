"""Parent–teacher meetings ("rencontres"), parent-features.md §5: tabs 92 (wishes) and 120/121
(published planning), and 90 (the mobile page that holds both).

- ``SessionRencontres``: ``listeSessions[{N, L, date, strHeureDebut, strHeureFin,
  visibleDesiderataIndispo, visiblePlanning}]`` (pronotepy #294).
- ``RencontresParentsProfs`` ``{sessionRencontre}``: ``desiderata{listeRencontres, autorisations{
  listeVoeux, saisieDesiderata, saisieDuree}, avecSaisie, dateDebutSaisie, dateFinSaisie}``,
  ``autorisations``, ``information``; a session the school closed answers ``Message`` only.
  Each meeting: ``N, L`` (the teacher), ``duree``, ``voeu`` (TypeVoeuRencontre), ``validationvoeu``,
  ``strMatiereFonction``, ``classe``, ``eleve``, and ``voeuProfesseur`` (the teacher asked to meet:
  not in the reference, a guess, §17).
- ``SaisieRencontreDesiderata`` ``{session, listeRencontres[{N, E: 2, duree, voeu, validationvoeu}]}``.
  Refused (``RapportSaisie``): a closed session, outside ``dateDebutSaisie``..``dateFinSaisie``, a
  changed ``duree`` (staff only), an unknown wish.
- ``RencontrePlanning`` ``{sessionRencontre}``: ``messageNonPublie`` until the school publishes it,
  then ``listeRencontres[{date, strDebutRencontre, duree, salle, professeurs, eleve, classe,
  strMatiereFonction, voeu, validationvoeu, aEuLieu}]`` (the meetings placed only).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .contract import PageFault, PageRequest, SaisieRefused, page
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    day_value,
    hour_label,
    liste,
    moment_value,
    request_child,
    resolve,
)

WISHES_TABS = frozenset({90, 92})
PLANNING_TABS = frozenset({90, 120, 121})
SESSION_TABS = WISHES_TABS | PLANNING_TABS
TABLE_SESSION = 150  # not seen anywhere: a guess
TABLE_MEETING = 151
WISH_LABELS = {0: "Facultatif", 1: "Souhaité", 2: "Indispensable", 3: "Pas de rencontre"}


def _session(request: PageRequest, key_field: str) -> Any:
    key = resolve(request.ids, request.data.get(key_field), "meeting-session:")
    session = next((s for s in request.school.meeting_sessions if s.key == key), None)
    if session is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return session


def _wishes_open(request: PageRequest, session: Any) -> bool:
    return not session.closed and session.wishes_from <= request.today <= session.wishes_until


@page("SessionRencontres", SESSION_TABS)
def session_rencontres(request: PageRequest) -> dict[str, Any]:
    return {
        "listeSessions": liste(
            [
                {
                    "N": request.ids.mint(TABLE_SESSION, f"meeting-session:{s.key}"),
                    "L": s.name,
                    "date": day_value(s.day),
                    "strHeureDebut": hour_label(s.start),
                    "strHeureFin": hour_label(s.end),
                    "visibleDesiderataIndispo": not s.closed,
                    "visiblePlanning": s.published,
                }
                for s in request.school.meeting_sessions
            ]
        )
    }


def _meeting(request: PageRequest, session: Any, offer: Any, child: Any) -> dict[str, Any]:
    return {
        "N": request.ids.mint(TABLE_MEETING, f"meeting:{session.key}:{offer.key}"),
        "L": offer.teacher,
        "G": 0,
        "duree": offer.minutes,
        "voeu": offer.wish if offer.wish is not None else 0,
        "validationvoeu": offer.wish is not None,
        "strMatiereFonction": offer.role,
        "classe": child.class_name,
        "eleve": child.name,
        "titre": offer.teacher,
        "estUnEleve": False,
        "voeuProfesseur": offer.requested_by_teacher,
    }


@page("RencontresParentsProfs", WISHES_TABS)
def rencontres_parents_profs(request: PageRequest) -> dict[str, Any]:
    session = _session(request, "sessionRencontre")
    if session.closed:
        return {"Message": "Cette session de rencontres est close : elle n'est plus consultable."}
    child = request_child(request)
    open_now = _wishes_open(request, session)
    offers = [o for o in session.offers if o.child == child.key]
    return {
        "desiderata": {
            "listeRencontres": liste([_meeting(request, session, o, child) for o in offers]),
            "autorisations": {
                "listeVoeux": liste(
                    [{"L": label, "G": kind, "limiteNbSaisies": 0} for kind, label in WISH_LABELS.items()]
                ),
                "saisieDesiderata": True,
                "saisieDuree": False,
            },
            "avecSaisie": open_now,
            "dateDebutSaisie": day_value(session.wishes_from),
            "dateFinSaisie": day_value(session.wishes_until),
        },
        "autorisations": {"saisieDesiderata": open_now, "saisieDisponibilite": False},
        "information": session.information,
    }


@page("SaisieRencontreDesiderata", WISHES_TABS)
def saisie_desiderata(request: PageRequest) -> dict[str, Any]:
    session = _session(request, "session")
    if session.closed:
        raise SaisieRefused("Cette session de rencontres est close.")
    if request.today < session.wishes_from:
        raise SaisieRefused(f"La saisie des vœux ouvre le {session.wishes_from:%d/%m/%Y}.")
    if request.today > session.wishes_until:
        raise SaisieRefused(f"La saisie des vœux est terminée depuis le {session.wishes_until:%d/%m/%Y}.")
    child = request_child(request)
    sent = request.data.get("listeRencontres")
    if not isinstance(sent, list) or not sent:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    changes = []
    for item in sent:
        key = resolve(request.ids, item, f"meeting:{session.key}:")
        offer = next((o for o in session.offers if o.key == key and o.child == child.key), None)
        if offer is None or not isinstance(item, dict):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        if item.get("duree", offer.minutes) != offer.minutes:
            raise SaisieRefused("La durée d'une rencontre est fixée par l'établissement.")
        chosen = item.get("validationvoeu")
        wish = item.get("voeu")
        if chosen and wish not in WISH_LABELS:
            raise SaisieRefused("Vœu inconnu.")
        changes.append((offer, wish if chosen else None))
    for offer, wish in changes:
        offer.wish = wish
    return {}


@page("RencontrePlanning", PLANNING_TABS)
def rencontre_planning(request: PageRequest) -> dict[str, Any]:
    session = _session(request, "sessionRencontre")
    if session.closed:
        return {"Message": "Cette session de rencontres est close : elle n'est plus consultable."}
    if not session.published:
        return {"messageNonPublie": "Le planning des rencontres n'est pas encore publié."}
    child = request_child(request)
    placed = sorted(
        (o for o in session.offers if o.child == child.key and o.slot is not None), key=lambda o: o.slot
    )
    return {
        "listeRencontres": liste(
            [
                {
                    "N": request.ids.mint(TABLE_MEETING, f"meeting:{session.key}:{o.key}"),
                    "date": moment_value(session.day, o.slot),
                    "strDebutRencontre": hour_label(o.slot),
                    "duree": o.minutes,
                    "salle": o.room,
                    "professeurs": liste([{"L": o.teacher}]),
                    "personnels": liste([]),
                    "eleve": child.name,
                    "classe": child.class_name,
                    "strMatiereFonction": o.role,
                    "voeu": o.wish if o.wish is not None else 0,
                    "validationvoeu": o.wish is not None,
                    "aEuLieu": datetime.combine(session.day, o.slot) + timedelta(minutes=o.minutes)
                    < request.moment,
                }
                for o in placed
            ]
        )
    }
