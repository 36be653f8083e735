"""``PageMenus`` (tab 10): the canteen's menus of the week of a date.

Shapes from pronotepy.md §2 "Menus" and pawnote-papillon.md §1.2: the request is
``{date: {_T: 7, V: "dd/mm/yyyy 0:0:0"}}``; the answer lists the days of that week that have a menu,
``ListeJours[{Date, ListeRepas[{N, G (0 lunch, 1 dinner), L, ListePlats[{G (course), ListeAliments[{N,
L, listeLabelsAlimentaires, listeAllergenesAlimentaire}]}]}]}]``, plus the school's labels and
allergens. Inferred: the ``N`` of dishes and labels (table numbers not seen), ``DomaineDePresence``
left out, and the meal label ``L`` ("Déjeuner"/"Dîner" unless the school names the meal).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..school import COURSE_KINDS, MEAL_KINDS
from .contract import PageRequest, page
from .values import day_value, liste, parse_day

MENUS_TAB = 10
TABLE_MEAL = 73  # not seen in the recordings
TABLE_FOOD = 74  # not seen in the recordings
TABLE_FOOD_TAG = 75  # not seen in the recordings
MEAL_LABELS = {"dejeuner": "Déjeuner", "diner": "Dîner"}


def _tag(request: PageRequest, kind: str, tag: Any) -> dict[str, Any]:
    return {"N": request.ids.mint(TABLE_FOOD_TAG, f"{kind}:{tag.name}"), "L": tag.name, "couleur": tag.color}


@page("PageMenus", MENUS_TAB)
def page_menus(request: PageRequest) -> dict[str, Any]:
    school = request.school
    data = request.data if isinstance(request.data, dict) else {}
    day = parse_day(data.get("date")) or request.today
    monday = day - timedelta(days=day.weekday())
    labels = {t.name: t for t in school.food_labels}
    allergens = {t.name: t for t in school.allergens}
    by_day: dict[Any, list[Any]] = {}
    for meal in school.menus:
        if monday <= meal.date < monday + timedelta(days=7):
            by_day.setdefault(meal.date, []).append(meal)
    days = []
    for when in sorted(by_day):
        meals = sorted(by_day[when], key=lambda m: MEAL_KINDS.index(m.kind) if m.kind in MEAL_KINDS else 9)
        days.append(
            {
                "Date": day_value(when),
                "ListeRepas": liste([_meal(request, m, labels, allergens) for m in meals]),
            }
        )
    return {
        "AvecRepasMidi": any(m.kind == "dejeuner" for m in school.menus),
        "AvecRepasSoir": any(m.kind == "diner" for m in school.menus),
        "ListeJours": liste(days),
        "ListeAllergenes": liste([_tag(request, "allergen", t) for t in school.allergens]),
        "Listelabels": liste([_tag(request, "label", t) for t in school.food_labels]),
    }


def _meal(request: PageRequest, meal: Any, labels: dict, allergens: dict) -> dict[str, Any]:
    ids = request.ids
    meal_key = f"meal:{meal.date.isoformat()}:{meal.kind}"
    courses: dict[int, list[dict[str, Any]]] = {}
    for number, dish in enumerate(meal.dishes):
        kind = COURSE_KINDS.index(dish.course) if dish.course in COURSE_KINDS else 3
        courses.setdefault(kind, []).append(
            {
                "N": ids.mint(TABLE_FOOD, f"{meal_key}:{number}"),
                "L": dish.name,
                "listeLabelsAlimentaires": liste(
                    [_tag(request, "label", labels[n]) for n in dish.labels if n in labels]
                ),
                "listeAllergenesAlimentaire": liste(
                    [_tag(request, "allergen", allergens[n]) for n in dish.allergens if n in allergens]
                ),
            }
        )
    return {
        "N": ids.mint(TABLE_MEAL, meal_key),
        "G": MEAL_KINDS.index(meal.kind) if meal.kind in MEAL_KINDS else 0,
        "L": meal.name or MEAL_LABELS.get(meal.kind, ""),
        "ListePlats": liste(
            [{"G": kind, "ListeAliments": liste(foods)} for kind, foods in sorted(courses.items())]
        ),
    }
