"""School-file checks for the cahier de textes, the menus and the agenda (called by ``validate_school``).

Each check gives French messages "« chemin » : problème", like the rest of the file's validation.
"""

from __future__ import annotations

import re

from .model import School
from .records import COURSE_KINDS, EVENT_KINDS, HAND_IN_KINDS, MEAL_KINDS, Attachment

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def _attachments(school: School, items: list[Attachment], where: str) -> list[str]:
    documents = {d.key for d in school.documents}
    problems = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        if (item.document is None) == (item.url is None):
            problems.append(f"« {at} » : donner soit « document », soit « url ».")
        elif item.document is not None and item.document not in documents:
            problems.append(f"« {at}.document » : aucun document n'a la clé « {item.document} ».")
    return problems


def check_schoolwork(school: School) -> list[str]:
    problems: list[str] = []

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    subjects = {s.name for s in school.subjects}
    for i, child in enumerate(school.children):
        for j, item in enumerate(child.homework):
            where = f"children[{i}].homework[{j}]"
            check(item.subject in subjects, f"{where}.subject", f"matière inconnue « {item.subject} ».")
            check(item.given <= item.due, f"{where}.due", "à rendre avant d'avoir été donné.")
            check(item.hand_in in HAND_IN_KINDS, f"{where}.hand_in", f"« {item.hand_in} » inconnu.")
            check(0 <= item.difficulty <= 3, f"{where}.difficulty", "de 0 à 3.")
            check(item.minutes >= 0, f"{where}.minutes", "durée négative.")
            if item.given_start is not None:
                starts = {o.start for o in school.lessons_on(child, item.given) if o.kind == "cours"}
                check(
                    item.given_start in starts,
                    f"{where}.given_start",
                    f"aucun cours le {item.given.isoformat()} à {item.given_start:%H:%M}.",
                )
            problems += _attachments(school, item.attachments, f"{where}.attachments")
        for j, content in enumerate(child.lesson_contents):
            where = f"children[{i}].lesson_contents[{j}]"
            starts = {o.start for o in school.lessons_on(child, content.date) if o.kind == "cours"}
            check(
                content.start in starts,
                where,
                f"aucun cours le {content.date.isoformat()} à {content.start:%H:%M}.",
            )
            problems += _attachments(school, content.attachments, f"{where}.attachments")
    for i, book in enumerate(school.textbooks):
        check(book.subject in subjects, f"textbooks[{i}].subject", f"matière inconnue « {book.subject} ».")
    tags = {}
    for field_name in ("food_labels", "allergens"):
        seen: set[str] = set()
        for i, tag in enumerate(getattr(school, field_name)):
            check(tag.name not in seen, f"{field_name}[{i}]", f"« {tag.name} » apparaît deux fois.")
            check(bool(_COLOR.fullmatch(tag.color)), f"{field_name}[{i}].color", "couleur #RRGGBB attendue.")
            seen.add(tag.name)
        tags[field_name] = seen
    for i, meal in enumerate(school.menus):
        where = f"menus[{i}]"
        check(meal.kind in MEAL_KINDS, f"{where}.kind", f"« {meal.kind} » inconnu ({', '.join(MEAL_KINDS)}).")
        for j, dish in enumerate(meal.dishes):
            at = f"{where}.dishes[{j}]"
            check(
                dish.course in COURSE_KINDS,
                f"{at}.course",
                f"« {dish.course} » inconnu ({', '.join(COURSE_KINDS)}).",
            )
            for name in dish.labels:
                check(name in tags["food_labels"], f"{at}.labels", f"label inconnu « {name} ».")
            for name in dish.allergens:
                check(name in tags["allergens"], f"{at}.allergens", f"allergène inconnu « {name} ».")
    classes = {c.name for c in school.classes}
    for i, event in enumerate(school.events):
        where = f"events[{i}]"
        check(
            event.kind in EVENT_KINDS,
            f"{where}.kind",
            f"« {event.kind} » inconnu ({', '.join(EVENT_KINDS)}).",
        )
        check(event.start <= event.end, where, "l'événement finit avant de commencer.")
        for name in event.classes:
            check(name in classes, f"{where}.classes", f"classe inconnue « {name} ».")
        check(
            event.color is None or bool(_COLOR.fullmatch(event.color)),
            f"{where}.color",
            "couleur #RRGGBB attendue.",
        )
        problems += _attachments(school, event.attachments, f"{where}.attachments")
    return problems
