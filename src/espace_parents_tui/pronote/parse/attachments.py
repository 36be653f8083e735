"""Attachments (``ListePieceJointe``, ``listePiecesJointes``, ``listeDocumentsJoints``…).

Each item is an element ``{N, L, G}``: ``G`` 0 is a link (its address in ``url``, else in ``L``),
``G`` 1 a file served at ``FichiersExternes`` (pronotepy.md §1.12). Other kinds are ignored.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Attachment
from espace_parents_tui.pronote.parse._read import Node

LINK, FILE = 0, 1


def parse_attachment(node: Node) -> Attachment | None:
    kind = node.integer("G", FILE)
    name = node.text("L", "")
    if kind == LINK:
        url = node.text("url", "") or name
        return Attachment(name=name or url, kind="link", id=node.ident("N", None), url=url)
    if kind == FILE:
        return Attachment(name=name, kind="file", id=node.ident("N", None))
    return None


def parse_attachments(node: Node, key: str) -> tuple[Attachment, ...]:
    """The attachments listed under ``key`` (missing: none)."""
    found: list[Attachment] = []
    for item in node.objs(key, required=False):
        attachment = parse_attachment(item)
        if attachment is not None:
            found.append(attachment)
    return tuple(found)


def attachments_of(data: Any, key: str, function: str) -> tuple[Attachment, ...]:
    return parse_attachments(Node.root(data, function), key)
