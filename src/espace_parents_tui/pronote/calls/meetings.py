"""Parent–teacher meetings (parent-features.md §5): sessions, the teachers and the family's wishes
(tab 92), the published planning (tab 120). Ids are the current session's: read again after a
new login."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.account import Meeting, MeetingSession, MeetingsPage, SessionMeetings
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.tabs import (
    TAB_MEETING_GRID,
    TAB_MEETING_PLANNING,
    TAB_MEETING_WISHES,
    TAB_MEETINGS,
)
from espace_parents_tui.util.i18n import _

WISHES = "SaisieRencontreDesiderata"


class MeetingsCalls(CallsBase):
    def _meeting_tabs(self) -> tuple[int | None, int | None]:
        """The tabs of the wishes and of the planning: the web's (92, 120/121) when the account has
        them, else the mobile page's (90) that holds both; None: not offered."""
        tabs = self.account.tabs if self.account else frozenset()
        wishes = next((t for t in (TAB_MEETING_WISHES, TAB_MEETINGS) if t in tabs), None)
        planning = next(
            (t for t in (TAB_MEETING_PLANNING, TAB_MEETING_GRID, TAB_MEETINGS) if t in tabs), None
        )
        return wishes, planning

    async def meeting_sessions(self) -> list[MeetingSession]:
        """The sessions (asked without a child: the same for every child, read once per sync)."""
        memo = self.sync_memo
        if memo is not None and "SessionRencontres" in memo:
            return list(memo["SessionRencontres"])
        wishes, planning = self._meeting_tabs()
        raw = await self.call("SessionRencontres", None, tab=wishes or planning or TAB_MEETINGS)
        sessions = parse.parse_meeting_sessions(raw)
        if memo is not None:
            memo["SessionRencontres"] = tuple(sessions)
        return sessions

    async def meetings(self, child: Child | str) -> MeetingsPage:
        """Every session, for one child: the teachers and wishes, and the planning once published."""
        wishes_tab, planning_tab = self._meeting_tabs()
        found = []
        for session in await self.meeting_sessions():
            ref = {"N": session.id, "L": session.name}
            detail = SessionMeetings(session)
            if wishes_tab is not None and session.wishes_visible:
                raw = await self.call(
                    "RencontresParentsProfs", {"sessionRencontre": ref}, tab=wishes_tab, child=child
                )
                detail = parse.parse_session_meetings(raw, session)
            elif not session.wishes_visible:
                detail = SessionMeetings(session, message=_("Cette session de rencontres est close."))
            if planning_tab is not None and session.planning_visible and not detail.message:
                raw = await self.call(
                    "RencontrePlanning", {"sessionRencontre": ref}, tab=planning_tab, child=child
                )
                planning, message = parse.parse_planning(raw)
                detail = replace(detail, planning=planning, planning_message=message)
            found.append(detail)
        return MeetingsPage(tuple(found))

    async def set_wish(
        self, child: Child | str, session: MeetingSession, meeting: Meeting, wish: int | None
    ) -> None:
        """State (or clear, ``wish`` None) the family's wish for one meeting; ``duree`` unchanged."""
        item: dict[str, Any] = {
            "N": meeting.id,
            "G": 0,
            "L": meeting.teacher,
            "E": 2,
            "duree": meeting.minutes,
            "voeu": wish if wish is not None else (meeting.wish or 0),
            "validationvoeu": wish is not None,
        }
        data = {"session": {"N": session.id, "L": session.name}, "listeRencontres": [item]}
        raw = await self.call(WISHES, data, tab=self._meeting_tabs()[0] or TAB_MEETINGS, child=child)
        problems = parse.parse_write_reply(raw, WISHES)
        if problems:
            raise errors.WriteRefused(problems, function=WISHES)
