"""Équipe pédagogique: ``PageEquipePedagogique`` (tab 37), no data for parents (parent-features.md §10)."""

from __future__ import annotations

from espace_parents_tui.models import Child
from espace_parents_tui.models.people import TeamMember
from espace_parents_tui.pronote import parse
from espace_parents_tui.pronote.calls.base import TAB_TEAM, CallsBase


class TeamCalls(CallsBase):
    async def teaching_team(self, child: Child | str) -> tuple[TeamMember, ...]:
        """The child's teachers and the school staff, with e-mails where the school gives them."""
        raw = await self.call("PageEquipePedagogique", None, tab=TAB_TEAM, child=child)
        return parse.parse_teaching_team(raw)
