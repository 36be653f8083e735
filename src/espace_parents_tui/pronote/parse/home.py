"""``PageAccueil``: what the home page tells about absent teachers and lessons not held
(parent-features.md §11, pawnote-papillon.md §1.2).

Each widget comes back only if the server fills it: ``personnelsAbsents``, ``coursNonAssures``,
``modificationsEDT``. Real parent servers may send none of them (parent-features.md §17); then the
lists are empty. Other widgets of the answer are ignored.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.school_life import (
    AbsentStaff,
    HomePage,
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


def parse_home(data: Any) -> HomePage:
    """The decoded ``data`` of a ``PageAccueil`` answer → :class:`HomePage` (every widget optional)."""
    root = Node.root(data, FUNCTION)
    absent = root.opt_obj("personnelsAbsents")
    not_held = root.opt_obj("coursNonAssures")
    changes = root.opt_obj("modificationsEDT")
    return HomePage(
        absent_staff=_absent_staff(absent) if absent is not None else (),
        lessons_not_held=_lessons_not_held(not_held) if not_held is not None else (),
        timetable_changes=_changes(changes) if changes is not None else (),
    )
