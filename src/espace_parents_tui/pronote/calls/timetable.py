"""Emploi du temps: ``PageEmploiDuTemps`` (tab 16)."""

from __future__ import annotations

from datetime import date

from espace_parents_tui.models import Child, Lesson
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_TIMETABLE, CallsBase


class TimetableCalls(CallsBase):
    async def timetable(self, child: Child | str, week: int | date) -> list[Lesson]:
        """The lessons of one week, given by its PRONOTE number or any day in it."""
        settings = self.require_settings()
        number = self.week_of(week)

        def data() -> dict:
            resource = self.child_ref(child)
            return {
                "ressource": resource,
                "Ressource": resource,
                "numeroSemaine": number,
                "NumeroSemaine": number,
                "avecAbsencesEleve": False,
                "avecConseilDeClasse": True,
                "estEDTPermanence": False,
                "avecAbsencesRessource": True,
                "avecDisponibilites": True,
                "avecInfosPrefsGrille": True,
                "avecCoursSortiePeda": True,
                "avecRetenuesEleve": True,
            }

        raw = await self.call("PageEmploiDuTemps", data, tab=TAB_TIMETABLE, child=child)
        return parse.parse_timetable(raw, settings)
