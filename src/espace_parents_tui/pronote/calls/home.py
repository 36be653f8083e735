"""Accueil (``PageAccueil``, tab 7: absent teachers, lessons not held, timetable changes) and the
parent's own account (``PageInfosPerso``, tab 49).

``PageAccueil`` asks for one key per home widget, with the week (parent-features.md §11); the server
answers the widgets it fills. For parents these may well be absent (§17): the lists are then empty.
"""

from __future__ import annotations

from datetime import date

from espace_parents_tui.models import Child
from espace_parents_tui.models.people import AccountInfo
from espace_parents_tui.models.school_life import HomePage
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_ACCOUNT, TAB_HOME, CallsBase


class HomeCalls(CallsBase):
    async def home(
        self, child: Child | str, day: date | None = None, homework_from: date | None = None
    ) -> HomePage:
        """The home page's news about absent teachers and lessons not held, for the week of ``day``
        (today by default), and its summary widgets (latest grades, homework due from
        ``homework_from``, school life, discussions, news: asked by their ``EGenreWidget`` names,
        a guess, §11; the server answers those it fills)."""
        day = day or self.today()
        since = homework_from or day
        week = self.week_of(day)
        moment = {"_T": 7, "V": day.strftime("%d/%m/%Y 00:00:00")}
        data = {
            "avecConseilDeClasse": True,
            "dateGrille": moment,
            "numeroSemaine": week,
            "coursNonAssures": {"numeroSemaine": week},
            "personnelsAbsents": {"numeroSemaine": week},
            "modificationsEDT": {"date": moment},
            "notes": {},
            "competences": {},
            "vieScolaire": {},
            "travailAFaire": {"date": {"_T": 7, "V": since.strftime("%d/%m/%Y 00:00:00")}},
            "discussions": {},
            "actualites": {},
        }
        raw = await self.call("PageAccueil", data, tab=TAB_HOME, child=child)
        return parse.parse_home(raw, {"travailAFaire": since.isoformat()})

    async def account_info(self) -> AccountInfo:
        """The parent's own contact details as the school holds them."""
        raw = await self.call("PageInfosPerso", None, tab=TAB_ACCOUNT)
        return parse.parse_account_info(raw)
