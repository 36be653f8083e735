"""``PagePresence`` (tab 19): a child's vie scolaire between two dates.

Shape: ``reference/pronotepy.md`` §2 "Absences / delays / punishments", ``pawnote-papillon.md`` §1.2
``PagePresence`` and ``parent-features.md`` §2.1 (no real recording of this answer is available).
``listeAbsences`` mixes the events, told apart by ``G``: 13 absence, 14 delay, 41 punishment, 46
teacher observation, 72 precautionary measure.

What the server decides:
- the dates asked (``DateDebut``/``DateFin``) choose the events; without them, the period asked
  (``periode``), else the current one. An absence is listed when it overlaps the range, a delay or
  an observation when its day is in it, a punishment when it was asked in it, a measure when it
  overlaps it;
- ``NbrHeures`` ("XhYY") is the time of the child's lessons (held, not cancelled) the absence
  covers; ``NbrJours`` the school days whose lessons it covers entirely;
- ``placeDemande`` and ``placeExecution`` are places of the day (as ``FonctionParametres.ListeHeures``
  counts them): pronotepy turns them into times with that list.

The ids of the events are minted in tables named after their kinds (no recording shows them).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from ..school import FORBIDDEN_ACCESS_KINDS, OBSERVATION_KINDS, Child
from . import justify
from .contract import PageFault, PageRequest, page
from .files import attachment_value
from .grades import request_period
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    TABLE_ABSENCE_REASON,
    TABLE_DELAY_REASON,
    TABLE_SUBJECT,
    day_value,
    liste,
    moment_value,
    parse_day,
    request_child,
    resolve,
    set_text,
    typed,
)

PRESENCE_TAB = 19
ABSENCE, DELAY, PUNISHMENT, OBSERVATION, MEASURE = 13, 14, 41, 46, 72
TABLE_PERSON = 3  # teachers and staff named in the events
TABLE_REASON = 91  # punishment and measure reasons (not seen in the recordings)
TABLE_NATURE = 106
TABLE_RUBRIC = 45
# Writes kept for the server's run (request.state): (child key, index) of the observations the
# parent marked read and of the punishments the parent acknowledged.
READ_KEY = "presence.observations_read"
ACKNOWLEDGED_KEY = "presence.punishments_acknowledged"


def requested_range(request: PageRequest) -> tuple[date, date]:
    """The days asked for: ``DateDebut``..``DateFin``, else the period asked, else the current one."""
    data = request.data if isinstance(request.data, dict) else {}
    start = parse_day(data.get("DateDebut", data.get("dateDebut")))
    end = parse_day(data.get("DateFin", data.get("dateFin")))
    if start is not None and end is not None and start <= end:
        return start, end
    period = request_period(request)
    return period.start, period.end


def _moment(value: datetime) -> dict[str, Any]:
    return moment_value(value.date(), value.time())


def _person(request: PageRequest, name: str, function: str | None = None) -> dict[str, Any]:
    staff = {s.name: s for s in request.school.staff}
    kind = 34 if name in staff else 3
    element: dict[str, Any] = {"N": request.ids.mint(TABLE_PERSON, f"person:{name}"), "L": name, "G": kind}
    function = function or (staff[name].function if name in staff else None)
    if function:
        element["fonction"] = typed(24, {"N": request.ids.mint(62, f"function:{function}"), "L": function})
    return typed(24, element)


def _subject(request: PageRequest, name: str | None) -> dict[str, Any]:
    if not name:
        return typed(24, {"N": "0"})
    return typed(24, {"N": request.ids.mint(TABLE_SUBJECT, f"subject:{name}"), "L": name})


def _reasons(request: PageRequest, names: list[str], table: int, prefix: str) -> dict[str, Any]:
    return liste([{"L": r, "N": request.ids.mint(table, f"{prefix}:{r}")} for r in names])


def missed(school: Any, child: Child, start: datetime, end: datetime) -> tuple[int, int]:
    """(minutes of held lessons within ``start``..``end``, school days entirely covered)."""
    minutes = days = 0
    day = start.date()
    while day <= end.date():
        lessons = [o for o in school.lessons_on(child, day) if o.kind == "cours" and not o.cancelled]
        covered = 0
        for lesson in lessons:
            begin = datetime.combine(day, lesson.start)
            finish = begin + timedelta(minutes=lesson.minutes)
            overlap = (min(finish, end) - max(begin, start)).total_seconds() // 60
            if overlap > 0:
                minutes += int(overlap)
            if begin >= start and finish <= end:
                covered += 1
        if lessons and covered == len(lessons):
            days += 1
        day += timedelta(days=1)
    return minutes, days


def _absence(request: PageRequest, child: Child, index: int) -> dict[str, Any]:
    absence = child.absences[index]
    minutes, days = missed(request.school, child, absence.start, absence.end)
    return {
        "N": request.ids.mint(ABSENCE, f"absence:{child.key}:{index}"),
        "G": ABSENCE,
        "dateDebut": _moment(absence.start),
        "dateFin": _moment(absence.end),
        "ouverte": False,
        "reglee": absence.settled,
        "justifie": absence.justified,
        "estMotifNonEncoreConnu": absence.reason_unknown,
        "aJustifierParParents": absence.to_justify_by_parents,
        "NbrHeures": absence.hours if absence.hours is not None else f"{minutes // 60}h{minutes % 60:02d}",
        "NbrJours": absence.days if absence.days is not None else days,
        "listeMotifs": _reasons(request, absence.reasons, TABLE_ABSENCE_REASON, "absence"),
        **justify.parent_fields(request, child, absence, attachment_value),
    }


def _delay(request: PageRequest, child: Child, index: int) -> dict[str, Any]:
    delay = child.delays[index]
    return {
        "N": request.ids.mint(DELAY, f"delay:{child.key}:{index}"),
        "G": DELAY,
        "date": _moment(delay.time),
        "duree": delay.minutes,
        "reglee": delay.settled,
        "justifie": delay.justified,
        "aJustifierParParents": delay.to_justify_by_parents,
        "estMotifNonEncoreConnu": delay.reason_unknown,
        "justification": delay.justification,
        "listeMotifs": _reasons(request, delay.reasons, TABLE_DELAY_REASON, "delay"),
        **justify.parent_fields(request, child, delay, attachment_value),
    }


def place_in_day(grid: Any, moment: time) -> int:
    """The place of the day a time falls in (times off the grid fall in the place that holds them)."""
    return max(0, min(grid.places_per_day - 1, grid.minutes_of(moment) // grid.place_minutes))


def _punishment(request: PageRequest, child: Child, index: int) -> dict[str, Any]:
    punishment = child.punishments[index]
    ids, grid = request.ids, request.school.grid
    schedulable = bool(punishment.sessions)
    entry: dict[str, Any] = {
        "N": ids.mint(PUNISHMENT, f"punishment:{child.key}:{index}"),
        "G": PUNISHMENT,
        "estLieAUnIncident": False,
        "dateDemande": _moment(punishment.given),
        "placeDemande": place_in_day(grid, punishment.given.time()),
        "horsCours": punishment.outside_lesson,
        "nature": typed(
            24,
            {
                "N": ids.mint(TABLE_NATURE, f"nature:{punishment.nature}"),
                "L": punishment.nature,
                "G": 0,
                "estProgrammable": schedulable,
                "estAvecARParent": punishment.acknowledgement,
            },
        ),
        "estUneExclusion": punishment.exclusion,
        "travailAFaire": punishment.homework,
        "documentsTAF": liste([attachment_value(request, a) for a in punishment.homework_documents]),
        "publierTafApresDebutRetenue": False,
        "circonstances": punishment.circumstances,
        "documentsCirconstances": liste([]),
        "matiere": _subject(request, punishment.subject),
        "listeMotifs": _reasons(request, punishment.reasons, TABLE_REASON, "punishment"),
        "demandeur": _person(request, punishment.requested_by),
        "estProgrammable": schedulable,
        "programmation": liste(
            [
                {
                    "N": ids.mint(PUNISHMENT + 1, f"session:{child.key}:{index}:{number}"),
                    "date": day_value(session.date),
                    "placeExecution": place_in_day(grid, session.start),
                    "duree": session.minutes,
                }
                for number, session in enumerate(punishment.sessions)
            ]
        ),
    }
    if punishment.minutes is not None:
        entry["duree"] = punishment.minutes
    if punishment.acknowledgement:
        entry["parentAAccuseDeReception"] = (child.key, index) in request.state.get(ACKNOWLEDGED_KEY, set())
    return entry


def _observation(request: PageRequest, child: Child, index: int) -> dict[str, Any]:
    observation = child.observations[index]
    kind = OBSERVATION_KINDS.get(observation.kind, 3)
    return {
        "N": request.ids.mint(OBSERVATION, f"observation:{child.key}:{index}"),
        "G": OBSERVATION,
        "L": observation.title,
        "rubrique": typed(
            24,
            {
                "N": request.ids.mint(TABLE_RUBRIC, f"rubric:{observation.title}"),
                "L": observation.title,
                "G": kind,
            },
        ),
        "genreObservation": kind,
        "date": day_value(observation.date),
        "demandeur": _person(request, observation.teacher),
        "matiere": _subject(request, observation.subject),
        "commentaire": observation.comment,
        "estLue": _observation_read(request, child, index),
        "avecARObservation": observation.acknowledgement,
    }


def _observation_read(request: PageRequest, child: Child, index: int) -> bool:
    read = request.state.get(READ_KEY, set())
    return child.observations[index].read or (child.key, index) in read


def _measure(request: PageRequest, child: Child, index: int) -> dict[str, Any]:
    measure = child.precautionary_measures[index]
    ids = request.ids
    codes = [FORBIDDEN_ACCESS_KINDS[k] for k in measure.forbidden_access if k in FORBIDDEN_ACCESS_KINDS]
    return {
        "N": ids.mint(MEASURE, f"measure:{child.key}:{index}"),
        "G": MEASURE,
        "estLieAUnIncident": False,
        "dateDemande": _moment(measure.given),
        "nature": typed(
            24, {"N": ids.mint(TABLE_NATURE, f"nature:{measure.nature}"), "L": measure.nature, "G": 10}
        ),
        "estUneExclusion": measure.exclusion,
        "listeMotifs": _reasons(request, measure.reasons, TABLE_REASON, "measure"),
        "commentaire": measure.comment,
        "circonstances": measure.circumstances,
        "documentsCirconstances": liste([]),
        "decideur": _person(request, measure.decided_by, measure.decided_by_function or None),
        "demandeur": _person(request, measure.requested_by),
        "dateDebut": day_value(measure.start),
        "dateFin": day_value(measure.end),
        "duree": 0,
        "interditAcces": typed(26, set_text(codes)),
    }


@page("PagePresence", PRESENCE_TAB)
def page_presence(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    first, last = requested_range(request)
    start = datetime.combine(first, time(0, 0))
    end = datetime.combine(last, time(23, 59, 59))
    events: list[tuple[datetime, dict[str, Any]]] = []
    for i, absence in enumerate(child.absences):
        if absence.start <= end and absence.end >= start:
            events.append((absence.start, _absence(request, child, i)))
    for i, delay in enumerate(child.delays):
        if first <= delay.time.date() <= last:
            events.append((delay.time, _delay(request, child, i)))
    for i, punishment in enumerate(child.punishments):
        if first <= punishment.given.date() <= last:
            events.append((punishment.given, _punishment(request, child, i)))
    for i, observation in enumerate(child.observations):
        if first <= observation.date <= last:
            events.append((datetime.combine(observation.date, time(0, 0)), _observation(request, child, i)))
    for i, measure in enumerate(child.precautionary_measures):
        if measure.start <= last and measure.end >= first:
            events.append((measure.given, _measure(request, child, i)))
    events.sort(key=lambda pair: pair[0])
    return {
        "listeAbsences": liste([entry for _moment_, entry in events]),
        "Matieres": liste([]),
        "listeRecapitulatifs": liste([]),
        "autorisations": {
            "absence": True,
            "retard": True,
            "punition": True,
            "observation": True,
            "mesureConservatoire": True,
            "exclusion": True,
        },
        "commentaireAbsenceObligatoire": request.school.comment_required_absence,
        "commentaireRetardObligatoire": request.school.comment_required_delay,
    }


@page("SaisieVieScolaire", PRESENCE_TAB)
def saisie_vie_scolaire(request: PageRequest) -> dict[str, Any] | justify.WriteReport:
    """The parent marks observations read (``estLue``) and acknowledges punishments
    (``parentAAccuseDeReception``): ``{listeAbsences: [{N, G, E: 2, estLue | parentAAccuseDeReception}]}``
    (parent-features.md §2.3). Justifications and declarations (absences, delays) are
    :mod:`.justify`'s."""
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    items = data.get("listeAbsences")
    if not isinstance(items, list) or not items:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if isinstance(items[0], dict) and items[0].get("G") in (ABSENCE, DELAY):
        return justify.save(request, child, items, _absence, _delay)
    changes: list[tuple[str, tuple[str, int]]] = []
    for item in items:
        if not isinstance(item, dict):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        kind = item.get("G")
        if kind == OBSERVATION and item.get("estLue") is True:
            prefix, state_key, listed = "observation:", READ_KEY, child.observations
        elif kind == PUNISHMENT and item.get("parentAAccuseDeReception") is True:
            prefix, state_key, listed = "punishment:", ACKNOWLEDGED_KEY, child.punishments
        else:
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        key = resolve(request.ids, item, prefix)
        owner, _, number = (key or "").rpartition(":")
        if owner != child.key or not number.isdigit() or int(number) >= len(listed):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        if kind == PUNISHMENT and not listed[int(number)].acknowledgement:
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        changes.append((state_key, (child.key, int(number))))
    for state_key, entry in changes:
        request.state.setdefault(state_key, set()).add(entry)
    return {}
