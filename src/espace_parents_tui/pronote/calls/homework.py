"""Cahier de textes: ``PageCahierDeTexte`` (tab 88 homework, tab 89 lesson contents) and
``SaisieTAFFaitEleve`` (tab 88).

Both tabs take the weeks as a PRONOTE domain, ``{domaine: {_T: 8, V: "[w1..w2]"}}``, weeks counted
from the school's first Monday (pawnote-papillon.md §1.2, pronotepy.md §2): one request covers a
whole range.
"""

from __future__ import annotations

from datetime import date, datetime, time

from espace_parents_tui.models import Child, DigitalResource, Homework, LessonBookEntry
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import TAB_HOMEWORK, TAB_LESSON_CONTENT, CallsBase
from espace_parents_tui.util.i18n import _


def week_domain(first: int, last: int) -> dict:
    """The typed week set ``[first..last]`` (``_T`` 8); weeks before the first one are week 1."""
    first, last = max(first, 1), max(last, 1)
    return {"_T": 8, "V": f"[{first}..{last}]" if last > first else f"[{first}]"}


class HomeworkCalls(CallsBase):
    def _domain(self, start: date | int, end: date | int | None) -> dict:
        first = self.week_of(start)
        last = self.week_of(end) if end is not None else first
        return week_domain(min(first, last), max(first, last))

    async def homework(self, child: Child | str, start: date, end: date | None = None) -> list[Homework]:
        """The homework due from ``start`` to ``end`` included (to the last day of the year if None)."""
        settings = self.require_settings()
        end = end or settings.last_date
        raw = await self.call(
            "PageCahierDeTexte", {"domaine": self._domain(start, end)}, tab=TAB_HOMEWORK, child=child
        )
        return [item for item in parse.parse_homework(raw) if start <= item.due <= end]

    async def digital_resources(self, child: Child | str) -> list[DigitalResource]:
        """The digital textbooks the school offers the child (sent with the homework of this week)."""
        raw = await self.call(
            "PageCahierDeTexte", {"domaine": self._domain(self.today(), None)}, tab=TAB_HOMEWORK, child=child
        )
        return parse.parse_digital_resources(raw)

    async def lesson_contents(
        self, child: Child | str, start: date | int, end: date | int | None = None
    ) -> list[LessonBookEntry]:
        """The lessons with contents from the week of ``start`` to the week of ``end`` (one request).

        ``start`` and ``end`` are days or PRONOTE week numbers; with days, lessons outside
        ``start``..``end`` are left out.
        """
        raw = await self.call(
            "PageCahierDeTexte", {"domaine": self._domain(start, end)}, tab=TAB_LESSON_CONTENT, child=child
        )
        entries = parse.parse_lesson_book(raw)
        if isinstance(start, date):
            entries = [e for e in entries if e.start.date() >= start]
        if isinstance(end, date):
            entries = [e for e in entries if e.start.date() <= end]
        return entries

    async def lesson_content(
        self, child: Child | str, day: date | datetime, start: time | None = None
    ) -> LessonBookEntry | None:
        """The contents of the lesson of ``day`` starting at ``start`` (a timetable lesson's start).

        ``day`` may be the lesson's start as a ``datetime``. ``None`` when that lesson has no content.
        """
        if isinstance(day, datetime):
            start = start or day.time()
            day = day.date()
        if start is None:
            raise ValueError(_("l'heure de début du cours est nécessaire"))
        wanted = datetime.combine(day, start)
        for entry in await self.lesson_contents(child, day, day):
            if entry.start == wanted:
                return entry
        return None

    async def set_homework_done(self, child: Child | str, homework: Homework | str, done: bool) -> None:
        """Tick (or untick) homework as done (``SaisieTAFFaitEleve``, tab 88).

        pronotepy.md §2 says it is not known whether a real server lets parents do this (students
        do); a server that refuses answers an error, raised here as :class:`errors.ServerError`.
        The homework id is only valid in the session that listed it: after a transparent re-login the
        server answers "expired object" (:class:`errors.ExpiredObject`) and the list must be read again.
        """
        ident = homework.id if isinstance(homework, Homework) else homework
        raw = await self.call(
            "SaisieTAFFaitEleve",
            {"listeTAF": [{"N": ident, "TAFFait": bool(done)}]},
            tab=TAB_HOMEWORK,
            child=child,
        )
        problems = parse.parse_write_reply(raw, "SaisieTAFFaitEleve")
        if problems:
            raise errors.ServerError(None, " ".join(problems), function="SaisieTAFFaitEleve")
