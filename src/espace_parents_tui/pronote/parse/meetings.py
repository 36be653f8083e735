"""Parent–teacher meetings (parent-features.md §5): ``SessionRencontres``, ``RencontresParentsProfs``
and ``RencontrePlanning``. ``voeuProfesseur`` (the teacher asks to meet) is this client's guess (§17).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from espace_parents_tui.models.account import Meeting, MeetingSession, PlannedMeeting, SessionMeetings
from espace_parents_tui.pronote.parse._read import Node, unwrap


def parse_meeting_sessions(data: Any) -> list[MeetingSession]:
    root = Node.root(data, "SessionRencontres")
    return [
        MeetingSession(
            id=item.ident("N", None),
            name=item.text("L", ""),
            day=item.date("date", None),
            start=item.text("strHeureDebut", ""),
            end=item.text("strHeureFin", ""),
            wishes_visible=item.flag("visibleDesiderataIndispo", True),
            planning_visible=item.flag("visiblePlanning"),
        )
        for item in root.objs("listeSessions", required=False)
    ]


def _wish(node: Node) -> int | None:
    if not node.flag("validationvoeu"):
        return None
    value = unwrap(node.data.get("voeu"))
    if isinstance(value, dict):
        value = value.get("G")
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3 else None


def parse_session_meetings(data: Any, session: MeetingSession) -> SessionMeetings:
    root = Node.root(data, "RencontresParentsProfs")
    message = root.text("Message", "") if root.has("Message") else ""
    wishes = root.opt_obj("desiderata")
    if wishes is None:
        return SessionMeetings(session, message=message or "Cette session n'est pas consultable.")
    rights = wishes.opt_obj("autorisations")
    top = root.opt_obj("autorisations")
    open_now = (
        wishes.flag("avecSaisie")
        and (rights.flag("saisieDesiderata") if rights else False)
        and (top.flag("saisieDesiderata", True) if top else True)
    )
    meetings = tuple(
        Meeting(
            id=item.ident("N", None),
            teacher=item.text("L", ""),
            role=item.text("strMatiereFonction", ""),
            minutes=item.integer("duree", 0),
            wish=_wish(item),
            requested_by_teacher=item.flag("voeuProfesseur"),
        )
        for item in wishes.objs("listeRencontres", required=False)
    )
    return SessionMeetings(
        session,
        message=message,
        meetings=meetings,
        wishes_open=open_now,
        wishes_from=wishes.date("dateDebutSaisie", None),
        wishes_until=wishes.date("dateFinSaisie", None),
        information=root.text("information", "") if root.has("information") else "",
    )


def _names(node: Node, key: str) -> tuple[str, ...]:
    return tuple(item.text("L", "") for item in node.objs(key, required=False) if item.text("L", ""))


def _room(node: Node) -> str:
    value = unwrap(node.data.get("salle"))
    if isinstance(value, dict):
        value = value.get("L")
    return value if isinstance(value, str) else ""


def _start(item: Node) -> datetime:
    moment = item.datetime("date")
    label = item.text("strDebutRencontre", "")
    found = re.fullmatch(r"\s*(\d{1,2})h(\d{2})\s*", label)
    if found and moment.hour == 0 and moment.minute == 0:
        moment = moment.replace(hour=int(found[1]), minute=int(found[2]))
    return moment


def parse_planning(data: Any) -> tuple[tuple[PlannedMeeting, ...], str]:
    """The planned meetings, or the school's message when the planning is not published."""
    root = Node.root(data, "RencontrePlanning")
    for key in ("messageNonPublie", "Message"):
        if root.has(key):
            return (), root.text(key, "") or "Le planning n'est pas publié."
    planned = [
        PlannedMeeting(
            start=_start(item),
            minutes=item.integer("duree", 0),
            teachers=_names(item, "professeurs") + _names(item, "personnels"),
            role=item.text("strMatiereFonction", ""),
            room=_room(item),
            child=item.text("eleve", ""),
            held=item.flag("aEuLieu"),
        )
        for item in root.objs("listeRencontres", required=False)
    ]
    return tuple(sorted(planned, key=lambda p: p.start)), ""
