"""``PageMenus``: the canteen's menus of a week (pronotepy.md §2 "Menus", pawnote-papillon.md §1.2)."""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Course, Dish, FoodTag, MealKind, Menu, MenuCourse
from espace_parents_tui.pronote.parse._read import Node

FUNCTION = "PageMenus"


def _tags(node: Node, key: str) -> tuple[FoodTag, ...]:
    return tuple(
        FoodTag(name=item.text("L", ""), color=item.text("couleur", None), id=item.ident("N", None))
        for item in node.objs(key, required=False)
    )


def _dish(node: Node) -> Dish:
    return Dish(
        name=node.text("L", ""),
        labels=_tags(node, "listeLabelsAlimentaires"),
        allergens=_tags(node, "listeAllergenesAlimentaire"),
        id=node.ident("N", None),
    )


def _course(node: Node) -> MenuCourse:
    kind = node.integer("G", int(Course.OTHER))
    try:
        known: Course | int = Course(kind)
    except ValueError:
        known = kind
    return MenuCourse(
        kind=known, dishes=tuple(_dish(item) for item in node.objs("ListeAliments", required=False))
    )


def _menu(node: Node, day: Any) -> Menu:
    kind = node.integer("G", int(MealKind.LUNCH))
    try:
        meal: MealKind | int = MealKind(kind)
    except ValueError:
        meal = kind
    return Menu(
        day=day,
        meal=meal,
        name=node.text("L", ""),
        courses=tuple(_course(item) for item in node.objs("ListePlats", required=False)),
        id=node.ident("N", None),
    )


def parse_menus(data: Any) -> list[Menu]:
    """The decoded ``data`` of a ``PageMenus`` answer → its meals, by day then lunch before dinner.

    Required: ``ListeJours`` (may be empty) and each day's ``Date``.
    """
    root = Node.root(data, FUNCTION)
    menus: list[Menu] = []
    for day_node in root.objs("ListeJours"):
        day = day_node.date("Date")
        menus.extend(_menu(meal, day) for meal in day_node.objs("ListeRepas", required=False))
    menus.sort(key=lambda m: (m.day, int(m.meal)))
    return menus
