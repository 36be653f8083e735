"""Files the server hands out at ``FichiersExternes/…`` (attachments, arrive with issue 3)."""

from __future__ import annotations

from typing import Any


def open_file(school: Any, key: str) -> tuple[str, str, bytes] | None:
    """The file whose id key is ``key`` as (file name, content type, bytes); None when unknown.

    ``key`` is what ``IdMinter.lookup`` gives back for the file's ``N``. The demo school has no
    attachments yet, so every key is unknown for now.
    """
    return None
