"""Files the server hands out at ``FichiersExternes/…``, and attachments as pages list them."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from .contract import PageRequest

# The id table of attachments (``DocumentJoint``, parent-features.md §14 EGenreRessource 48).
ATTACHMENT_TABLE = 48
LINK, FILE = 0, 1


def document_key(document_key: str) -> str:
    """The minter key of a school document: what ``IdMinter.lookup`` gives back for its ``N``."""
    return f"doc:{document_key}"


def open_file(school: Any, key: str) -> tuple[str, str, bytes] | None:
    """The file whose id key is ``key`` as (file name, content type, bytes); None when unknown."""
    if not key.startswith("doc:"):
        return None
    document = school.document(key[len("doc:") :])
    if document is None:
        return None
    try:
        content = base64.b64decode(document.data, validate=True)
    except (binascii.Error, ValueError):
        return None
    return document.name, document.content_type, content


def attachment_value(request: PageRequest, attachment: Any) -> dict:
    """An attachment element ``{N, L, G}`` (links add ``url``), as PRONOTE lists them."""
    if attachment.url:
        key = f"link:{attachment.url}"
        return {
            "N": request.ids.mint(ATTACHMENT_TABLE, key),
            "L": attachment.name,
            "G": LINK,
            "url": attachment.url,
        }
    return {
        "N": request.ids.mint(ATTACHMENT_TABLE, document_key(attachment.document)),
        "L": attachment.name,
        "G": FILE,
    }
