"""What every page mixin may use from the client (implemented by :class:`PronoteClient`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from espace_parents_tui.clock import SYSTEM
from espace_parents_tui.models import Child, Period, SchoolSettings, UserAccount
from espace_parents_tui.pronote import errors

if TYPE_CHECKING:
    from espace_parents_tui.pronote.wire import Era

from espace_parents_tui.pronote.tabs import (  # noqa: F401  (re-exported)
    TAB_ACCOUNT,
    TAB_AGENDA,
    TAB_EVALUATIONS,
    TAB_GRADES,
    TAB_HOME,
    TAB_HOMEWORK,
    TAB_LESSON_CONTENT,
    TAB_MENUS,
    TAB_MESSAGES,
    TAB_NEWS,
    TAB_REPORT,
    TAB_REPORT_CARD,
    TAB_SCHOOL_LIFE,
    TAB_TEAM,
    TAB_TIMETABLE,
)
from espace_parents_tui.util.i18n import _


class CallsBase:
    """The session-level services the page mixins rely on."""

    # "Today" for the calls that depend on it (default periods, relative dates such as "mardi
    # 10h30"): the computer's date, or a fixed one (the demo, tests, support reproducing a screen).
    today: Callable[[], date] = staticmethod(SYSTEM.today)  # the portal gives the run's clock

    settings: SchoolSettings | None
    account: UserAccount | None
    root: str
    # Answers kept for one sync (set by the portal; None: read everything), see PronoteClient.
    sync_memo: dict[str, Any] | None = None

    if TYPE_CHECKING:  # provided by PronoteClient

        async def call(
            self,
            function: str,
            data: dict | Callable[[], dict] | None = None,
            *,
            tab: int | None = None,
            child: Child | str | None = None,
        ) -> dict: ...

        def current_child(self, child: Child | str) -> Child: ...

        @property
        def era(self) -> Era | None: ...

    def require_settings(self) -> SchoolSettings:
        if self.settings is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        return self.settings

    def week_of(self, week: int | date) -> int:
        return week if isinstance(week, int) else self.require_settings().week_number(week)

    def period_for(self, child: Child | str, period: Period | str | None, tab: int) -> Period:
        """Resolve a period (by object, name or id) in the current session, for a child and a tab.

        Without one, the period the server selects by default for that tab, else the one that
        contains today, else the first.
        """
        current = self.current_child(child)
        candidates: list[Period] = []
        default_id = None
        entry = current.periods_for(tab)
        if entry:
            candidates.extend(entry.periods)
            default_id = entry.default_period_id
        if self.settings:
            candidates.extend(p for p in self.settings.periods if p not in candidates)
        if not candidates:
            raise errors.PageUnavailable(21, _("Aucune période n'est définie pour cet onglet."))
        if period is None:
            for candidate in candidates:
                if candidate.id == default_id:
                    return candidate
            today = self.today()
            for candidate in candidates:
                if candidate.start <= today <= candidate.end:
                    return candidate
            return candidates[0]
        wanted = period.name if isinstance(period, Period) else period
        for candidate in candidates:
            if candidate.id == wanted or candidate.name.casefold() == wanted.casefold():
                return candidate
        raise errors.PageUnavailable(21, _("Période inconnue : {wanted}").format(wanted=wanted))

    @staticmethod
    def period_ref(period: Period, *, kind: int | None = None) -> dict[str, Any]:
        """A period as requests name it: ``{N, L}`` plus ``G`` when known."""
        body: dict[str, Any] = {"N": period.id, "L": period.name}
        if kind is not None:
            body["G"] = kind
        elif period.kind is not None:
            body["G"] = period.kind
        return body

    def child_ref(self, child: Child | str) -> dict[str, Any]:
        current = self.current_child(child)
        return {"N": current.id, "G": 4, "L": current.name}
