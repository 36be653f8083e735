"""Menus: ``PageMenus`` (tab 10), one request per week (pronotepy.md §2 "Menus")."""

from __future__ import annotations

from datetime import date, timedelta

from espace_parents_tui.models import Child, Menu
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_MENUS, CallsBase
from espace_parents_tui.util.i18n import _

# A year of school has fewer weeks than this; a longer range is a mistake, not a request to send.
MAX_WEEKS = 60


class MenusCalls(CallsBase):
    async def menus(self, child: Child | str, start: date, end: date | None = None) -> list[Menu]:
        """The canteen's meals from ``start`` to ``end`` included (``start``'s day only if None).

        The server answers a week at a time (the week of the date sent), so this sends one request
        per week of the range, each dated its Monday as the web page does.
        """
        end = end or start
        if end < start:
            start, end = end, start
        monday = start - timedelta(days=start.weekday())
        if (end - monday).days // 7 >= MAX_WEEKS:
            raise ValueError(
                _("période trop longue pour les menus ({start} – {end})").format(start=start, end=end)
            )
        found: list[Menu] = []
        while monday <= end:
            data = {"date": {"_T": 7, "V": f"{monday:%d/%m/%Y} 0:0:0"}}
            raw = await self.call("PageMenus", data, tab=TAB_MENUS, child=child)
            found.extend(m for m in parse.parse_menus(raw) if start <= m.day <= end)
            monday += timedelta(weeks=1)
        found.sort(key=lambda m: (m.day, int(m.meal)))
        return found
