"""Writes that carry files: the uploads first, then the write call, in one hold of the session lock.

Every feature that hands the school a file (an absence's certificate, a document the school asks
for) goes through :meth:`UploadCalls.write_with_files`. The files are uploaded with
:func:`espace_parents_tui.pronote.upload.send_file`, each under the next order number, then the
write names each one by the element PRONOTE's client builds for it (parent-features.md §1.5 step 5):
``{N: -1001…, G: 1, L: <name>, E: 1, idFichier: <id>}``. If the session expired on the way, the
client logs in again and does it all once more (the files must be sent again: an upload belongs to
the session that received it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.upload import FILE_KIND, FileToSend, send_file
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    import asyncio

    import httpx

    from espace_parents_tui.pronote.session import ServerSession

# New elements get negative ids, from -1001 down (ObjetElement.getNumeroCreation, §1.2).
FIRST_NEW_ID = -1001
_SERIAL = itertools.count(1)


def new_file_element(index: int, file: FileToSend, file_id: str) -> dict[str, Any]:
    return {"N": FIRST_NEW_ID - index, "G": FILE_KIND, "L": file.pronote_name, "E": 1, "idFichier": file_id}


class UploadCalls(CallsBase):
    if TYPE_CHECKING:  # provided by PronoteClient
        _session: ServerSession | None
        _http: httpx.AsyncClient
        _lock: asyncio.Lock
        logged_in: bool
        requests_sent: int

        async def _call_locked(
            self, function: str, data: Any, tab: int | None, child: Child | str | None
        ) -> dict: ...

        async def _relogin_locked(self) -> None: ...

    uploads_sent = 0

    async def write_with_files(
        self,
        function: str,
        data: Callable[[list[dict[str, Any]]], dict],
        files: Sequence[FileToSend],
        *,
        tab: int,
        child: Child | str | None,
    ) -> dict:
        """Upload ``files`` for ``function``, then call it with ``data(elements)``: ``elements`` are
        the new file elements to put in the write, in the order of ``files``."""
        if not self.logged_in or self.account is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        if tab not in self.account.tabs:
            raise errors.AccessDenied(
                _("Cet onglet n'est pas ouvert à ce compte par l'établissement."), function=function, tab=tab
            )
        async with self._lock:
            for attempt in range(2):
                try:
                    elements = []
                    for index, file in enumerate(files):
                        file_id = f"selecfile_{index + 1}_{next(_SERIAL)}"
                        await self._upload_locked(file, function, file_id)
                        elements.append(new_file_element(index, file, file_id))
                    return await self._call_locked(function, data(elements), tab, child)
                except errors.SessionExpired:
                    if attempt:
                        raise
                    await self._relogin_locked()
        raise AssertionError("unreachable")  # pragma: no cover

    async def _upload_locked(self, file: FileToSend, request: str, file_id: str) -> None:
        session = self._session
        if session is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        order = session.order
        session.order += 2  # an upload consumes an order-number pair, answered or not
        url = f"{session.root}/uploadfilesession/{session.info.space}/{session.info.session_id}"
        self.requests_sent += 1
        self.uploads_sent += 1
        await send_file(
            self._http,
            url=url,
            era=session.era,
            state=session.state,
            order=order,
            session_id=session.info.session_id,
            request=request,
            file_id=file_id,
            file=file,
        )
