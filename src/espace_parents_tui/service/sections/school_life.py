"""Vie scolaire: a child's absences, delays, punishments and observations, per period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.school_life import SchoolLife
from espace_parents_tui.pronote.tabs import TAB_SCHOOL_LIFE
from espace_parents_tui.service.sections.base import Section, current_period_name, elapsed_period_names
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _


async def _fetch_school_life(client: Any, child: Child | None, scope: str) -> SchoolLife:
    return await client.school_life(child, scope or None)


def _school_life_items(life: SchoolLife) -> Iterable[Item]:
    for a in life.absences:
        state = (
            _("justifiée")
            if a.justified
            else (_("à justifier") if a.to_justify_by_parents else _("non justifiée"))
        )
        yield Item(
            f"absence|{a.start.isoformat()}",
            (a.end, a.justified, a.settled),
            _("Absence du {start:%d/%m %Hh%M} ({state})").format(start=a.start, state=state),
            a.start.date(),
        )
    for d in life.delays:
        yield Item(
            f"retard|{d.when.isoformat()}",
            (d.minutes, d.justified),
            _("Retard de {minutes} min le {when:%d/%m}").format(minutes=d.minutes, when=d.when),
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


SCHOOL_LIFE = Section(
    name="school_life",
    title_fr=N_("Vie scolaire"),
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
