"""``LivretScolaire`` (tab 83, parent-features.md §9).

Seen in PRONOTE's client (confidence A): only the top-level fields (``strInfoDatePublication``,
``avecJauge``, ``listeAccusesReception``, …). **Guessed** (reference §17) and read here:
``classe {N, L}``, ``strAnnee``, ``listeNiveaux[{G, L}]``, ``listeServices[{L,
appreciationAnnuelle, listeCompetences[{L, niveau{G}}]}]``, ``listeDomaines[{L, niveau{G}}]``,
``appreciationGenerale``. Every guessed field is optional: a reply without them is a livret with
no content, not an error. A reply with only a ``Message`` is "nothing for this class".
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.livret import LivretCompetence, LivretDomain, LivretSubject, LivretYear
from espace_parents_tui.pronote.parse._read import Node

FUNCTION = "LivretScolaire"
CONTENT = ("listeServices", "listeDomaines", "strInfoDatePublication", "appreciationGenerale")


def _level(node: Node, labels: dict[int, str]) -> tuple[int | None, str]:
    level = node.opt_obj("niveau")
    if level is None:
        return None, ""
    number = level.integer("G", None)
    return number, level.text("L", "") or labels.get(number, "")


def parse_livret_year(data: Any, class_name: str = "") -> LivretYear | None:
    """The decoded ``data`` of a ``LivretScolaire`` answer → :class:`LivretYear`, or None when the
    server has no livret for this class (``Message`` only)."""
    root = Node.root(data, FUNCTION)
    if not any(root.has(key) for key in CONTENT):
        return None
    labels = {n.integer("G", 0): n.text("L", "") for n in root.objs("listeNiveaux", required=False)}
    klass = root.opt_obj("classe")
    subjects = []
    for item in root.objs("listeServices", required=False):
        competences = []
        for competence in item.objs("listeCompetences", required=False):
            level, label = _level(competence, labels)
            competences.append(LivretCompetence(competence.text("L", ""), level, label))
        subjects.append(
            LivretSubject(item.text("L", ""), tuple(competences), item.text("appreciationAnnuelle", ""))
        )
    domains = []
    for item in root.objs("listeDomaines", required=False):
        level, label = _level(item, labels)
        domains.append(LivretDomain(item.text("L", ""), level, label))
    return LivretYear(
        year=root.text("strAnnee", ""),
        class_name=(klass.text("L", "") if klass is not None else "") or class_name,
        publication=root.text("strInfoDatePublication", ""),
        subjects=tuple(subjects),
        domains=tuple(domains),
        appreciation=root.text("appreciationGenerale", ""),
    )


def livret_message(data: Any) -> str:
    root = Node.root(data, FUNCTION)
    for key in ("Message", "message"):
        value = root.text(key, "")
        if value:
            return value
    return ""
