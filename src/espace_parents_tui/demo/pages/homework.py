"""Cahier de textes: ``PageCahierDeTexte`` (tab 88 homework, tab 89 lesson contents) and
``SaisieTAFFaitEleve`` (tab 88, ticking homework done).

Shapes from pawnote-papillon.md §1.2 and pronotepy.md §2 ("Homework", "Lesson content"):

- the request names the weeks, ``{domaine: {_T: 8, V: "[w1..w2]"}}``, counted from ``PremierLundi``;
- tab 88 answers ``ListeTravauxAFaire`` (homework *due* in those weeks) and, as the desktop page
  does (parent-features.md §8), the digital textbooks under ``ListeRessourcesNumeriques``;
- tab 89 answers ``ListeCahierDeTextes``: the lessons of those weeks that have contents. Each names
  its timetable lesson in ``cours.N`` (the ``N`` of ``PageEmploiDuTemps``) and its own ``N`` is the
  ``cahierDeTextes.N`` the timetable gives (key ``"cdt:<child>:<date>:<HH:MM>"``); homework names the
  lesson it was given in the same way.

Inferred (not in the references): the table numbers of homework, contents and themes, the ``G`` of
the content categories other than "Devoir sur table" (3, seen in a timetable recording), the unit of
``duree`` (minutes), and the empty answer of ``SaisieTAFFaitEleve``. pronotepy.md §2 says it is not
known whether a parent may tick homework done; this server lets them, and keeps the flag in
``request.state`` for the rest of its run.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from ..school import HAND_IN_KINDS, LessonOccurrence
from .contract import PageFault, PageRequest, page
from .files import attachment_value
from .values import (
    FAULT_ACCESS_DENIED,
    FAULT_PAGE_UNAVAILABLE,
    TABLE_GROUP,
    TABLE_LESSON,
    TABLE_LESSON_TEXT,
    TABLE_SUBJECT,
    day_value,
    liste,
    moment_value,
    request_child,
    resolve,
    typed,
)

HOMEWORK_TAB = 88
CONTENTS_TAB = 89
TABLE_HOMEWORK = 88  # not seen in the recordings
TABLE_CONTENT = 89  # not seen in the recordings
TABLE_THEME = 142  # not seen in the recordings
TABLE_CATEGORY = 90  # not seen in the recordings
TABLE_RESOURCE = 159  # not seen in the recordings
HTML = 21  # TypeHttpVariable Html (parent-features.md §1.2)
MAX_WEEK = 60

# Content categories: "Devoir sur table" is 3 in the recordings; the others are inferred.
CATEGORY_KINDS = {
    "Cours": 1,
    "Correction": 2,
    "Devoir sur table": 3,
    "Exercices": 4,
    "Interrogation orale": 5,
    "Travaux dirigés": 6,
    "Travaux pratiques": 7,
    "Devoir maison": 8,
}
CATEGORY_ICONS = {"Devoir sur table": "DS"}
DONE_STATE = "homework_done"

_DOMAIN_RE = re.compile(r"\s*\[\s*([0-9.,\s]*)\]\s*")


def requested_weeks(request: PageRequest) -> set[int]:
    """The week numbers of ``domaine`` (``_T`` 8, "[1..3,5]"); the week of ``today`` without one."""
    data = request.data if isinstance(request.data, dict) else {}
    raw = data.get("domaine")
    if raw is None:
        return {request.school.week_number(request.today)}
    if isinstance(raw, dict):
        raw = raw.get("V")
    match = _DOMAIN_RE.fullmatch(raw) if isinstance(raw, str) else None
    if match is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    weeks: set[int] = set()
    for part in filter(None, (p.strip() for p in match.group(1).split(","))):
        first, _, last = part.partition("..")
        if not first.isdigit() or (last and not last.isdigit()):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        low, high = int(first), int(last or first)
        weeks.update(range(max(low, 1), min(high, MAX_WEEK) + 1))
    return weeks


def subject_value(request: PageRequest, name: str) -> dict[str, Any]:
    return typed(
        24, {"N": request.ids.mint(TABLE_SUBJECT, f"subject:{name}"), "L": name, "estServiceGroupe": False}
    )


def subject_color(request: PageRequest, name: str) -> str:
    subject = request.school.subject(name)
    return subject.color if subject else "#FFFFFF"


def lesson_key(request: PageRequest, child: Any, day: date, start: Any, subject: str | None) -> str | None:
    """The key of the child's lesson on ``day`` at ``start`` (the first of ``subject`` that day if None)."""
    for occ in request.school.lessons_on(child, day):
        if occ.kind != "cours":
            continue
        if (start is not None and occ.start == start) or (start is None and occ.subject == subject):
            return occ.key
    return None


def is_done(request: PageRequest, child: Any, index: int) -> bool:
    written = request.state.get(DONE_STATE, {})
    return written.get(f"{child.key}:{index}", child.homework[index].done)


@page("PageCahierDeTexte", frozenset({HOMEWORK_TAB, CONTENTS_TAB}))
def cahier_de_texte(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    weeks = requested_weeks(request)
    if request.signature.get("onglet") == CONTENTS_TAB:
        return {"ListeCahierDeTextes": liste(_lesson_book(request, child, weeks))}
    school = request.school
    items = [
        _homework(request, child, index)
        for index, item in enumerate(child.homework)
        if school.week_number(item.due) in weeks
    ]
    return {
        "ListeTravauxAFaire": liste(items),
        "ListeRessourcesNumeriques": {"listeRessources": liste(_textbooks(request, child))},
    }


def _homework(request: PageRequest, child: Any, index: int) -> dict[str, Any]:
    item = child.homework[index]
    ids = request.ids
    entry: dict[str, Any] = {
        "N": ids.mint(TABLE_HOMEWORK, f"taf:{child.key}:{index}"),
        "Matiere": subject_value(request, item.subject),
        "CouleurFond": subject_color(request, item.subject),
        "descriptif": typed(HTML, item.description),
        "avecMiseEnForme": "<" in item.description,
        "PourLe": day_value(item.due),
        "DonneLe": day_value(item.given),
        "TAFFait": is_done(request, child, index),
        "niveauDifficulte": item.difficulty,
        "duree": item.minutes,
        "ListePieceJointe": liste([attachment_value(request, a) for a in item.attachments]),
        "ListeThemes": liste([{"N": ids.mint(TABLE_THEME, f"theme:{t}"), "L": t} for t in item.themes]),
        "genreRendu": HAND_IN_KINDS.index(item.hand_in) if item.hand_in in HAND_IN_KINDS else 0,
    }
    if item.hand_in == "depot":
        entry["peuRendre"] = item.due >= request.today
    key = lesson_key(request, child, item.given, item.given_start, item.subject)
    if key is not None:
        entry["cahierDeTextes"] = typed(24, {"N": ids.mint(TABLE_LESSON_TEXT, f"cdt:{key}")})
    return entry


def _textbooks(request: PageRequest, child: Any) -> list[dict[str, Any]]:
    school = request.school
    level = next((c.level for c in school.classes if c.name == child.class_name), "")
    found = []
    for book in school.textbooks:
        if book.levels and level not in book.levels and child.class_name not in book.levels:
            continue  # levels name class levels ("4e") or classes ("4e B")
        found.append(
            {
                "N": request.ids.mint(TABLE_RESOURCE, f"textbook:{book.title}"),
                "titre": book.title,
                "editeur": book.publisher,
                "description": book.description,
                "matiere": {
                    "N": request.ids.mint(TABLE_SUBJECT, f"subject:{book.subject}"),
                    "L": book.subject,
                },
                "avecLien": True,
                "url": typed(23, book.url),
            }
        )
    return found


def _lesson_book(request: PageRequest, child: Any, weeks: set[int]) -> list[dict[str, Any]]:
    school = request.school
    by_lesson: dict[tuple[date, Any], list[Any]] = {}
    for content in child.lesson_contents:
        if school.week_number(content.date) in weeks:
            by_lesson.setdefault((content.date, content.start), []).append(content)
    entries = []
    for day, start in sorted(by_lesson):
        occ = next(
            (o for o in school.lessons_on(child, day) if o.start == start and o.kind == "cours"),
            None,
        )
        if occ is not None:
            entries.append(_lesson_entry(request, occ, by_lesson[(day, start)]))
    return entries


def _lesson_entry(request: PageRequest, occ: LessonOccurrence, contents: list[Any]) -> dict[str, Any]:
    ids = request.ids
    end = datetime.combine(occ.day, occ.start) + timedelta(minutes=occ.minutes)
    entry: dict[str, Any] = {
        "N": ids.mint(TABLE_LESSON_TEXT, f"cdt:{occ.key}"),
        "cours": typed(24, {"N": ids.mint(TABLE_LESSON, f"lesson:{occ.key}")}),
        "verrouille": True,
        "Matiere": subject_value(request, occ.subject or ""),
        "CouleurFond": subject_color(request, occ.subject or ""),
        "listeProfesseurs": liste([{"L": name} for name in occ.teachers]),
        "listeGroupes": liste(
            [{"N": ids.mint(TABLE_GROUP, f"group:{occ.group}"), "L": occ.group}] if occ.group else []
        ),
        "Date": moment_value(occ.day, occ.start),
        "DateFin": moment_value(occ.day, end.time()),
        "listeContenus": liste([_content(request, occ, n, c) for n, c in enumerate(contents)]),
    }
    return entry


def _content(request: PageRequest, occ: LessonOccurrence, number: int, content: Any) -> dict[str, Any]:
    ids = request.ids
    category: dict[str, Any] = {
        "N": ids.mint(TABLE_CATEGORY, f"category:{content.category}"),
        "G": CATEGORY_KINDS.get(content.category, 0),
        "L": content.category,
    }
    if content.category in CATEGORY_ICONS:
        category["libelleIcone"] = CATEGORY_ICONS[content.category]
    return {
        "N": ids.mint(TABLE_CONTENT, f"content:{occ.key}:{number}"),
        "L": content.title,
        "descriptif": typed(HTML, content.description),
        "categorie": typed(24, category),
        "ListePieceJointe": liste([attachment_value(request, a) for a in content.attachments]),
        "ListeThemes": liste([{"N": ids.mint(TABLE_THEME, f"theme:{t}"), "L": t} for t in content.themes]),
        "parcoursEducatif": 0,
    }


@page("SaisieTAFFaitEleve", HOMEWORK_TAB)
def saisie_taf_fait(request: PageRequest) -> dict[str, Any]:
    """``{listeTAF: [{N, TAFFait}]}``: tick or untick homework of the selected child."""
    child = request_child(request)
    items = request.data.get("listeTAF") if isinstance(request.data, dict) else None
    if not isinstance(items, list):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    changes: dict[str, bool] = {}
    for element in items:
        key = resolve(request.ids, element, "taf:")
        flag = element.get("TAFFait") if isinstance(element, dict) else None
        if key is None or not isinstance(flag, bool):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        owner, _, index = key.rpartition(":")
        if owner != child.key or not index.isdigit() or int(index) >= len(child.homework):
            raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")
        changes[key] = flag
    request.state.setdefault(DONE_STATE, {}).update(changes)
    return {}
