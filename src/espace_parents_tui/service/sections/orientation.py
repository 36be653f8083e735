"""Orientation (tab 15) and internships (tab 42, with the company list of tab 101).

Offered to a child only when the account's tab tree lists the tab and the server has something for
that child (``offered``): the app shows no Orientation for a 6e pupil, no Stages without a sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.orientation import InternshipsPage, OrientationPage
from espace_parents_tui.pronote.tabs import TAB_INTERNSHIP, TAB_ORIENTATION
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_


async def _fetch_orientation(client: Any, child: Child | None, scope: str) -> OrientationPage:
    return await client.orientation(child)


def _orientation_items(page: OrientationPage) -> Iterable[Item]:
    for step in page.steps:
        if step.for_family:
            continue  # the family's own wishes are not news to the family
        if step.published and step.wishes:
            answer = ", ".join(w.track for w in step.wishes)
            yield Item(f"conseil|{step.title}", (answer, step.council_comment), f"{step.title} : {answer}")


ORIENTATION = Section(
    name="orientation",
    title_fr=N_("Orientation"),
    value_type=OrientationPage,
    fetch=_fetch_orientation,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    items=_orientation_items,
    tab=TAB_ORIENTATION,
    max_age=timedelta(hours=6),
)


async def _fetch_internships(client: Any, child: Child | None, scope: str) -> InternshipsPage:
    return await client.internships(child)


def _internship_items(page: InternshipsPage) -> Iterable[Item]:
    for item in page.internships:
        when = f" du {item.start:%d/%m/%Y}" if item.start else ""
        yield Item(f"stage|{item.subject}|{item.start}", (item.company, item.evaluation), f"Stage{when} : {item.company}", item.start)


INTERNSHIPS = Section(
    name="internships",
    title_fr=N_("Stages"),
    value_type=InternshipsPage,
    fetch=_fetch_internships,
    scopes=lambda ctx: [("all", 2)],
    default_scope=lambda ctx: "all",
    items=_internship_items,
    tab=TAB_INTERNSHIP,
    max_age=timedelta(days=1),
)
