"""The livret scolaire (tab 83): every class's livret of the child, in one dataset (the Parcours
view shows it with the record over the years).

Offered to a child only when the account's tab tree lists tab 83 (the portal does not ask
otherwise) and the server has a livret for at least one of the child's classes.

Once its 3-day max age has passed, a sync asks again for the current class's livret and for any
past class whose livret was not published when read; a past class's published livret is final and
kept from the cache (``fetch_again``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.livret import Livret
from espace_parents_tui.pronote.tabs import TAB_LIVRET
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_


async def _fetch_livret(client: Any, child: Child | None, scope: str) -> Livret:
    return await client.livret(child)


async def _fetch_livret_again(client: Any, child: Child | None, scope: str, kept: Livret) -> Livret:
    return await client.livret(child, kept=kept.years)


def _livret_items(livret: Livret) -> Iterable[Item]:
    for year in livret.years:
        yield Item(
            f"livret|{year.year}|{year.class_name}",
            year.publication,
            f"Livret scolaire {year.class_name} ({year.year})",
        )


LIVRET = Section(
    name="livret",
    title_fr=N_("Livret scolaire"),
    value_type=Livret,
    fetch=_fetch_livret,
    fetch_again=_fetch_livret_again,
    scopes=lambda ctx: [("all", 2)],
    default_scope=lambda ctx: "all",
    items=_livret_items,
    tab=TAB_LIVRET,
    max_age=timedelta(days=3),
)
