"""``PageEquipePedagogique`` (tab 37): the teachers and staff of a child.

Shape: ``reference/parent-features.md`` §10 and ``pronotepy.md`` §2 "Teaching team" (no recording):
``liste`` of people, ``G`` 3 for a teacher (``matieres`` with the weekly hours ``volumeHoraire``
"XhYY", ``estProfesseurPrincipal``) and ``G`` 34 for staff (``fonction``); ``email`` only for the
people whose e-mail the school gives (``Teacher.email``, ``Staff.email``). The parent sends no data.

The teachers are those of the child's weekly timetable, in the order of the school's subjects; then
the school's staff, in the school file's order.
"""

from __future__ import annotations

from typing import Any

from .contract import PageRequest, page
from .values import TABLE_SUBJECT, liste, request_child, typed

TEAM_TAB = 37
TABLE_PERSON = 3
TABLE_FUNCTION = 62


def hours_label(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}"


@page("PageEquipePedagogique", TEAM_TAB)
def page_equipe_pedagogique(request: PageRequest) -> dict[str, Any]:
    school, ids = request.school, request.ids
    child = request_child(request)
    order = {s.name: i for i, s in enumerate(school.subjects)}
    main = next((c.main_teacher for c in school.classes if c.name == child.class_name), None)
    emails = {t.name: t.email for t in school.teachers}
    # teacher -> subject -> weekly minutes
    taught: dict[str, dict[str, int]] = {}
    for lesson in sorted(child.timetable, key=lambda les: order.get(les.subject, len(order))):
        subjects = taught.setdefault(lesson.teacher, {})
        subjects[lesson.subject] = subjects.get(lesson.subject, 0) + lesson.minutes
    if child.team is not None:
        return {"liste": liste(_shown_team(request, child.team))}
    people = []
    for position, (name, subjects) in enumerate(taught.items(), start=1):
        entry: dict[str, Any] = {
            "N": ids.mint(TABLE_PERSON, f"person:{name}"),
            "L": name,
            "G": 3,
            "P": position,
            "estEnleve": False,
            "estProfesseurPrincipal": name == main,
            "estTuteur": False,
            "matieres": liste(
                [
                    {
                        "N": ids.mint(TABLE_SUBJECT, f"subject:{subject}"),
                        "L": subject,
                        "volumeHoraire": hours_label(minutes),
                        "estUneSousMatiere": False,
                        "libelleMatiere": subject,
                    }
                    for subject, minutes in subjects.items()
                ]
            ),
        }
        if emails.get(name):
            entry["email"] = emails[name]
        people.append(entry)
    for position, member in enumerate(school.staff, start=len(people) + 1):
        entry = {
            "N": ids.mint(TABLE_PERSON, f"person:{member.name}"),
            "L": member.name,
            "G": 34,
            "P": position,
            "estEnleve": False,
            "estProfesseurPrincipal": False,
            "fonction": typed(
                24, {"N": ids.mint(TABLE_FUNCTION, f"function:{member.function}"), "L": member.function}
            ),
            "matieres": liste([]),
        }
        if member.email:
            entry["email"] = member.email
        people.append(entry)
    return {"liste": liste(people)}


def _shown_team(request: PageRequest, team: list[Any]) -> list[dict[str, Any]]:
    """The team as a support bundle recorded it: each member in order, as the page listed them."""
    ids, people = request.ids, []
    for position, member in enumerate(team, start=1):
        entry: dict[str, Any] = {
            "N": ids.mint(TABLE_PERSON, f"person:{member.name}"),
            "L": member.name,
            "G": 34 if member.kind == "staff" else 3,
            "P": position,
            "estEnleve": member.left,
            "estProfesseurPrincipal": member.main_teacher,
            "estTuteur": member.tutor,
            "matieres": liste(
                [
                    {
                        "N": ids.mint(TABLE_SUBJECT, f"subject:{subject.name}"),
                        "L": subject.name,
                        "volumeHoraire": subject.hours,
                        "estUneSousMatiere": False,
                        "libelleMatiere": subject.name,
                    }
                    for subject in member.subjects
                ]
            ),
        }
        if member.function:
            entry["fonction"] = typed(
                24, {"N": ids.mint(TABLE_FUNCTION, f"function:{member.function}"), "L": member.function}
            )
        if member.email:
            entry["email"] = member.email
        people.append(entry)
    return people
