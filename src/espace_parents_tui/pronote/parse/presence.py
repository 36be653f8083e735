"""``PagePresence``: a child's vie scolaire (pronotepy.md §2 "Absences / delays / punishments",
pawnote-papillon.md §1.2 ``PagePresence``, parent-features.md §2.1).

``listeAbsences`` mixes the events, told apart by ``G``: 13 absence, 14 delay, 41 punishment, 46
teacher observation, 72 precautionary measure. Other kinds (dispenses, sanctions, incidents…) are
left out. Texts are kept exactly as sent.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from espace_parents_tui.models import SchoolSettings
from espace_parents_tui.models.school_life import (
    Absence,
    Delay,
    ForbiddenAccess,
    Observation,
    ObservationKind,
    PrecautionaryMeasure,
    Punishment,
    PunishmentSession,
    SchoolLife,
)
from espace_parents_tui.pronote.parse._read import Node, unwrap
from espace_parents_tui.pronote.parse.attachments import parse_attachments

FUNCTION = "PagePresence"
ABSENCE, DELAY, PUNISHMENT, OBSERVATION, MEASURE = 13, 14, 41, 46, 72
# A delay or a punishment never lasts this long (minutes); more is a malformed answer.
MAX_MINUTES = 100_000

_HOURS_RE = re.compile(r"^\s*(\d{1,5})\s*h\s*(\d{1,2})?\s*$", re.ASCII | re.IGNORECASE)
_SET_PART_RE = re.compile(r"^\s*(\d{1,4})\s*(?:\.\.\s*(\d{1,4})\s*)?$", re.ASCII)


def hours_to_minutes(text: str) -> int | None:
    """``"3h30"`` → 210, ``"2h"`` → 120; None for anything else."""
    match = _HOURS_RE.match(text)
    if not match:
        return None
    return int(match.group(1)) * 60 + int(match.group(2) or 0)


def integer_set(node: Node, key: str) -> set[int]:
    """PRONOTE's integer-set notation (``"[0,2..4]"``, ``"[]"``) as a set; missing: empty."""
    raw = node.raw(key, "[]")
    if not isinstance(raw, str) or not raw.strip().startswith("[") or not raw.strip().endswith("]"):
        node.fail(key, "ensemble d'entiers attendu (« [0..2] »)")
    found: set[int] = set()
    inner = raw.strip()[1:-1]
    for part in filter(None, (p.strip() for p in inner.split(","))):
        match = _SET_PART_RE.match(part)
        if not match:
            node.fail(key, f"ensemble d'entiers illisible ({raw[:30]!r})")
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        if high < low or high - low > 1000:
            node.fail(key, f"intervalle impossible ({part})")
        found.update(range(low, high + 1))
    return found


def labels(node: Node, key: str) -> tuple[str, ...]:
    """The ``L`` of each element of a list (elements without one are skipped)."""
    return tuple(item.text("L") for item in node.objs(key, required=False) if item.has("L"))


def element_label(node: Node, key: str) -> str:
    """The ``L`` of an element field (``{_T: 24, V: {N, L}}``); "" when missing."""
    element = node.opt_obj(key)
    return element.text("L", "") if element is not None else ""


def _minutes(node: Node, key: str, default: Any) -> Any:
    value = node.integer(key, default)
    if value is not None and not 0 <= value <= MAX_MINUTES:
        node.fail(key, f"durée impossible ({value})")
    return value


def _place_time(day: date, place: int | None, settings: SchoolSettings | None) -> datetime | None:
    """The start of a place of the day on the school's grid; None without a grid or off it."""
    if place is None or settings is None or not settings.hour_starts or place < 0:
        return None
    slot = place % settings.places_per_day if settings.places_per_day > 0 else place
    if slot >= len(settings.hour_starts):
        return None
    return datetime.combine(day, settings.hour_starts[slot])


def _absence(node: Node) -> Absence:
    start = node.datetime("dateDebut")
    end = node.datetime("dateFin")
    if end < start:
        node.fail("dateFin", "l'absence finit avant de commencer")
    hours = node.raw("NbrHeures", "")
    if isinstance(hours, int | float) and not isinstance(hours, bool):
        hours = f"{int(hours)}h00"
    if not isinstance(hours, str):
        node.fail("NbrHeures", "texte attendu (« 3h30 »)")
    days = node.raw("NbrJours", 0)
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 1000:
        node.fail("NbrJours", "nombre de jours impossible")
    return Absence(
        id=node.ident("N"),
        start=start,
        end=end,
        justified=node.flag("justifie"),
        to_justify_by_parents=node.flag("aJustifierParParents"),
        settled=node.flag("reglee"),
        reason_unknown=node.flag("estMotifNonEncoreConnu"),
        open=node.flag("ouverte"),
        hours=hours,
        missed_minutes=hours_to_minutes(hours),
        days=days,
        reasons=labels(node, "listeMotifs"),
        editable=node.flag("avecSaisie"),
        pending=node.flag("enAttente"),
        parent_reason=element_label(node, "motifParent"),
        parent_comment=node.text("justification", ""),
        documents=parse_attachments(node, "documents"),
        created_by_parent=node.flag("estUneCreationParent"),
        server_message=node.text("message", ""),
    )


def _delay(node: Node) -> Delay:
    return Delay(
        id=node.ident("N"),
        when=node.datetime("date"),
        minutes=_minutes(node, "duree", 0),
        justified=node.flag("justifie"),
        to_justify_by_parents=node.flag("aJustifierParParents"),
        settled=node.flag("reglee"),
        reason_unknown=node.flag("estMotifNonEncoreConnu"),
        justification=node.text("justification", ""),
        reasons=labels(node, "listeMotifs"),
        editable=node.flag("avecSaisie"),
        pending=node.flag("enAttente"),
        parent_reason=element_label(node, "motifParent"),
        server_message=node.text("message", ""),
    )


def _punishment(node: Node, settings: SchoolSettings | None) -> Punishment:
    given = node.datetime("dateDemande")
    during = not node.flag("horsCours")
    nature = node.opt_obj("nature")
    subject = element_label(node, "matiere") or None
    sessions = []
    for item in node.objs("programmation", required=False):
        day = item.date("date")
        sessions.append(
            PunishmentSession(
                id=item.ident("N", None),
                day=day,
                start=_place_time(day, item.integer("placeExecution", None), settings),
                minutes=_minutes(item, "duree", None),
            )
        )
    return Punishment(
        id=node.ident("N"),
        nature=nature.text("L", "") if nature is not None else "",
        given=given.date(),
        given_at=_place_time(given.date(), node.integer("placeDemande", None), settings) if during else None,
        during_lesson=during,
        requested_by=element_label(node, "demandeur"),
        reasons=labels(node, "listeMotifs"),
        circumstances=node.text("circonstances", ""),
        circumstance_documents=parse_attachments(node, "documentsCirconstances"),
        homework=node.text("travailAFaire", ""),
        homework_documents=parse_attachments(node, "documentsTAF"),
        subject=subject,
        is_exclusion=node.flag("estUneExclusion"),
        needs_acknowledgement=nature.flag("estAvecARParent") if nature is not None else False,
        acknowledged=node.flag("parentAAccuseDeReception"),
        schedulable=node.flag("estProgrammable", bool(sessions)),
        sessions=tuple(sessions),
        minutes=_minutes(node, "duree", None),
    )


def _observation(node: Node) -> Observation:
    code = node.integer("genreObservation", None)
    try:
        kind = ObservationKind(code) if code is not None else None
    except ValueError:
        kind = None
    title = node.text("L", "") or element_label(node, "rubrique")
    return Observation(
        id=node.ident("N"),
        day=node.date("date"),
        title=title,
        kind=kind,
        teacher=element_label(node, "demandeur"),
        subject=element_label(node, "matiere") or None,
        comment=node.text("commentaire", ""),
        read=node.flag("estLue"),
        needs_acknowledgement=node.flag("avecARObservation"),
    )


def _measure(node: Node) -> PrecautionaryMeasure:
    start = node.date("dateDebut")
    end = node.date("dateFin")
    if end < start:
        node.fail("dateFin", "la mesure finit avant de commencer")
    decider = node.opt_obj("decideur")
    function = ""
    if decider is not None and decider.has("fonction"):
        function = element_label(decider, "fonction")
    access = []
    for code in sorted(integer_set(node, "interditAcces")):
        try:
            access.append(ForbiddenAccess(code))
        except ValueError:
            continue
    return PrecautionaryMeasure(
        id=node.ident("N"),
        nature=element_label(node, "nature"),
        start=start,
        end=end,
        given=node.datetime("dateDemande", None),
        decided_by=decider.text("L", "") if decider is not None else "",
        decided_by_function=function,
        requested_by=element_label(node, "demandeur"),
        reasons=labels(node, "listeMotifs"),
        comment=node.text("commentaire", ""),
        circumstances=node.text("circonstances", ""),
        is_exclusion=node.flag("estUneExclusion"),
        forbidden_access=tuple(access),
    )


def parse_presence(data: Any, settings: SchoolSettings | None = None) -> SchoolLife:
    """The decoded ``data`` of a ``PagePresence`` answer → :class:`SchoolLife`.

    ``settings`` (from ``FonctionParametres``) turns the places of punishments into times.
    Required: ``listeAbsences`` (may be empty). Events of unknown kinds are ignored.
    """
    root = Node.root(data, FUNCTION)
    found: dict[int, list[Any]] = {ABSENCE: [], DELAY: [], PUNISHMENT: [], OBSERVATION: [], MEASURE: []}
    for node in root.objs("listeAbsences"):
        kind = unwrap(node.data.get("G"))
        if kind == ABSENCE:
            found[kind].append(_absence(node))
        elif kind == DELAY:
            found[kind].append(_delay(node))
        elif kind == PUNISHMENT:
            found[kind].append(_punishment(node, settings))
        elif kind == OBSERVATION:
            found[kind].append(_observation(node))
        elif kind == MEASURE:
            found[kind].append(_measure(node))
    return SchoolLife(
        absences=tuple(found[ABSENCE]),
        delays=tuple(found[DELAY]),
        punishments=tuple(found[PUNISHMENT]),
        observations=tuple(found[OBSERVATION]),
        measures=tuple(found[MEASURE]),
        comment_required_absence=root.flag("commentaireAbsenceObligatoire"),
        comment_required_delay=root.flag("commentaireRetardObligatoire"),
    )
