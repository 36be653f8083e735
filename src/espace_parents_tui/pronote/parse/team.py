"""``PageEquipePedagogique``: the teachers and staff of a child (parent-features.md §10, pronotepy.md
§2 "Teaching team").

``liste`` holds people: ``G`` 3 a teacher (``matieres`` with ``volumeHoraire``), ``G`` 34 a member
of staff (``fonction``); other kinds are left out. ``email`` is given only where the school
publishes it.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.people import TaughtSubject, TeamMember
from espace_parents_tui.pronote.parse._read import Node, unwrap
from espace_parents_tui.pronote.parse.presence import element_label

FUNCTION = "PageEquipePedagogique"
TEACHER, STAFF = 3, 34


def _function(node: Node) -> str:
    raw = unwrap(node.data.get("fonction"))
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    return element_label(node, "fonction")


def _member(node: Node, kind: str) -> TeamMember:
    subjects = tuple(
        TaughtSubject(
            name=item.text("L"),
            weekly_hours=item.text("volumeHoraire", ""),
            parent_subject=element_label(item, "servicePere") or None,
        )
        for item in node.objs("matieres", required=False)
    )
    return TeamMember(
        id=node.ident("N", None),
        name=node.text("L"),
        kind=kind,
        subjects=subjects,
        function=_function(node),
        email=node.text("email", "") or None,
        is_main_teacher=node.flag("estProfesseurPrincipal"),
        is_tutor=node.flag("estTuteur"),
        has_left=node.flag("estEnleve"),
        position=node.integer("P", None),
    )


def parse_teaching_team(data: Any) -> tuple[TeamMember, ...]:
    """The decoded ``data`` of a ``PageEquipePedagogique`` answer → its members, in the server's order.

    Required: ``liste`` (may be empty). A person without ``G`` is a teacher when they teach a subject,
    else staff.
    """
    root = Node.root(data, FUNCTION)
    members = []
    for node in root.objs("liste"):
        genre = node.integer("G", None)
        if genre is None:
            genre = TEACHER if node.items("matieres", required=False) else STAFF
        if genre == TEACHER:
            members.append(_member(node, "teacher"))
        elif genre == STAFF:
            members.append(_member(node, "staff"))
    return tuple(members)
