"""Cahier de textes: the homework a child has to do, and what was done in each lesson."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.homework import Homework, LessonBookEntry
from espace_parents_tui.pronote.tabs import TAB_HOMEWORK, TAB_LESSON_CONTENT
from espace_parents_tui.service.sections.base import Section, monday, subject_name, this_week
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _

HOMEWORK_WEEKS = 3


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


async def _fetch_homework(client: Any, child: Child | None, scope: str) -> list[Homework]:
    start = date.fromisoformat(scope)
    return await client.homework(child, start, start + timedelta(weeks=HOMEWORK_WEEKS, days=-1))


def _homework_items(items: list[Homework]) -> Iterable[Item]:
    for hw in items:
        key = f"{subject_name(hw.subject)}|{hw.due.isoformat()}|{_fingerprint(hw.description)}"
        # Only what the school changes is watched (not the family's own "done" tick).
        yield Item(
            key,
            (hw.description, hw.attachments, hw.hand_in),
            _("{subject_name} pour le {due:%d/%m} : {short}").format(
                subject_name=subject_name(hw.subject), due=hw.due, short=_short(hw.description)
            ),
        )


HOMEWORK = Section(
    name="homework",
    title_fr=N_("Travail à faire"),
    value_type=list[Homework],
    fetch=_fetch_homework,
    scopes=lambda ctx: [(this_week(ctx).isoformat(), 0)],
    default_scope=lambda ctx: this_week(ctx).isoformat(),
    items=_homework_items,
    tab=TAB_HOMEWORK,
)


async def _fetch_contents(client: Any, child: Child | None, scope: str) -> list[LessonBookEntry]:
    start = date.fromisoformat(scope)
    return await client.lesson_contents(child, start, start + timedelta(days=6))


CONTENTS = Section(
    name="contents",
    title_fr=N_("Contenu des cours"),
    value_type=list[LessonBookEntry],
    fetch=_fetch_contents,
    scopes=lambda ctx: [
        (monday(ctx.today).isoformat(), 1),
        ((monday(ctx.today) - timedelta(weeks=1)).isoformat(), 1),
    ],
    default_scope=lambda ctx: monday(ctx.today).isoformat(),
    tab=TAB_LESSON_CONTENT,
    weekly=True,
)
