"""The child's account and data (tab 22) and parent–teacher meetings (tab 92 and 120 on the web, 90
on servers that list the mobile page: the recorded parent account lists 90 only). The parent's own account is ``school.ACCOUNT_INFO``.

The child's data holds health fields (``models.account.MEDICAL``): the section has no items, so none
of it ever becomes a change summary, a notification or a "Nouveautés" line.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.account import ChildAccount, MeetingsPage
from espace_parents_tui.pronote.tabs import MEETING_TABS, TAB_CHILD_ACCOUNT
from espace_parents_tui.service.sections.base import Section
from espace_parents_tui.store import Item
from espace_parents_tui.util.i18n import N_, _


async def _fetch_child_account(client: Any, child: Child | None, scope: str) -> ChildAccount:
    assert child is not None
    return await client.child_account(child)


CHILD_ACCOUNT = Section(
    name="child_account",
    title_fr=N_("Compte de l'enfant"),
    value_type=ChildAccount,
    fetch=_fetch_child_account,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    tab=TAB_CHILD_ACCOUNT,
    max_age=timedelta(days=1),
)


async def _fetch_meetings(client: Any, child: Child | None, scope: str) -> MeetingsPage:
    assert child is not None
    return await client.meetings(child)


def _meeting_items(page: MeetingsPage) -> list[Item]:
    items = []
    for detail in page.sessions:
        session = detail.session
        if detail.wishes_open and detail.wishes_until is not None:
            items.append(
                Item(
                    f"session|{session.name}",
                    session.name,
                    _("Rencontres « {name} » : vœux jusqu'au {wishes_until:%d/%m/%Y}").format(
                        name=session.name, wishes_until=detail.wishes_until
                    ),
                    session.day,
                )
            )
        for planned in detail.planning:
            who = ", ".join(planned.teachers) or planned.role
            items.append(
                Item(
                    f"planning|{session.name}|{planned.start.isoformat()}|{who}",
                    planned,
                    _("Rencontre le {start:%d/%m à %Hh%M} avec {who}").format(start=planned.start, who=who),
                    planned.start.date(),
                )
            )
    return items


MEETINGS = Section(
    name="meetings",
    title_fr=N_("Rencontres"),
    value_type=MeetingsPage,
    fetch=_fetch_meetings,
    scopes=lambda ctx: [("all", 1)],
    default_scope=lambda ctx: "all",
    items=_meeting_items,
    any_tab=MEETING_TABS,
    # Four requests per child (sessions, wishes of the open sessions, the published planning): a
    # sync asks again after six hours; opening Rencontres or stating a wish reads them at once.
    max_age=timedelta(hours=6),
)
