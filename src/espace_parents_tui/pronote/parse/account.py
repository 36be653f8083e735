"""``ParametresUtilisateur``: the parent, the children, the tabs and permissions (pronotepy.md §1.8–1.9)."""

from __future__ import annotations

from datetime import date
from typing import Any

from espace_parents_tui.models import (
    Child,
    ChildClass,
    ChildTabPeriods,
    Period,
    Reason,
    SchoolSettings,
    UserAccount,
)
from espace_parents_tui.pronote.parse._read import Node, unwrap

FUNCTION = "ParametresUtilisateur"


def flatten_tabs(tree: Any) -> frozenset[int]:
    """Every tab number in a ``listeOnglets``-like tree.

    Takes the integer ``G`` of every object at any depth (``{G, Onglet: [...]}``, plain lists,
    ``{_T, V}`` wrappers…) and the bare integers found in lists (``listeOngletsInvisibles``
    is ``[90, 250, 288]``). Anything else is ignored.
    """
    found: set[int] = set()
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            genre = node.get("G")
            if type(genre) is int:
                found.add(genre)
            stack.extend(value for value in node.values() if isinstance(value, dict | list))
        elif isinstance(node, list):
            for item in node:
                if type(item) is int:
                    found.add(item)
                elif isinstance(item, dict | list):
                    stack.append(item)
    return frozenset(found)


def flatten_permissions(tree: Any, prefix: str = "") -> dict[str, bool | int | float | str]:
    """``{"compte": {"avecSaisieMotDePasse": true}}`` → ``{"compte.avecSaisieMotDePasse": True}``.

    Typed wrappers read as their value (``cours.domaineConsultationEDT`` → ``"[1..62]"``). Lists,
    nulls and empty objects give no entry.
    """
    flat: dict[str, bool | int | float | str] = {}
    stack: list[tuple[str, Any]] = [(prefix, tree)]
    while stack:
        path, node = stack.pop()
        node = unwrap(node)
        if isinstance(node, dict):
            for key, value in node.items():
                stack.append((f"{path}.{key}" if path else str(key), value))
        elif isinstance(node, bool | int | float | str) and path:
            flat[path] = node
    return dict(sorted(flat.items()))


def _child_period(node: Node, settings: SchoolSettings | None) -> Period:
    """A period offered for one tab: ``{N, L, G}``; its dates come from ``FonctionParametres``.

    The dates are, in order: the entry's own ``dateDebut``/``dateFin`` if the server sends them,
    the settings period with the same ``N``, then with the same name, then the school year. With no
    settings and no match they are ``date.min``/``date.max`` (unknown).
    """
    ident = node.ident("N", "")
    name = node.text("L")
    kind = node.integer("G", None)
    if node.has("dateDebut") and node.has("dateFin"):
        return Period(ident, name, node.date("dateDebut"), node.date("dateFin"), kind)
    start, end = date.min, date.max
    if settings is not None:
        start, end = settings.first_date, settings.last_date
        match = next((p for p in settings.periods if ident and p.id == ident), None)
        match = match or next((p for p in settings.periods if p.name == name), None)
        if match is not None:
            start, end = match.start, match.end
    return Period(id=ident, name=name, start=start, end=end, kind=kind)


def _tab_periods(entry: Node, settings: SchoolSettings | None) -> ChildTabPeriods:
    default = entry.opt_obj("periodeParDefaut")
    return ChildTabPeriods(
        tab=entry.integer("G"),
        periods=tuple(_child_period(p, settings) for p in entry.objs("listePeriodes", required=False)),
        default_period_id=default.ident("N", None) if default is not None else None,
    )


def _child(node: Node, settings: SchoolSettings | None) -> Child:
    klass = node.opt_obj("classeDEleve")
    school = node.opt_obj("Etablissement")
    return Child(
        id=node.ident("N"),
        name=node.text("L"),
        class_name=klass.text("L", "") if klass is not None else "",
        school=school.text("L", "") if school is not None else "",
        groups=tuple(group.text("L") for group in node.objs("listeGroupes", required=False)),
        tab_periods=tuple(
            _tab_periods(entry, settings) for entry in node.objs("listeOngletsPourPeriodes", required=False)
        ),
        classes=tuple(
            ChildClass(entry.ident("N"), entry.text("L", ""), entry.flag("courant"))
            for entry in node.objs("listeClassesHistoriques", required=False)
            if entry.has("N")
        ),
    )


def _reasons(root: Node, key: str) -> tuple[Reason, ...]:
    return tuple(
        Reason(
            id=entry.ident("N"),
            label=entry.text("L"),
            needs_justification=entry.flag("justificationObligatoire"),
        )
        for entry in root.objs(key, required=False)
    )


def parse_user_account(data: Any, settings: SchoolSettings | None = None) -> UserAccount:
    """The decoded ``data`` of a ``ParametresUtilisateur`` answer → :class:`UserAccount`.

    A parent's ``ressource`` lists the children in ``listeRessources``; a student's has none and is
    itself the only child. ``settings`` (from ``FonctionParametres``) gives the period dates.
    Required: ``ressource`` with its ``L`` and ``listeOnglets``.
    """
    root = Node.root(data, FUNCTION)
    resource = root.obj("ressource")
    name = resource.text("L")
    if resource.has("listeRessources"):
        children = tuple(_child(child, settings) for child in resource.objs("listeRessources"))
    else:
        children = (_child(resource, settings),)

    tabs_tree = root.raw("listeOnglets")
    if not isinstance(tabs_tree, list | dict):
        root.fail("listeOnglets", "liste attendue")
    hidden = root.raw("listeOngletsInvisibles", [])
    if not isinstance(hidden, list | dict):
        root.fail("listeOngletsInvisibles", "liste attendue")

    permissions = root.raw("autorisations", {})
    if not isinstance(permissions, dict):
        root.fail("autorisations", "objet attendu")

    return UserAccount(
        name=name,
        children=children,
        tabs=flatten_tabs(tabs_tree),
        hidden_tabs=flatten_tabs(hidden),
        absence_reasons=_reasons(root, "listeMotifsAbsences"),
        delay_reasons=_reasons(root, "listeMotifsRetards"),
        # The password rules ride along (``reglesSaisieMotDePasse.min``…, parent-features.md §1.4).
        permissions=flatten_permissions({**permissions, "reglesSaisieMotDePasse": _rules(root)}),
        declare_absence_days=_declare_days(resource),
    )


def _rules(root: Node) -> Any:
    rules = root.raw("reglesSaisieMotDePasse", None)
    return rules if isinstance(rules, dict) else {}


def _declare_days(resource: Node) -> int | None:
    """``ressource.nbMaxJoursDeclarationAbsence`` (parent-features.md §2.4); None when absent."""
    days = resource.integer("nbMaxJoursDeclarationAbsence", None)
    if days is not None and not 0 <= days <= 3660:
        resource.fail("nbMaxJoursDeclarationAbsence", f"nombre de jours impossible ({days})")
    return days
