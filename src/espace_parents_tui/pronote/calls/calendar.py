"""Calendrier: the school year from ``FonctionParametres`` (no request) and ``PageAgenda`` (tab 9)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from espace_parents_tui.models import AgendaEvent, Child, SchoolCalendar
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_AGENDA, CallsBase


class CalendarCalls(CallsBase):
    def calendar(self) -> SchoolCalendar:
        """Periods, first and last day, holidays and hour grid, as the login's settings gave them.

        No request: PRONOTE's own holiday page draws ``General.listeJoursFeries`` of
        ``FonctionParametres`` (parent-features.md §12).
        """
        settings = self.require_settings()
        return SchoolCalendar(
            school_year=settings.school_year,
            first_date=settings.first_date,
            last_date=settings.last_date,
            first_monday=settings.first_monday,
            periods=settings.periods,
            holidays=tuple(sorted(settings.holidays, key=lambda h: (h.start, h.end))),
            hour_starts=settings.hour_starts,
            hour_ends=settings.hour_ends,
        )

    async def agenda(
        self, child: Child | str, weeks: Iterable[int | date] | None = None, *, past: bool = True
    ) -> list[AgendaEvent]:
        """The school's events the child's family sees.

        Without ``weeks``: the whole year in one request, as the mobile page asks (no week number,
        ``avecEventsPasses`` = ``past``). With ``weeks`` (PRONOTE numbers or any day of the week):
        one request per week, as the web page asks, events seen twice kept once.
        """
        requests: list[dict] = []
        if weeks is None:
            requests.append({"avecEventsPasses": past, "AvecListeClasses": False})
        else:
            numbers = sorted({self.week_of(week) for week in weeks})
            requests.extend(
                {"NumeroSemaine": n, "avecEventsPasses": past, "AvecListeClasses": False} for n in numbers
            )
        found: dict[str, AgendaEvent] = {}
        for data in requests:
            raw = await self.call("PageAgenda", data, tab=TAB_AGENDA, child=child)
            for event in parse.parse_agenda(raw):
                found.setdefault(event.id, event)
        return sorted(found.values(), key=lambda e: (e.start, e.title))
