"""``PageAccueil``: what the home page tells about absent teachers and lessons not held
(parent-features.md §11, pawnote-papillon.md §1.2).

Each widget comes back only if the server fills it: ``personnelsAbsents``, ``coursNonAssures``,
``modificationsEDT``. Real parent servers may send none of them (parent-features.md §17); then the
lists are empty.

The summary widgets (``notes``, ``competences``, ``vieScolaire``, ``travailAFaire``, ``discussions``,
``actualites``; names from ``EGenreWidget``, §11; their content never recorded, so every field read
here is a guess) are kept as :class:`HomeWidget` fingerprints, for a sync to tell whether a section
changed since it last read it. A widget is kept only when it carries its list (``listeDevoirs``…):
anything else is ambiguous and dropped, and the section is then read again. Other keys are ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from espace_parents_tui.models.school_life import (
    AbsentStaff,
    HomePage,
    HomeWidget,
    LessonNotHeld,
    StaffAbsence,
    TimetableChange,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.presence import element_label

FUNCTION = "PageAccueil"


def _absent_staff(widget: Node) -> tuple[AbsentStaff, ...]:
    return tuple(
        AbsentStaff(
            name=person.text("L"),
            absences=tuple(
                StaffAbsence(
                    start=absence.datetime("dateDebutAbsence", None),
                    detail=absence.text("detailAbsence", ""),
                )
                for absence in person.objs("absences", required=False)
            ),
        )
        for person in widget.objs("listePersonnelsAbsents", required=False)
    )


def _lessons_not_held(widget: Node) -> tuple[LessonNotHeld, ...]:
    return tuple(
        LessonNotHeld(
            teacher=element_label(lesson, "professeur"),
            when=lesson.datetime("dateDuCours", None),
            start_label=lesson.text("strDebut", ""),
            class_name=lesson.text("strClasse", ""),
            room=lesson.text("strSalle", ""),
            replacement=lesson.text("strRemplacement", ""),
        )
        for lesson in widget.objs("listeCoursNonAssures", required=False)
    )


def _changes(widget: Node) -> tuple[TimetableChange, ...]:
    found = []
    for change in widget.objs("listeModificationsEDT", required=False):
        lesson = change.opt_obj("cours")
        found.append(
            TimetableChange(
                label=change.text("L", ""),
                when=lesson.datetime("DateDuCours", None) if lesson is not None else None,
                lesson_id=lesson.ident("N", None) if lesson is not None else None,
                cancelled=change.flag("estAnnulationCours"),
                arrangement=change.text("strAmenagement", ""),
                audience=change.text("strPublic", ""),
            )
        )
    return tuple(found)


# Summary widget -> the list it must carry to be taken into account (guessed, see the docstring).
SUMMARY_WIDGETS = {
    "notes": "listeDevoirs",
    "competences": "listeEvaluations",
    "vieScolaire": "listeEvenements",
    "travailAFaire": "listeTravaux",
    "discussions": "listeDiscussions",
    "actualites": "listeActualites",
}


def _without_ids(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_ids(v) for k, v in value.items() if k != "N"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _summaries(root: Node, asked: Mapping[str, str]) -> tuple[HomeWidget, ...]:
    found = []
    for kind, list_key in SUMMARY_WIDGETS.items():
        widget = root.data.get(kind)
        if not isinstance(widget, Mapping):
            continue
        listed = widget.get(list_key)
        listed = listed.get("V") if isinstance(listed, Mapping) else listed
        if not isinstance(listed, list):
            continue  # not the widget we know: ambiguous
        period = widget.get("periode")
        period = period.get("V", period) if isinstance(period, Mapping) else None
        label = period.get("L") if isinstance(period, Mapping) else None
        text = json.dumps(_without_ids(widget), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        found.append(
            HomeWidget(
                kind=kind,
                fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest()[:32],
                scope=label if isinstance(label, str) else asked.get(kind, ""),
            )
        )
    return tuple(found)


def parse_home(data: Any, asked: Mapping[str, str] | None = None) -> HomePage:
    """The decoded ``data`` of a ``PageAccueil`` answer → :class:`HomePage` (every widget optional).

    ``asked``: the scope of a widget asked from a day (``travailAFaire``: that day, ISO), for the
    widgets that name none themselves."""
    root = Node.root(data, FUNCTION)
    absent = root.opt_obj("personnelsAbsents")
    not_held = root.opt_obj("coursNonAssures")
    changes = root.opt_obj("modificationsEDT")
    return HomePage(
        absent_staff=_absent_staff(absent) if absent is not None else (),
        lessons_not_held=_lessons_not_held(not_held) if not_held is not None else (),
        timetable_changes=_changes(changes) if changes is not None else (),
        widgets=_summaries(root, asked or {}),
    )
