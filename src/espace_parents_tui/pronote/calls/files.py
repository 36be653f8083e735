"""Files: attachments served at ``FichiersExternes`` (pronotepy.md §1.12)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx

from espace_parents_tui.models import Attachment
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.session import ServerSession

# The name at the end of a file's address is only a label (the sealed id names the file): what
# would make it another path (a slash, "..") or an invalid one (a control character) is left out.
_NOT_IN_URL_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]+")


def url_name(name: str | None) -> str:
    """The file name as the last segment of a ``FichiersExternes`` address."""
    label = _NOT_IN_URL_NAME.sub("_", name or "").strip(" .")
    return quote(label or "fichier", safe="")


class FilesCalls(CallsBase):
    if TYPE_CHECKING:  # provided by PronoteClient
        _session: ServerSession | None
        _http: httpx.AsyncClient
        logged_in: bool
        requests_sent: int

    def file_url(self, attachment: Attachment) -> str:
        """Where a file attachment of this session is served (``FichiersExternes``).

        The file id is AES-encrypted with the session key, so the address is only good for the
        session that listed the attachment (pronotepy.md §1.12).
        """
        if attachment.is_link:
            return attachment.url or ""
        session = self._session
        if session is None or not self.logged_in or not attachment.id:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte pour ce fichier."))
        sealed = session.state.encrypt(json.dumps({"N": attachment.id, "Actif": True}).encode("utf-8")).hex()
        return f"{session.root}/FichiersExternes/{sealed}/{url_name(attachment.name)}?Session={session.info.session_id}"

    async def download(self, attachment: Attachment) -> bytes:
        """The bytes of a file attachment listed in this session."""
        url = self.file_url(attachment)
        try:
            response = await self._http.get(url)
        except httpx.TimeoutException as exc:
            raise errors.ServerTimeout(function="FichiersExternes") from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable(function="FichiersExternes") from exc
        self.requests_sent += 1
        if response.status_code != 200:
            raise errors.HttpError(response.status_code, function="FichiersExternes")
        return response.content
