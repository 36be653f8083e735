"""Vie scolaire in the school file: a child's cached absences, delays, punishments, observations and
precautionary measures (every cached period, each event once).

An absence keeps the time and days missed as the school counted them (``hours``, ``days``): the
replay's timetable holds only the cached weeks, from which the server could not count them again.
A reason the school's list does not offer (an old one) is added to the list, so the file stays valid.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from espace_parents_tui.models.school_life import SchoolLife
from espace_parents_tui.service.support.collect import Conversion, hm

OBSERVATION_KINDS = ("defaut_carnet", "observation", "encouragement", "autre")  # genreObservation
FORBIDDEN_ACCESS = ("internat", "etablissement", "demi_pension")  # interditAcces


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, "", [], False)}


def _life(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values: list[SchoolLife] = conversion.values("school_life", child)
    if not values:
        return
    kept: dict[str, dict[tuple, dict[str, Any]]] = {
        "absences": {},
        "delays": {},
        "punishments": {},
        "observations": {},
        "precautionary_measures": {},
    }
    for life in values:
        if life.comment_required_absence:
            conversion.extra["comment_required_absence"] = True
        if life.comment_required_delay:
            conversion.extra["comment_required_delay"] = True
        for a in life.absences:
            _reasons(conversion, "absence_reasons", [*a.reasons, a.parent_reason])
            kept["absences"].setdefault((a.start, a.end), _absence(conversion, a))
        for d in life.delays:
            _reasons(conversion, "delay_reasons", [*d.reasons, d.parent_reason])
            kept["delays"].setdefault((d.when,), _delay(d))
        for p in life.punishments:
            kept["punishments"].setdefault((p.nature, p.given, p.given_at), _punishment(conversion, p))
        for o in life.observations:
            kept["observations"].setdefault((o.day, o.title, o.teacher), _observation(conversion, o))
        for m in life.measures:
            kept["precautionary_measures"].setdefault((m.start, m.end, m.nature), _measure(conversion, m))
    for name, found in kept.items():
        if found:
            entry[name] = list(found.values())


def _reasons(conversion: Conversion, key: str, labels: list[str | None]) -> None:
    listed = conversion.reasons[key]
    for label in labels:
        if label and label not in listed:
            listed.append(label)


def _absence(conversion: Conversion, a: Any) -> dict[str, Any]:
    entry = _clean(
        {
            "start": _moment(a.start),
            "end": _moment(a.end),
            "reasons": list(a.reasons),
            "justified": a.justified,
            "to_justify_by_parents": a.to_justify_by_parents,
            "settled": a.settled,
            "reason_unknown": a.reason_unknown,
            "parent_reason": a.parent_reason or None,
            "parent_comment": a.parent_comment,
            "parent_documents": [conversion.documents.attachment(d) for d in a.documents],
            "pending": a.pending,
            "declared_by_parent": a.created_by_parent,
        }
    )
    if a.hours:
        entry["hours"] = a.hours
    entry["days"] = a.days
    entry["editable"] = a.editable
    return entry


def _delay(d: Any) -> dict[str, Any]:
    return {"editable": d.editable} | _clean(
        {
            "time": _moment(d.when),
            "minutes": d.minutes,
            "reasons": list(d.reasons),
            "justified": d.justified,
            "justification": d.justification,
            "to_justify_by_parents": d.to_justify_by_parents,
            "settled": d.settled,
            "reason_unknown": d.reason_unknown,
            "parent_reason": d.parent_reason or None,
            "pending": d.pending,
        }
    )


def _punishment(conversion: Conversion, p: Any) -> dict[str, Any]:
    conversion.names.person(p.requested_by)
    if p.subject:
        conversion.names.subject(p.subject, None)
    first = conversion.settings.hour_starts[0] if conversion.settings.hour_starts else time(8, 0)
    entry = _clean(
        {
            "nature": p.nature,
            "given": _moment(p.given_at or datetime.combine(p.given, time(0, 0))),
            "requested_by": p.requested_by,
            "reasons": list(p.reasons),
            "circumstances": p.circumstances,
            "homework": p.homework,
            "homework_documents": [conversion.documents.attachment(d) for d in p.homework_documents],
            "subject": p.subject,
            "sessions": [
                {
                    "date": s.day.isoformat(),
                    "start": hm(s.start.time() if s.start else first),
                    "minutes": s.minutes or 60,
                }
                for s in p.sessions
            ],
            "outside_lesson": not p.during_lesson,
            "exclusion": p.is_exclusion,
            "acknowledgement": p.needs_acknowledgement,
        }
    )
    if "requested_by" not in entry:
        entry["requested_by"] = ""
    if p.minutes is not None:
        entry["minutes"] = p.minutes
    return entry


def _observation(conversion: Conversion, o: Any) -> dict[str, Any]:
    conversion.names.person(o.teacher)
    if o.subject:
        conversion.names.subject(o.subject, None)
    kind = int(o.kind) if o.kind is not None and 0 <= int(o.kind) < len(OBSERVATION_KINDS) else 3
    entry = _clean(
        {
            "date": o.day.isoformat(),
            "kind": OBSERVATION_KINDS[kind],
            "title": o.title,
            "teacher": o.teacher,
            "subject": o.subject,
            "comment": o.comment,
            "read": o.read,
            "acknowledgement": o.needs_acknowledgement,
        }
    )
    entry.setdefault("teacher", "")
    entry.setdefault("title", "")
    return entry


def _measure(conversion: Conversion, m: Any) -> dict[str, Any]:
    for name in (m.decided_by, m.requested_by):
        conversion.names.person(name)
    entry = _clean(
        {
            "given": _moment(m.given or datetime.combine(m.start, time(0, 0))),
            "start": m.start.isoformat(),
            "end": m.end.isoformat(),
            "decided_by": m.decided_by,
            "decided_by_function": m.decided_by_function,
            "requested_by": m.requested_by,
            "nature": m.nature,
            "reasons": list(m.reasons),
            "circumstances": m.circumstances,
            "comment": m.comment,
            "exclusion": m.is_exclusion,
        }
    )
    entry.setdefault("decided_by", "")
    entry["forbidden_access"] = [FORBIDDEN_ACCESS[int(k)] for k in m.forbidden_access if 0 <= int(k) < 3]
    return entry


CHILD_LIFE = {"school_life": _life}
