"""What the school publishes for everyone: menus, the teaching team, the calendar, the home page, the
parent's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.calendar import AgendaEvent, SchoolCalendar
from espace_parents_tui.models.menus import Menu
from espace_parents_tui.models.people import AccountInfo, TeamMember
from espace_parents_tui.models.school_life import HomePage
from espace_parents_tui.pronote.tabs import TAB_ACCOUNT, TAB_HOME, TAB_MENUS, TAB_TEAM
from espace_parents_tui.service.sections.base import Section, school_week, this_week
from espace_parents_tui.util.i18n import N_


async def _fetch_menus(client: Any, child: Child | None, scope: str) -> list[Menu]:
    start = date.fromisoformat(scope)
    return await client.menus(child, start, start + timedelta(days=6))


MENUS = Section(
    name="menus",
    title_fr=N_("Menus"),
    value_type=list[Menu],
    fetch=_fetch_menus,
    scopes=lambda ctx: [(this_week(ctx).isoformat(), 1)],
    default_scope=lambda ctx: this_week(ctx).isoformat(),
    tab=TAB_MENUS,
    max_age=timedelta(hours=20),
)


async def _fetch_team(client: Any, child: Child | None, scope: str) -> tuple[TeamMember, ...]:
    return await client.teaching_team(child)


TEAM = Section(
    name="team",
    title_fr=N_("Équipe pédagogique"),
    value_type=tuple[TeamMember, ...],
    fetch=_fetch_team,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    tab=TAB_TEAM,
    max_age=timedelta(days=3),
)


@dataclass(frozen=True)
class CalendarData:
    """The school year and the events the family sees."""

    calendar: SchoolCalendar
    events: tuple[AgendaEvent, ...] = ()


async def _fetch_calendar(client: Any, child: Child | None, scope: str) -> CalendarData:
    events: tuple[AgendaEvent, ...] = ()
    if client.account is not None and 9 in client.account.tabs:
        events = tuple(await client.agenda(child))
    return CalendarData(client.calendar(), events)


CALENDAR = Section(
    name="calendar",
    title_fr=N_("Calendrier"),
    value_type=CalendarData,
    fetch=_fetch_calendar,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    max_age=timedelta(hours=20),
)


async def _fetch_home(client: Any, child: Child | None, scope: str) -> HomePage:
    day = date.fromisoformat(scope)
    # Homework from the Monday the homework section reads from: its widget then covers that scope.
    return await client.home(child, day, homework_from=school_week(day))


HOME = Section(
    name="home",
    title_fr=N_("Accueil"),
    value_type=HomePage,
    fetch=_fetch_home,
    scopes=lambda ctx: [(ctx.today.isoformat(), 1)],
    default_scope=lambda ctx: ctx.today.isoformat(),
    tab=TAB_HOME,
)


async def _fetch_account(client: Any, child: Child | None, scope: str) -> AccountInfo:
    return await client.account_info()


ACCOUNT_INFO = Section(
    name="account",
    title_fr=N_("Compte"),
    value_type=AccountInfo,
    fetch=_fetch_account,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    per_child=False,
    tab=TAB_ACCOUNT,
    max_age=timedelta(days=3),
)
