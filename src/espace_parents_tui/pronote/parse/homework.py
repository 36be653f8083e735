"""``PageCahierDeTexte``: homework (tab 88) and lesson contents (tab 89).

Shapes: pawnote-papillon.md §1.2, pronotepy.md §2 "Homework" and "Lesson content", and the digital
textbooks of parent-features.md §8 (``ListeRessourcesNumeriques.listeRessources``).
Descriptions are HTML: both the readable text and the HTML as sent are kept.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import (
    DigitalResource,
    HandIn,
    Homework,
    HomeworkBook,
    LessonBookEntry,
    LessonContent,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.attachments import parse_attachments
from espace_parents_tui.pronote.parse.grades import parse_subject
from espace_parents_tui.pronote.parse.html import html_to_text

FUNCTION = "PageCahierDeTexte"
WRITE_FUNCTION = "SaisieTAFFaitEleve"
# Nobody spends more than a week of minutes on one piece of homework; more is a malformed answer.
MAX_MINUTES = 7 * 24 * 60


def _labels(node: Node, key: str) -> tuple[str, ...]:
    """The ``L`` of each element of a list (themes, teachers, groups); elements without one are skipped."""
    return tuple(label for item in node.objs(key, required=False) if (label := item.text("L", "")))


def _hand_in(node: Node) -> HandIn | int:
    kind = node.integer("genreRendu", 0)
    try:
        return HandIn(kind)
    except ValueError:
        return kind


def _homework(node: Node) -> Homework:
    html = node.text("descriptif", "")
    minutes = node.integer("duree", 0)
    if not 0 <= minutes <= MAX_MINUTES:
        node.fail("duree", f"durée impossible ({minutes})")
    book = node.opt_obj("cahierDeTextes")
    return Homework(
        id=node.ident("N"),
        subject=parse_subject(node.obj("Matiere")),
        due=node.date("PourLe"),
        description=html_to_text(html),
        description_html=html,
        given=node.date("DonneLe", None),
        done=node.flag("TAFFait"),
        attachments=parse_attachments(node, "ListePieceJointe"),
        hand_in=_hand_in(node),
        minutes=minutes or None,
        difficulty=node.integer("niveauDifficulte", 0),
        themes=_labels(node, "ListeThemes"),
        lesson_book_id=book.ident("N", None) if book is not None else None,
        color=node.text("CouleurFond", None),
    )


def _content(node: Node) -> LessonContent:
    html = node.text("descriptif", "")
    category = node.opt_obj("categorie")
    return LessonContent(
        title=node.text("L", ""),
        description=html_to_text(html),
        description_html=html,
        category=category.text("L", "") if category is not None else "",
        category_kind=category.integer("G", None) if category is not None else None,
        attachments=parse_attachments(node, "ListePieceJointe"),
        themes=_labels(node, "ListeThemes"),
        id=node.ident("N", None),
    )


def _lesson(node: Node) -> LessonBookEntry:
    start = node.datetime("Date")
    end = node.datetime("DateFin", None)
    if end is not None and end < start:
        node.fail("DateFin", "la fin du cours précède son début")
    subject = node.opt_obj("Matiere")
    lesson = node.opt_obj("cours")
    return LessonBookEntry(
        id=node.ident("N"),
        start=start,
        end=end,
        subject=parse_subject(subject) if subject is not None else None,
        teachers=_labels(node, "listeProfesseurs"),
        groups=_labels(node, "listeGroupes"),
        lesson_id=lesson.ident("N", None) if lesson is not None else None,
        color=node.text("CouleurFond", None),
        contents=tuple(_content(item) for item in node.objs("listeContenus", required=False)),
    )


def _resource(node: Node) -> DigitalResource:
    subject = node.opt_obj("matiere")
    return DigitalResource(
        title=node.text("titre", None) or node.text("L", ""),
        id=node.ident("N", None),
        publisher=node.text("editeur", ""),
        description=node.text("description", ""),
        subject=subject.text("L", None) if subject is not None else None,
        url=node.text("url", None),
    )


def _resources(root: Node) -> tuple[DigitalResource, ...]:
    holder = root.opt_obj("ListeRessourcesNumeriques")
    if holder is None:
        return ()
    return tuple(_resource(item) for item in holder.objs("listeRessources", required=False))


def parse_homework(data: Any) -> list[Homework]:
    """Tab 88: ``ListeTravauxAFaire`` (required, may be empty) → homework, by due date."""
    root = Node.root(data, FUNCTION)
    items = [_homework(node) for node in root.objs("ListeTravauxAFaire")]
    items.sort(key=lambda h: h.due)
    return items


def parse_digital_resources(data: Any) -> list[DigitalResource]:
    """Tab 88: the digital textbooks (``ListeRessourcesNumeriques.listeRessources``); none when absent."""
    return list(_resources(Node.root(data, FUNCTION)))


def parse_lesson_book(data: Any) -> list[LessonBookEntry]:
    """Tab 89: ``ListeCahierDeTextes`` (required, may be empty) → lessons with contents, by start."""
    root = Node.root(data, FUNCTION)
    entries = [_lesson(node) for node in root.objs("ListeCahierDeTextes")]
    entries.sort(key=lambda e: e.start)
    return entries


def parse_homework_book(data: Any) -> HomeworkBook:
    """Either tab's answer (for ``debug parse``): whatever of the three lists it carries.

    An answer with neither ``ListeTravauxAFaire`` nor ``ListeCahierDeTextes`` is not understood.
    """
    root = Node.root(data, FUNCTION)
    if not root.has("ListeTravauxAFaire") and not root.has("ListeCahierDeTextes"):
        root.fail("ListeTravauxAFaire", "ni « ListeTravauxAFaire » ni « ListeCahierDeTextes »")
    homework = parse_homework(data) if root.has("ListeTravauxAFaire") else []
    lessons = parse_lesson_book(data) if root.has("ListeCahierDeTextes") else []
    return HomeworkBook(homework=tuple(homework), lessons=tuple(lessons), resources=_resources(root))


def parse_write_reply(data: Any, function: str = WRITE_FUNCTION) -> list[str]:
    """A "Saisie" answer's ``data``: the error messages it reports (``RapportSaisie``), usually none."""
    if data is None:
        return []
    root = Node.root(data, function)
    report = root.opt_obj("RapportSaisie")
    if report is None:
        return []
    messages = [m for m in report.items("_messagesErreur_", required=False) if isinstance(m, str)]
    if report.has("_erreurSaisie_") and not messages:
        messages.append("La modification a été refusée par le serveur.")
    return messages
