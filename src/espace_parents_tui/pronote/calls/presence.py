"""Vie scolaire: ``PagePresence`` (tab 19) and the parent's acknowledgements (``SaisieVieScolaire``).

The request names a period and the dates to cover (pronotepy.md §2, parent-features.md §2.1); the
server lists the absences, delays, punishments, observations and precautionary measures of those
dates. Acknowledgements (parent-features.md §2.3) name an event by its id, which is only good for
the session that listed it: list the events again after a new login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from espace_parents_tui.models import Child, Period, Reason
from espace_parents_tui.models.school_life import Absence, Delay, Observation, Punishment, SchoolLife
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import TAB_SCHOOL_LIFE, CallsBase
from espace_parents_tui.pronote.calls.upload import UploadCalls
from espace_parents_tui.pronote.upload import FileToSend
from espace_parents_tui.util.i18n import _

ABSENCE, DELAY, OBSERVATION, PUNISHMENT = 13, 14, 46, 41
WRITE = "SaisieVieScolaire"


@dataclass(frozen=True)
class HalfDay:
    """A half-day of a declared absence: the morning or the afternoon of ``day``."""

    day: date
    morning: bool


def write_date(day: date) -> dict[str, Any]:
    """A date as PRONOTE's client writes one: ``{_T: 7, V: "d/m/yyyy h:m:s"}``, no padding (§1.2)."""
    return {"_T": 7, "V": f"{day.day}/{day.month}/{day.year} 0:0:0"}


def reason_element(reason: Reason) -> dict[str, Any]:
    """``motifParent``: the reason picked from the school's list, as a modified element (§2.3)."""
    return {"N": reason.id, "L": reason.label, "E": 2}


def refusal(raw: Any) -> str | None:
    """``data.message``: a declaration (or a justification) the server turned down (§2.3-2.4)."""
    message = raw.get("message") if isinstance(raw, dict) else None
    if isinstance(message, dict):
        message = message.get("V")
    return message.strip() if isinstance(message, str) and message.strip() else None


def _day_value(day: date) -> dict[str, Any]:
    return {"_T": 7, "V": day.strftime("%d/%m/%Y 00:00:00")}


class PresenceCalls(UploadCalls, CallsBase):
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
            raise errors.AccessDenied(_("Cette punition ne demande pas d'accusé de réception."))
        item = {"N": punishment.id, "G": PUNISHMENT, "E": 2, "parentAAccuseDeReception": True}
        await self._save_school_life(child, item)

    async def justify(
        self,
        child: Child | str,
        event: Absence | Delay,
        reason: Reason,
        comment: str = "",
        document: FileToSend | None = None,
    ) -> None:
        """Justify an absence or a delay listed in this session: a reason from the school's list
        (``listeMotifsAbsences`` / ``listeMotifsRetards`` of this session), the parents' comment and,
        for an absence only, one document (parent-features.md §2.3)."""
        kind = ABSENCE if isinstance(event, Absence) else DELAY
        if document is not None and kind == DELAY:
            raise errors.WriteRefused(
                [_("Un document ne peut accompagner que la justification d'une absence.")]
            )

        def item(files: list[dict[str, Any]]) -> dict[str, Any]:
            entry: dict[str, Any] = {
                "N": event.id,
                "G": kind,
                "E": 2,
                "motifParent": reason_element(reason),
                "justification": comment,
            }
            if files:
                entry["documents"] = files
            return {"listeAbsences": [entry]}

        files = [document] if document is not None else []
        raw = await self.write_with_files(WRITE, item, files, tab=TAB_SCHOOL_LIFE, child=child)
        self._check_write(raw)

    async def declare_absence(
        self,
        child: Child | str,
        start: HalfDay,
        end: HalfDay,
        reason: Reason,
        comment: str = "",
        document: FileToSend | None = None,
    ) -> None:
        """ "Prévenir d'une absence" (parent-features.md §2.4): first ``estControle`` (the server
        checks, nothing is kept, no file), then the declaration itself with its document."""

        def item(files: list[dict[str, Any]]) -> dict[str, Any]:
            entry: dict[str, Any] = {
                "N": -1001,
                "G": ABSENCE,
                "E": 1,
                "estUneCreationParent": True,
                "debut": {"date": write_date(start.day), "estMatin": start.morning},
                "fin": {"date": write_date(end.day), "estMatin": end.morning},
                "motifParent": reason_element(reason),
                "justification": comment,
            }
            if files:
                entry["documents"] = files
            return {"listeAbsences": [entry]}

        checked = await self.call(
            WRITE, lambda: {**item([]), "estControle": True}, tab=TAB_SCHOOL_LIFE, child=child
        )
        self._check_write(checked)
        files = [document] if document is not None else []
        raw = await self.write_with_files(WRITE, item, files, tab=TAB_SCHOOL_LIFE, child=child)
        self._check_write(raw)

    @staticmethod
    def _check_write(raw: Any) -> None:
        problems = parse.parse_write_reply(raw, WRITE)
        message = refusal(raw)
        if message:
            problems.append(message)
        if problems:
            raise errors.WriteRefused(problems, function=WRITE)

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
