"""The school's own lists in the school file: the canteen's menus and the agenda's events.

Both are the same for every child in the file; the cache keeps them per child (a child sees the
events of its class). Menus of all children are merged by day and meal; an event every child sees is
for the whole school, one only some children see names their classes.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.menus import Menu
from espace_parents_tui.service.support.collect import Conversion, color_of, merge_orders

COURSE_KINDS = ("entree", "plat", "accompagnement", "autre", "dessert", "fromage")  # ListePlats[].G
MEAL_KINDS = ("dejeuner", "diner")
MEAL_LABELS = {"dejeuner": "Déjeuner", "diner": "Dîner"}
EVENT_KINDS = {0: "evenement", 2: "conseil_de_classe", 7: "rencontre_parents_professeurs", 8: "sortie"}
EVENT_KINDS |= {14: "election", 16: "jour_ferie"}
EVENT_COLORS = {
    "evenement": "#7FB2E5",
    "conseil_de_classe": "#E5A17F",
    "rencontre_parents_professeurs": "#A5D6A7",
    "sortie": "#40A0A0",
    "election": "#CE93D8",
    "jour_ferie": "#BDBDBD",
}


def _menus(conversion: Conversion, account: Any) -> None:
    meals: dict[tuple, dict[str, Any]] = {}
    tags: dict[str, dict[str, str]] = {"food_labels": {}, "allergens": {}}
    for child in account.children:
        for week in conversion.values("menus", child):
            menu: Menu
            for menu in week:
                kind = MEAL_KINDS[int(menu.meal)] if 0 <= int(menu.meal) < len(MEAL_KINDS) else "dejeuner"
                if (menu.day, kind) in meals:
                    continue
                dishes = []
                for course in menu.courses:
                    for dish in course.dishes:
                        entry: dict[str, Any] = {
                            "course": COURSE_KINDS[int(course.kind)]
                            if 0 <= int(course.kind) < 6
                            else "autre",
                            "name": dish.name,
                        }
                        for field, found in (("labels", dish.labels), ("allergens", dish.allergens)):
                            kept = "food_labels" if field == "labels" else "allergens"
                            for tag in found:
                                tags[kept].setdefault(tag.name, color_of(tag.color) or "#FFFFFF")
                            if found:
                                entry[field] = [tag.name for tag in found]
                        dishes.append(entry)
                meal: dict[str, Any] = {"date": menu.day.isoformat(), "dishes": dishes}
                if kind != "dejeuner":
                    meal["kind"] = kind
                if menu.name and menu.name != MEAL_LABELS[kind]:
                    meal["name"] = menu.name
                meals[(menu.day, kind)] = meal
    if meals:
        conversion.extra["menus"] = [meals[key] for key in sorted(meals)]
    for name, found in tags.items():
        if found:
            conversion.extra[name] = [{"name": n, "color": c} for n, c in found.items()]


def _calendar(conversion: Conversion, account: Any) -> None:
    events: dict[tuple, dict[str, Any]] = {}
    classes: dict[tuple, list[str]] = {}
    orders: list[list[tuple]] = []
    for child in account.children:
        values = conversion.values("calendar", child)
        if not values:
            continue
        order = []
        for event in values[-1].events:
            key = (event.title, event.start, event.end, int(event.kind))
            order.append(key)
            events.setdefault(key, _event(conversion, event))
            if child.class_name not in classes.setdefault(key, []):
                classes[key].append(child.class_name)
        orders.append(order)
    if not events:
        return
    every = sorted({child.class_name for child in account.children})
    kept = []
    for key in merge_orders(list(events), orders):
        entry = events[key]
        if sorted(classes[key]) != every:
            entry["classes"] = classes[key]
        kept.append(entry)
    conversion.extra["events"] = kept


def _event(conversion: Conversion, event: Any) -> dict[str, Any]:
    kind = EVENT_KINDS.get(int(event.kind), "evenement")
    entry: dict[str, Any] = {
        "title": event.title,
        "start": event.start.strftime("%Y-%m-%dT%H:%M"),
        "end": event.end.strftime("%Y-%m-%dT%H:%M"),
    }
    if kind != "evenement":
        entry["kind"] = kind
    if event.all_day:
        entry["all_day"] = True
    if event.comment:
        entry["comment"] = event.comment
    color = color_of(event.color)
    if color and color != EVENT_COLORS[kind]:
        entry["color"] = color
    if event.attachments:
        entry["attachments"] = [conversion.documents.attachment(a) for a in event.attachments]
    return entry


ACCOUNT_SCHOOL = {"menus": _menus, "calendar": _calendar}
