"""``PageEmploiDuTemps``: the lessons of a week (pronotepy.md §2 "Timetable", pawnote-papillon.md §1.2)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from espace_parents_tui.models import Lesson, SchoolSettings, VideoLink
from espace_parents_tui.pronote.parse._read import Node

FUNCTION = "PageEmploiDuTemps"

DEFAULT_PLACES_PER_HOUR = 2
# No lesson lasts more than a week of places; a larger duration is a malformed answer.
MAX_DURATION = 500

# ListeContenus kinds (G) → the Lesson field they fill. Other kinds are ignored.
CONTENT_ROLES = {16: "subject", 3: "teachers", 34: "staff", 17: "rooms", 2: "groups", 1: "groups"}


def lesson_end(
    start: datetime, place: int | None, duration: int, settings: SchoolSettings | None
) -> datetime:
    """The end of a lesson that covers ``duration`` places from ``place``.

    With the school's hour grid: the lesson's slot in its day is ``place % PlacesParJour`` and it
    ends at the end time of slot ``slot + duration - 1``. Without a grid, or when the grid does not
    cover the lesson, each place lasts ``60 / PlacesParHeure`` minutes (2 places an hour by default).
    """
    if settings is not None and place is not None and settings.hour_ends and settings.places_per_day > 0:
        slot = place % settings.places_per_day + duration - 1
        if 0 <= slot < len(settings.hour_ends):
            end = datetime.combine(start.date(), settings.hour_ends[slot])
            if end > start:
                return end
    per_hour = settings.places_per_hour if settings is not None else DEFAULT_PLACES_PER_HOUR
    if per_hour <= 0:
        per_hour = DEFAULT_PLACES_PER_HOUR
    return start + timedelta(minutes=duration * 60 / per_hour)


def _videos(node: Node) -> tuple[VideoLink, ...]:
    return tuple(
        VideoLink(
            url=video.text("url"), label=video.text("libelleLien", ""), comment=video.text("commentaire", "")
        )
        for video in node.objs("listeVisios", required=False)
    )


def _lesson(node: Node, settings: SchoolSettings | None) -> Lesson:
    start = node.datetime("DateDuCours")
    if node.has("DateDuCoursFin"):
        end = node.datetime("DateDuCoursFin")
        if end < start:
            node.fail("DateDuCoursFin", "la fin du cours précède son début")
    else:
        duration = node.integer("duree")
        if not 0 < duration <= MAX_DURATION:
            node.fail("duree", f"durée impossible ({duration})")
        place = node.integer("place", None)
        if place is not None and place < 0:
            node.fail("place", f"place impossible ({place})")
        try:
            end = lesson_end(start, place, duration, settings)
        except OverflowError:
            node.fail("duree", "fin du cours hors calendrier")

    # Server order is kept within each role (a class and its groups stay as listed).
    contents: dict[str, list[str]] = {role: [] for role in CONTENT_ROLES.values()}
    for item in node.objs("ListeContenus", required=False):
        role = CONTENT_ROLES.get(item.integer("G", None))
        if role is not None:
            contents[role].append(item.text("L"))

    homework_book = node.opt_obj("cahierDeTextes")
    # dispenseEleve is a flag in the recordings; older servers may send an object: present = exempted.
    exempted = node.raw("dispenseEleve", False)
    if not isinstance(exempted, bool | dict):
        node.fail("dispenseEleve", "booléen attendu")

    return Lesson(
        id=node.ident("N"),
        start=start,
        end=end,
        subject=contents["subject"][0] if contents["subject"] else None,
        teachers=tuple(contents["teachers"]),
        staff=tuple(contents["staff"]),
        rooms=tuple(contents["rooms"]),
        groups=tuple(contents["groups"]),
        cancelled=node.flag("estAnnule"),
        status=node.text("Statut", ""),
        is_detention=node.flag("estRetenue"),
        is_outing=node.flag("estSortiePedagogique"),
        is_test=homework_book.flag("estDevoir") if homework_book is not None else False,
        exempted=bool(exempted),
        has_homework=node.flag("AvecTafPublie"),
        has_content=node.flag("AvecCdT", homework_book is not None),
        memo=node.text("memo", ""),
        color=node.text("CouleurFond", None),
        videos=_videos(node),
    )


def parse_timetable(data: Any, settings: SchoolSettings | None = None) -> list[Lesson]:
    """The decoded ``data`` of a ``PageEmploiDuTemps`` answer → its lessons, sorted by start.

    ``settings`` (from ``FonctionParametres``) gives the hour grid that lesson ends are computed
    from when the server does not send ``DateDuCoursFin``. Required: ``ListeCours`` (may be empty).
    """
    root = Node.root(data, FUNCTION)
    lessons = [_lesson(node, settings) for node in root.objs("ListeCours")]
    lessons.sort(key=lambda lesson: lesson.start)
    return lessons
