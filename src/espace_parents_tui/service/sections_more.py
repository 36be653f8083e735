"""The sections beyond grades and timetable: cahier de textes, vie scolaire, messagerie, informations,
compétences, bulletins, menus, équipe pédagogique, calendrier, accueil, compte.

Each one fetches through the protocol client, names its scopes (what a sync fetches, day-to-day
needs first) and, where a parent wants to know what is new, splits its data into items with stable
keys (never PRONOTE ids).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.calendar import AgendaEvent, SchoolCalendar
from espace_parents_tui.models.homework import Homework, LessonBookEntry
from espace_parents_tui.models.menus import Menu
from espace_parents_tui.models.messaging import Mailbox
from espace_parents_tui.models.news import NewsFeed
from espace_parents_tui.models.people import AccountInfo, TeamMember
from espace_parents_tui.models.reports import Evaluation, ReportCard
from espace_parents_tui.models.school_life import HomePage, SchoolLife
from espace_parents_tui.pronote.tabs import (
    TAB_ACCOUNT,
    TAB_EVALUATIONS,
    TAB_HOME,
    TAB_HOMEWORK,
    TAB_LESSON_CONTENT,
    TAB_MENUS,
    TAB_MESSAGES,
    TAB_NEWS,
    TAB_REPORT_CARD,
    TAB_SCHOOL_LIFE,
    TAB_TEAM,
)
from espace_parents_tui.service.sections import (
    Context,
    Section,
    current_period_name,
    elapsed_period_names,
    monday,
    register,
    school_week,
)
from espace_parents_tui.store import Item

HOMEWORK_WEEKS = 3


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def _name(value: Any) -> str:
    """A subject's name, whether the model holds a ``Subject`` or a plain string."""
    return str(getattr(value, "name", value) or "")


def _this_week(ctx: Context) -> date:
    return school_week(ctx.today)


# --- cahier de textes ---------------------------------------------------------------------------


async def _fetch_homework(client: Any, child: Child | None, scope: str) -> list[Homework]:
    start = date.fromisoformat(scope)
    return await client.homework(child, start, start + timedelta(weeks=HOMEWORK_WEEKS, days=-1))


def _homework_items(items: list[Homework]) -> Iterable[Item]:
    for hw in items:
        key = f"{_name(hw.subject)}|{hw.due.isoformat()}|{_fingerprint(hw.description)}"
        # Only what the school changes is watched (not the family's own "done" tick).
        yield Item(
            key,
            (hw.description, hw.attachments, hw.hand_in),
            f"{_name(hw.subject)} pour le {hw.due:%d/%m} : {_short(hw.description)}",
        )


register(
    Section(
        name="homework",
        title_fr="Travail à faire",
        title_en="Homework",
        value_type=list[Homework],
        fetch=_fetch_homework,
        scopes=lambda ctx: [(_this_week(ctx).isoformat(), 0)],
        default_scope=lambda ctx: _this_week(ctx).isoformat(),
        items=_homework_items,
        tab=TAB_HOMEWORK,
    )
)


async def _fetch_contents(client: Any, child: Child | None, scope: str) -> list[LessonBookEntry]:
    start = date.fromisoformat(scope)
    return await client.lesson_contents(child, start, start + timedelta(days=6))


register(
    Section(
        name="contents",
        title_fr="Contenu des cours",
        title_en="Lesson contents",
        value_type=list[LessonBookEntry],
        fetch=_fetch_contents,
        scopes=lambda ctx: [
            (monday(ctx.today).isoformat(), 1),
            ((monday(ctx.today) - timedelta(weeks=1)).isoformat(), 1),
        ],
        default_scope=lambda ctx: monday(ctx.today).isoformat(),
        tab=TAB_LESSON_CONTENT,
    )
)


# --- vie scolaire -------------------------------------------------------------------------------


async def _fetch_school_life(client: Any, child: Child | None, scope: str) -> SchoolLife:
    return await client.school_life(child, scope or None)


def _school_life_items(life: SchoolLife) -> Iterable[Item]:
    for a in life.absences:
        state = (
            "justifiée" if a.justified else ("à justifier" if a.to_justify_by_parents else "non justifiée")
        )
        yield Item(
            f"absence|{a.start.isoformat()}",
            (a.end, a.justified, a.settled),
            f"Absence du {a.start:%d/%m %Hh%M} ({state})",
            a.start.date(),
        )
    for d in life.delays:
        yield Item(
            f"retard|{d.when.isoformat()}",
            (d.minutes, d.justified),
            f"Retard de {d.minutes} min le {d.when:%d/%m}",
            d.when.date(),
        )
    for p in life.punishments:
        yield Item(
            f"punition|{p.given.isoformat()}|{p.nature}",
            (p.sessions, p.reasons),
            f"{p.nature} ({p.given:%d/%m})",
            p.given,
        )
    for o in life.observations:
        yield Item(
            f"observation|{o.day.isoformat()}|{o.title}", o.comment, f"{o.title} ({o.day:%d/%m})", o.day
        )


register(
    Section(
        name="school_life",
        title_fr="Vie scolaire",
        title_en="School life",
        value_type=SchoolLife,
        fetch=_fetch_school_life,
        scopes=lambda ctx: (
            [(current_period_name(ctx, TAB_SCHOOL_LIFE), 0)]
            + [(name, 1) for name in elapsed_period_names(ctx, TAB_SCHOOL_LIFE)]
        ),
        default_scope=lambda ctx: current_period_name(ctx, TAB_SCHOOL_LIFE),
        items=_school_life_items,
        tab=TAB_SCHOOL_LIFE,
        max_age=timedelta(hours=20),
    )
)


# --- messagerie, informations -------------------------------------------------------------------


async def _fetch_mailbox(client: Any, child: Child | None, scope: str) -> Mailbox:
    return await client.discussions()


def _mailbox_items(box: Mailbox) -> Iterable[Item]:
    for d in box.discussions:
        # One key per message count: a new message in a discussion is something new.
        yield Item(
            f"{d.subject}|{d.initiator}|{d.message_count}",
            d.subject,
            f"Message : {d.subject} ({d.initiator})",
        )


register(
    Section(
        name="messages",
        title_fr="Messagerie",
        title_en="Messages",
        value_type=Mailbox,
        fetch=_fetch_mailbox,
        scopes=lambda ctx: [("all", 0)],
        default_scope=lambda ctx: "all",
        items=_mailbox_items,
        per_child=False,
        tab=TAB_MESSAGES,
    )
)


async def _fetch_news(client: Any, child: Child | None, scope: str) -> NewsFeed:
    return await client.news(child)


def _news_items(feed: NewsFeed) -> Iterable[Item]:
    for item in feed.items:
        yield Item(
            f"{item.title}|{item.created.isoformat() if item.created else ''}",
            item.questions,
            f"Information : {item.title}",
        )


register(
    Section(
        name="news",
        title_fr="Informations et sondages",
        title_en="News and surveys",
        value_type=NewsFeed,
        fetch=_fetch_news,
        scopes=lambda ctx: [("all", 0)],
        default_scope=lambda ctx: "all",
        items=_news_items,
        tab=TAB_NEWS,
    )
)


# --- compétences, bulletins ---------------------------------------------------------------------


async def _fetch_evaluations(client: Any, child: Child | None, scope: str) -> tuple[Evaluation, ...]:
    return await client.evaluations(child, scope or None)


def _evaluation_items(evaluations: tuple[Evaluation, ...]) -> Iterable[Item]:
    for e in evaluations:
        subject = _name(e.subject)
        yield Item(
            f"{subject}|{e.day.isoformat()}|{e.name}", e.acquisitions, f"Compétences : {e.name} ({subject})"
        )


register(
    Section(
        name="evaluations",
        title_fr="Compétences",
        title_en="Skills",
        value_type=tuple[Evaluation, ...],
        fetch=_fetch_evaluations,
        scopes=lambda ctx: [(current_period_name(ctx, TAB_EVALUATIONS), 1)],
        default_scope=lambda ctx: current_period_name(ctx, TAB_EVALUATIONS),
        items=_evaluation_items,
        tab=TAB_EVALUATIONS,
    )
)


async def _fetch_report(client: Any, child: Child | None, scope: str) -> ReportCard:
    return await client.report_card(child, scope or None)


def _report_items(card: ReportCard) -> Iterable[Item]:
    yield Item(
        "bulletin", card.published, "Bulletin publié" if card.published else "Bulletin pas encore publié"
    )


register(
    Section(
        name="report",
        title_fr="Bulletin",
        title_en="Report card",
        value_type=ReportCard,
        fetch=_fetch_report,
        scopes=lambda ctx: (
            [(current_period_name(ctx, TAB_REPORT_CARD), 1)]
            + [(name, 1) for name in elapsed_period_names(ctx, TAB_REPORT_CARD)]
        ),
        default_scope=lambda ctx: (
            elapsed_period_names(ctx, TAB_REPORT_CARD) or [current_period_name(ctx, TAB_REPORT_CARD)]
        )[-1],
        items=_report_items,
        baseline="scope",
        scoped_keys=True,
        tab=TAB_REPORT_CARD,
        max_age=timedelta(hours=20),
    )
)


# --- menus, équipe, calendrier, accueil, compte -------------------------------------------------


async def _fetch_menus(client: Any, child: Child | None, scope: str) -> list[Menu]:
    start = date.fromisoformat(scope)
    return await client.menus(child, start, start + timedelta(days=6))


register(
    Section(
        name="menus",
        title_fr="Menus",
        title_en="Menus",
        value_type=list[Menu],
        fetch=_fetch_menus,
        scopes=lambda ctx: [(_this_week(ctx).isoformat(), 1)],
        default_scope=lambda ctx: _this_week(ctx).isoformat(),
        tab=TAB_MENUS,
        max_age=timedelta(hours=20),
    )
)


async def _fetch_team(client: Any, child: Child | None, scope: str) -> tuple[TeamMember, ...]:
    return await client.teaching_team(child)


register(
    Section(
        name="team",
        title_fr="Équipe pédagogique",
        title_en="Teaching team",
        value_type=tuple[TeamMember, ...],
        fetch=_fetch_team,
        scopes=lambda ctx: [("all", 1)],
        default_scope=lambda ctx: "all",
        tab=TAB_TEAM,
        max_age=timedelta(days=3),
    )
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


register(
    Section(
        name="calendar",
        title_fr="Calendrier",
        title_en="Calendar",
        value_type=CalendarData,
        fetch=_fetch_calendar,
        scopes=lambda ctx: [("all", 1)],
        default_scope=lambda ctx: "all",
        max_age=timedelta(hours=20),
    )
)


async def _fetch_home(client: Any, child: Child | None, scope: str) -> HomePage:
    return await client.home(child, date.fromisoformat(scope))


register(
    Section(
        name="home",
        title_fr="Accueil",
        title_en="Home",
        value_type=HomePage,
        fetch=_fetch_home,
        scopes=lambda ctx: [(ctx.today.isoformat(), 1)],
        default_scope=lambda ctx: ctx.today.isoformat(),
        tab=TAB_HOME,
    )
)


async def _fetch_account(client: Any, child: Child | None, scope: str) -> AccountInfo:
    return await client.account_info()


register(
    Section(
        name="account",
        title_fr="Compte",
        title_en="Account",
        value_type=AccountInfo,
        fetch=_fetch_account,
        scopes=lambda ctx: [("all", 1)],
        default_scope=lambda ctx: "all",
        per_child=False,
        tab=TAB_ACCOUNT,
        max_age=timedelta(days=3),
    )
)
