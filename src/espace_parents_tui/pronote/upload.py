"""File upload, as PRONOTE's own web client sends a file (parent-features.md §1.5, confidence A).

A write that carries a file is two-phase: first the file goes to ``uploadfilesession/<espace>/<session>``
(multipart, with the session's encrypted order number), then the write call names it by its
``idFichier``. One upload consumes an order-number pair, exactly like a function call: the reply's
``numeroOrdre`` is the number sent plus one, and the counter then moves on by two.

- Form fields ``u_no`` (AES order number), ``u_ns`` (session), ``u_idR`` (the write that will consume
  the file), ``u_idF`` (the file id), ``u_md5`` (lowercase hex MD5, files of 30 MiB or less) and
  ``files[]``; before PRONOTE 2025.1.3 (eras 1 and 2 here) the same fields were named
  ``numeroOrdre``, ``numeroSession``, ``nomRequete``, ``idFichier`` and ``md5``.
- Header ``content-disposition: attachment; filename="<encodeURI(name)>"``.
- Over 100 KiB the file goes in 100 KiB slices, each its own POST with the same fields and a
  ``content-range: bytes <start>-<end>/<total>`` header; only the last reply counts. What a server
  answers to the other slices is not known (reference §17.7): a refusal (``etat`` 2) there stops the
  upload, anything else goes on.
- The reply is ``{etat, numeroOrdre, message?}``: ``etat`` 1 done, 2 refused (``message`` says why).

This module knows nothing of the session object beyond what it is handed; the client's
``UploadCalls`` mixin holds the session lock around it.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from espace_parents_tui.pronote import crypto, errors, wire
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:  # httpx loads with the client that sends, not with FileToSend on the app's start path
    import httpx

CHUNK_BYTES = 100 * 1024
MD5_LIMIT = 30 * 1024 * 1024
# TypeEtatUpload
UNKNOWN, DONE, FAILED, IN_PROGRESS = 0, 1, 2, 3
# EGenreDocumentJoint.Fichier: the G of a file element in a write.
FILE_KIND = 1
# The characters PRONOTE's file picker replaces with "_" in a file's name.
UNSAFE_CHARACTERS = ':/\\*?"<>|'
# encodeURI leaves these as they are.
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"


@dataclass(frozen=True)
class FileToSend:
    """A file chosen by the parent: its name (no folder) and its bytes."""

    name: str
    content: bytes

    @property
    def pronote_name(self) -> str:
        return pronote_file_name(self.name)

    @property
    def size(self) -> int:
        return len(self.content)


def pronote_file_name(name: str) -> str:
    """The name as PRONOTE's picker lists it: ``:/\\*?"<>|`` and control characters become ``_``."""
    cleaned = "".join("_" if c in UNSAFE_CHARACTERS or ord(c) < 32 else c for c in name).strip()
    return cleaned or "fichier"


def form_fields(
    era: wire.Era, order_token: str, session_id: int, request: str, file_id: str, md5: str
) -> dict[str, str]:
    """The form fields of one upload POST, named as the server's era expects them."""
    if era is wire.Era.DATASEC:
        names = ("u_no", "u_ns", "u_idR", "u_idF", "u_md5")
    else:
        names = ("numeroOrdre", "numeroSession", "nomRequete", "idFichier", "md5")
    return dict(zip(names, (order_token, str(session_id), request, file_id, md5), strict=True))


def slices(size: int) -> list[tuple[int, int]]:
    """``(start, end)`` (end excluded) of each POST; one slice for a small (or empty) file."""
    if size <= CHUNK_BYTES:
        return [(0, size)]
    return [(start, min(start + CHUNK_BYTES, size)) for start in range(0, size, CHUNK_BYTES)]


async def send_file(
    http: httpx.AsyncClient,
    *,
    url: str,
    era: wire.Era,
    state: crypto.CipherState,
    order: int,
    session_id: int,
    request: str,
    file_id: str,
    file: FileToSend,
) -> None:
    """POST ``file`` to ``url`` (the session's ``uploadfilesession`` address) under order number
    ``order``; returns once the server took it, raises :class:`errors.UploadRefused` otherwise."""
    import httpx

    function = "uploadfilesession"
    md5 = hashlib.md5(file.content).hexdigest() if file.size <= MD5_LIMIT else ""  # noqa: S324 (protocol)
    name = file.pronote_name
    fields = form_fields(era, state.order_token(order), session_id, request, file_id, md5)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    parts = slices(file.size)
    reply: dict[str, Any] = {}
    for start, end in parts:
        headers = {"content-disposition": f'attachment; filename="{quote(name, safe=_ENCODE_URI_SAFE)}"'}
        if len(parts) > 1:
            headers["content-range"] = f"bytes {start}-{end - 1}/{file.size}"
        try:
            response = await http.post(
                url,
                data=fields,
                files={"files[]": (name, file.content[start:end], mime)},
                headers=headers,
            )
        except httpx.TimeoutException as exc:
            raise errors.ServerTimeout(function=function) from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable(function=function) from exc
        if response.status_code != 200:
            raise errors.HttpError(response.status_code, function=function)
        try:
            reply = response.json()
        except ValueError as exc:
            raise errors.ProtocolError(_("réponse d'envoi de fichier illisible"), function=function) from exc
        wire.check_error(reply, function)  # an expired session answers like a function call
        if reply.get("etat") == FAILED:
            raise errors.UploadRefused([_message(reply, name)], function=function)
    if reply.get("etat") != DONE:
        raise errors.UploadRefused([_message(reply, name)], function=function)
    try:
        echoed = state.read_order_token(str(reply.get("numeroOrdre", "")))
    except crypto.CryptoError as exc:
        raise errors.ProtocolError(_("numéro d'ordre illisible après l'envoi"), function=function) from exc
    if echoed != order + 1:
        raise errors.ProtocolError(
            _("numéro d'ordre inattendu après l'envoi ({echoed} au lieu de {value})").format(
                echoed=echoed, value=order + 1
            ),
            function=function,
        )


def _message(reply: dict[str, Any], name: str) -> str:
    message = reply.get("message")
    if isinstance(message, str) and message.strip():
        return message.strip()
    return _("le fichier « {name} » n'a pas été accepté.").format(name=name)
