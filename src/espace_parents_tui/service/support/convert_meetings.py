"""Rencontres in the school file: each child's cached meeting sessions become the school's
``meeting_sessions`` (one per session name), with the child's teachers as offers (wish, asked by the
teacher) and, when the planning was published, their slot and room. A session the school had
closed comes back closed. Times the cache does not hold (a closed session's hours) are widened to
hold every slot. The child's own data (Compte, health data) is never converted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from espace_parents_tui.models.account import MeetingsPage
from espace_parents_tui.service.support.collect import Conversion, hm


def _time(label: str, default: time) -> time:
    found = re.fullmatch(r"\s*(\d{1,2})h(\d{2})\s*", label or "")
    return time(int(found[1]), int(found[2])) if found and int(found[1]) < 24 else default


def _meetings(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    sessions: dict[str, dict[str, Any]] = conversion.extra.setdefault("meeting_sessions_by_name", {})
    today = conversion.portal.clock.today()
    for page in conversion.values("meetings", child):
        if not isinstance(page, MeetingsPage):
            continue
        for detail in page.sessions:
            session = detail.session
            day = session.day or today
            target = sessions.get(session.name)
            if target is None:
                target = {
                    "key": f"s{len(sessions) + 1}",
                    "name": session.name,
                    "day": day,
                    "start": _time(session.start, time(17, 0)),
                    "end": _time(session.end, time(19, 0)),
                    "wishes_from": detail.wishes_from or day,
                    "wishes_until": detail.wishes_until or day,
                    "closed": bool(detail.message),
                    "published": session.planning_visible,
                    "information": detail.information,
                    "offers": [],
                }
                sessions[session.name] = target
            placed = {", ".join(p.teachers): p for p in detail.planning}
            teachers = [m.teacher for m in detail.meetings]
            for meeting in detail.meetings:
                offer: dict[str, Any] = {
                    "key": f"{entry['key']}-{len(target['offers'])}",
                    "child": entry["key"],
                    "teacher": meeting.teacher,
                    "role": meeting.role,
                    "minutes": max(1, meeting.minutes),
                }
                if meeting.wish is not None:
                    offer["wish"] = meeting.wish
                if meeting.requested_by_teacher:
                    offer["requested_by_teacher"] = True
                _place(target, offer, placed.get(meeting.teacher))
                target["offers"].append(offer)
            for who, planned in placed.items():  # planned meetings with no wish line
                if who not in teachers:
                    offer = {
                        "key": f"{entry['key']}-{len(target['offers'])}",
                        "child": entry["key"],
                        "teacher": who or planned.role,
                        "role": planned.role,
                        "minutes": max(1, planned.minutes),
                    }
                    _place(target, offer, planned)
                    target["offers"].append(offer)


def _place(target: dict[str, Any], offer: dict[str, Any], planned: Any) -> None:
    if planned is None:
        return
    offer["slot"] = planned.start.time()
    offer["minutes"] = max(1, planned.minutes)
    if planned.room:
        offer["room"] = planned.room
    target["start"] = min(target["start"], offer["slot"])
    end = (datetime.combine(date.min, offer["slot"]) + timedelta(minutes=offer["minutes"])).time()
    target["end"] = max(target["end"], end if end > offer["slot"] else time(23, 59))


def finish(conversion: Conversion) -> None:
    """The collected sessions as the school file writes them (dates ISO, times HH:MM)."""
    sessions = conversion.extra.pop("meeting_sessions_by_name", {})
    written = []
    for session in sessions.values():
        if session["start"] >= session["end"]:
            session["end"] = time(23, 59)
        for offer in session["offers"]:
            if "slot" in offer:
                offer["slot"] = hm(offer["slot"])
        written.append(
            {
                **session,
                "day": session["day"].isoformat(),
                "start": hm(session["start"]),
                "end": hm(session["end"]),
                "wishes_from": session["wishes_from"].isoformat(),
                "wishes_until": max(session["wishes_from"], session["wishes_until"]).isoformat(),
            }
        )
    if written:
        conversion.extra["meeting_sessions"] = written


CHILD_MEETINGS = {"meetings": _meetings}
