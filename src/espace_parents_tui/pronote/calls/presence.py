"""Vie scolaire: ``PagePresence`` (tab 19) and the parent's acknowledgements (``SaisieVieScolaire``).

The request names a period and the dates to cover (pronotepy.md §2, parent-features.md §2.1); the
server lists the absences, delays, punishments, observations and precautionary measures of those
dates. Acknowledgements (parent-features.md §2.3) name an event by its id, which is only good for
the session that listed it: list the events again after a new login.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from espace_parents_tui.models import Child, Period
from espace_parents_tui.models.school_life import Observation, Punishment, SchoolLife
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import TAB_SCHOOL_LIFE, CallsBase

OBSERVATION, PUNISHMENT = 46, 41


def _day_value(day: date) -> dict[str, Any]:
    return {"_T": 7, "V": day.strftime("%d/%m/%Y 00:00:00")}


class PresenceCalls(CallsBase):
    async def school_life(
        self,
        child: Child | str,
        period: Period | str | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> SchoolLife:
        """Absences, delays, punishments, observations and measures of a period (the server's
        default period for the tab if none is given), or of ``start``..``end`` within it."""
        settings = self.require_settings()

        def data() -> dict:
            found = self.period_for(child, period, TAB_SCHOOL_LIFE)
            first = start or (found.start if found.start != date.min else settings.first_date)
            last = end or (found.end if found.end != date.max else settings.last_date)
            return {
                "periode": self.period_ref(found),
                "DateDebut": _day_value(first),
                "DateFin": _day_value(last),
            }

        raw = await self.call("PagePresence", data, tab=TAB_SCHOOL_LIFE, child=child)
        return parse.parse_presence(raw, settings)

    async def mark_observation_read(self, child: Child | str, observation: Observation) -> None:
        """Tell the school the parent has read a teacher's observation (``estLue``)."""
        item = {"N": observation.id, "G": OBSERVATION, "E": 2, "estLue": True}
        await self._save_school_life(child, item)

    async def acknowledge_punishment(self, child: Child | str, punishment: Punishment) -> None:
        """Acknowledge a punishment the school asked the parents to acknowledge."""
        if not punishment.needs_acknowledgement:
            raise errors.AccessDenied("Cette punition ne demande pas d'accusé de réception.")
        item = {"N": punishment.id, "G": PUNISHMENT, "E": 2, "parentAAccuseDeReception": True}
        await self._save_school_life(child, item)

    async def _save_school_life(self, child: Child | str, item: dict[str, Any]) -> None:
        raw = await self.call(
            "SaisieVieScolaire", {"listeAbsences": [item]}, tab=TAB_SCHOOL_LIFE, child=child
        )
        problems = parse.parse_write_reply(raw, "SaisieVieScolaire")
        message = raw.get("message") if isinstance(raw, dict) else None
        if isinstance(message, str) and message:
            problems.append(message)
        if problems:
            raise errors.PageUnavailable(None, problems[0], function="SaisieVieScolaire")
