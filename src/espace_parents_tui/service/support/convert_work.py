"""Cahier de textes in the school file: a child's cached homework and lesson contents.

Homework is named by its subject, the day it was given and when it is due; the lesson it was given in
is found through the lesson contents of the same sync (their ids belong to one session). A lesson
content needs its lesson in the timetable: when the cached weeks of timetable do not hold it, the
lesson is added from what the content says of it (day, times, subject, teachers, group).
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.homework import HandIn, Homework, LessonBookEntry
from espace_parents_tui.service.support.collect import Conversion, hm

HAND_IN_KINDS = ("aucun", "papier", "depot", "kiosque", "audio")  # PRONOTE's genreRendu, in order


def _homework(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    starts: dict[str, Any] = {}
    for book in conversion.values("contents", child):
        for lesson in book:
            starts[lesson.id] = lesson.start
    found: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for week in conversion.values("homework", child):
        for item in week:
            key = (item.subject.name, item.due, item.given, item.description_html or item.description)
            if key in seen:
                continue
            seen.add(key)
            found.append(_one(conversion, item, starts))
    if found:
        entry["homework"] = found


def _one(conversion: Conversion, item: Homework, starts: dict[str, Any]) -> dict[str, Any]:
    conversion.names.subject(item.subject.name, item.color or item.subject.color)
    given = item.given or item.due
    hand_in = int(item.hand_in)
    result: dict[str, Any] = {
        "subject": item.subject.name,
        "given": given.isoformat(),
        "due": item.due.isoformat(),
        "description": item.description_html or item.description,
    }
    start = starts.get(item.lesson_book_id) if item.lesson_book_id else None
    if start is not None and start.date() == given:
        result["given_start"] = hm(start.time())
    optional = {
        "done": item.done or None,
        "attachments": [conversion.documents.attachment(a) for a in item.attachments] or None,
        "hand_in": HAND_IN_KINDS[hand_in] if 0 < hand_in < len(HAND_IN_KINDS) else None,
        "minutes": item.minutes or None,
        "difficulty": item.difficulty or None,
        "themes": list(item.themes) or None,
    }
    result.update({k: v for k, v in optional.items() if v is not None})
    assert HandIn.NONE == 0  # the school file's "aucun" is the default
    return result


def _contents(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    lessons = entry.setdefault("dated_lessons", [])
    held = {(lesson["date"], lesson["start"]) for lesson in lessons if lesson.get("kind", "cours") == "cours"}
    found: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for book in conversion.values("contents", child):
        for lesson in book:
            day, start = lesson.start.date().isoformat(), hm(lesson.start.time())
            if (day, start) in seen:
                continue
            seen.add((day, start))
            if (day, start) not in held:
                lessons.append(_lesson_of(conversion, lesson))
                held.add((day, start))
            for content in lesson.contents:
                found.append(_content(conversion, lesson, content))
    if found:
        entry["lesson_contents"] = found


def _lesson_of(conversion: Conversion, lesson: LessonBookEntry) -> dict[str, Any]:
    subject = lesson.subject.name if lesson.subject else None
    conversion.names.subject(subject, lesson.color)
    for teacher in lesson.teachers:
        conversion.names.teacher(teacher)
    end = lesson.end or lesson.start
    result: dict[str, Any] = {
        "date": lesson.start.date().isoformat(),
        "start": hm(lesson.start.time()),
        "minutes": max(1, int((end - lesson.start).total_seconds() // 60)),
    }
    optional = {"subject": subject, "teachers": list(lesson.teachers) or None, "group": None}
    if lesson.groups:
        optional["group"] = lesson.groups[0]
    result.update({k: v for k, v in optional.items() if v is not None})
    return result


def _content(conversion: Conversion, lesson: LessonBookEntry, content: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "date": lesson.start.date().isoformat(),
        "start": hm(lesson.start.time()),
        "title": content.title,
    }
    optional = {
        "description": content.description_html or content.description or None,
        "category": content.category if content.category and content.category != "Cours" else None,
        "attachments": [conversion.documents.attachment(a) for a in content.attachments] or None,
        "themes": list(content.themes) or None,
    }
    result.update({k: v for k, v in optional.items() if v is not None})
    return result


CHILD_WORK = {"homework": _homework, "contents": _contents}
