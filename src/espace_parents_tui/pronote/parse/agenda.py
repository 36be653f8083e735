"""``PageAgenda``: the school's events (parent-features.md §12)."""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import AgendaEvent, EventKind
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.attachments import parse_attachments

FUNCTION = "PageAgenda"


def _event(node: Node) -> AgendaEvent:
    start = node.datetime("DateDebut")
    end = node.datetime("DateFin", start)
    if end < start:
        node.fail("DateFin", "l'événement finit avant de commencer")
    kind = node.integer("G", int(EventKind.STANDARD))
    try:
        known: EventKind | int = EventKind(kind)
    except ValueError:
        known = kind
    return AgendaEvent(
        id=node.ident("N"),
        title=node.text("L", ""),
        start=start,
        end=end,
        kind=known,
        all_day=node.flag("sansHoraire"),
        comment=node.text("Commentaire", ""),
        color=node.text("CouleurCellule", None),
        attachments=parse_attachments(node, "listeDocJoints"),
    )


def parse_agenda(data: Any) -> list[AgendaEvent]:
    """The decoded ``data`` of a ``PageAgenda`` answer → its events, by start.

    Required: ``ListeEvenements`` (may be empty), each event's ``N`` and ``DateDebut``.
    """
    root = Node.root(data, FUNCTION)
    events = [_event(node) for node in root.objs("ListeEvenements")]
    events.sort(key=lambda e: (e.start, e.title))
    return events
