"""Notes: ``DernieresNotes`` (tab 198)."""

from __future__ import annotations

from espace_parents_tui.models import Child, GradeReport, Period
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_GRADES, CallsBase


class GradesCalls(CallsBase):
    async def grades(self, child: Child | str, period: Period | str | None = None) -> GradeReport:
        """The grades and averages of a period (the server's default period if none is given)."""
        chosen: list[Period] = []

        def data() -> dict:
            found = self.period_for(child, period, TAB_GRADES)
            chosen.append(found)
            return {"Periode": self.period_ref(found)}

        raw = await self.call("DernieresNotes", data, tab=TAB_GRADES, child=child)
        return parse.parse_grades(raw, chosen[-1].id)
