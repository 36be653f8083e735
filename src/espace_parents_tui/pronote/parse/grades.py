"""``DernieresNotes``: grades and averages of one period (pronotepy.md §2 "Grades")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from espace_parents_tui.models import Grade, GradeReport, Subject, SubjectAverage
from espace_parents_tui.pronote.parse._read import Node

FUNCTION = "DernieresNotes"


def parse_subject(node: Node) -> Subject:
    """A service ``{N, L, estServiceGroupe, couleur}`` → :class:`Subject`."""
    return Subject(
        name=node.text("L"),
        id=node.ident("N", None),
        is_group=node.flag("estServiceGroupe"),
        color=node.text("couleur", None),
    )


def _out_of(node: Node, key: str, *, required: bool = False, default: float | None = None) -> Any:
    """A scale (barème): a positive number."""
    value = node.number(key) if required else node.number(key, default)
    if value is not None and value <= 0:
        node.fail(key, f"barème impossible ({value})")
    return value


def _sub_subjects(services: list[Node]) -> dict[str, Subject]:
    """Sub-subjects by their ``N`` and label: each entry flagged ``estSousService`` belongs to the
    entry flagged ``estServicePereAvecSousService`` before it (the order PRONOTE's own client reads
    them in); its ``coefficient`` is its weight in that subject's average."""
    found: dict[str, Subject] = {}
    parent: str | None = None
    for node in services:
        if node.flag("estServicePereAvecSousService"):
            parent = node.text("L")
        elif node.flag("estSousService"):
            if parent is None:
                node.fail("estSousService", "sous-matière sans matière avant elle")
            coefficient = node.number("coefficient", 1.0)
            if coefficient < 0:
                node.fail("coefficient", f"coefficient impossible ({coefficient})")
            subject = replace(parse_subject(node), parent=parent, coefficient=coefficient)
            found[subject.name] = subject
            if subject.id:
                found[subject.id] = subject
        else:
            parent = None
    return found


def _in_parent(subject: Subject, subs: dict[str, Subject]) -> Subject:
    sub = subs.get(subject.id or "") or subs.get(subject.name)
    return replace(subject, parent=sub.parent, coefficient=sub.coefficient) if sub else subject


def _grade(node: Node, period_id: str | None) -> Grade:
    if not node.has("note"):
        node.fail("note", "champ absent")
    coefficient = node.number("coefficient", 1.0)
    if coefficient < 0:
        node.fail("coefficient", f"coefficient impossible ({coefficient})")
    period = node.opt_obj("periode")
    return Grade(
        id=node.ident("N"),
        subject=parse_subject(node.obj("service")),
        day=node.date("date"),
        mark=node.mark("note"),
        out_of=_out_of(node, "bareme", required=True),
        default_out_of=_out_of(node, "baremeParDefaut"),
        coefficient=coefficient,
        class_average=node.mark("moyenne"),
        class_min=node.mark("noteMin"),
        class_max=node.mark("noteMax"),
        comment=node.text("commentaire", ""),
        is_bonus=node.flag("estBonus"),
        is_optional=node.flag("estFacultatif"),
        scaled_to_20=node.flag("estRamenerSur20"),
        period_id=period.ident("N", period_id) if period is not None else period_id,
    )


def _average(node: Node) -> SubjectAverage:
    # A missing or empty moyEleve is an average the school has not published: Mark(), never 0.
    return SubjectAverage(
        subject=parse_subject(node),
        student=node.mark("moyEleve"),
        class_average=node.mark("moyClasse"),
        class_min=node.mark("moyMin"),
        class_max=node.mark("moyMax"),
        out_of=_out_of(node, "baremeMoyEleve", default=20.0),
    )


def parse_grades(data: Any, period_id: str | None = None) -> GradeReport:
    """The decoded ``data`` of a ``DernieresNotes`` answer → :class:`GradeReport`.

    ``period_id`` is the period that was asked for; it is also the period of every grade that
    does not name its own. Required: ``listeDevoirs`` (may be empty). ``listeServices`` and the
    overall averages are optional; what is missing is "not published".
    """
    root = Node.root(data, FUNCTION)
    services = list(root.objs("listeServices", required=False))
    subs = _sub_subjects(services)
    grades = tuple(_grade(node, period_id) for node in root.objs("listeDevoirs"))
    grades = tuple(replace(g, subject=_in_parent(g.subject, subs)) for g in grades)
    averages = tuple(_average(node) for node in services)
    averages = tuple(replace(a, subject=_in_parent(a.subject, subs)) for a in averages)
    return GradeReport(
        period_id=period_id,
        grades=grades,
        averages=averages,
        overall=root.mark("moyGenerale"),
        class_overall=root.mark("moyGeneraleClasse"),
    )
