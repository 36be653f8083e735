"""``POST uploadfilesession/<espace>/<session>``: the emulated server's side of a file upload.

The upload half of :class:`~espace_parents_tui.demo.server.DemoServer` (a mixin: ``self`` is the
server). Wire facts (parent-features.md §1.5): a ``multipart/form-data`` body with ``u_no`` (the
AES order number), ``u_ns``, ``u_idR`` (the write that will use the file), ``u_idF``, ``u_md5`` and
``files[]`` (``numeroOrdre``, ``numeroSession``, ``nomRequete``, ``idFichier``, ``md5`` before
2025.1.3, eras 1 and 2 here); the name in the ``content-disposition`` header (``encodeURI``);
slices of 100 KiB with ``content-range``. The reply is ``{etat, numeroOrdre, message?}`` with the
order number plus one; an upload consumes an order-number pair.

What the server checks, and how it says no (``etat`` 2 and a ``message``; the words are this demo's,
a real server's are not known): the session and its order number (as a function call: ``Erreur``
10 or 13), an empty file, a file over the size the school announces
(``tailleMaxDocJointEtablissement``), an extension it does not take, a slice out of order, an MD5
that does not match. A name is kept under a safe name (no folder, no ``..`` path). Intermediate
slices are answered ``etat`` 3 (inferred, reference §17.7). A file waits in its session for the
write that names it (``PageRequest.uploads``).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from espace_parents_tui.demo.calls import HttpAnswer, Session, _json
from espace_parents_tui.demo.protocol import ERR_PAGE_EXPIRED, ERR_SESSION_EXPIRED, WireFault
from espace_parents_tui.pronote import crypto

if TYPE_CHECKING:
    from espace_parents_tui.demo.options import ServerStats

DONE, FAILED, IN_PROGRESS = 1, 2, 3
FIELDS_2025 = ("u_no", "u_ns", "u_idR", "u_idF", "u_md5")
FIELDS_2024 = ("numeroOrdre", "numeroSession", "nomRequete", "idFichier", "md5")
_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+)")
_UNSAFE = re.compile(r'[\x00-\x1f:/\\*?"<>|]')


@dataclass
class Upload:
    """A file received in a session, waiting for the write (``request``) that names it."""

    request: str
    file_id: str
    name: str  # the safe name the school keeps
    content: bytes
    received_name: str = ""  # the name as the client sent it


@dataclass
class _Partial:
    order: int
    request: str
    file_id: str
    md5: str
    total: int
    received: bytearray = field(default_factory=bytearray)


def safe_upload_name(name: str) -> str:
    """The name the school keeps: no folder part, PRONOTE's unsafe characters as ``_``, no leading dot."""
    cleaned = _UNSAFE.sub("_", name).strip().lstrip(".")
    return cleaned[:150] or "fichier"


def read_form(content_type: str, body: bytes) -> tuple[dict[str, str], tuple[str, bytes] | None]:
    """The text fields and the first file (name, bytes) of a ``multipart/form-data`` body."""
    if "multipart/form-data" not in content_type.lower():
        raise ValueError("pas un formulaire multipart")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise ValueError("formulaire illisible")
    fields: dict[str, str] = {}
    found: tuple[str, bytes] | None = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None or name == "files[]":
            if found is None:
                found = (part.get_filename() or "", payload)
        elif isinstance(name, str):
            fields[name] = payload.decode("utf-8", "replace")
    return fields, found


class UploadDesk:
    """``uploadfilesession`` handling, mixed into ``DemoServer``."""

    sessions: dict[int, Session]
    stats: ServerStats
    era: Any
    school: Any

    def _upload(self, space: int, session_id: int, headers: dict[str, str], body: bytes) -> HttpAnswer:
        self.stats.requests["uploadfilesession"] += 1
        session = self.sessions.get(session_id)
        if session is None or session.dead or session.space != space or session.parent is None:
            return self._upload_fault(ERR_SESSION_EXPIRED)
        try:
            fields, file = read_form(headers.get("content-type", ""), body)
        except ValueError as exc:
            return _refused(f"Envoi de fichier illisible ({exc}).")
        names = FIELDS_2025 if self.era.number >= 3 else FIELDS_2024
        token, _ns, request, file_id, md5 = (fields.get(n, "") for n in names)
        if file is None or not token or not request or not file_id:
            return _refused("Envoi de fichier incomplet.")
        try:
            number = session.cipher.read_order_token(token)
        except crypto.CryptoError:
            number = None
        span = _content_range(headers.get("content-range", ""))
        partial: _Partial | None = session.upload_partial
        start = span[0] if span else 0
        if partial is not None and number == partial.order and start == len(partial.received) and start:
            pass  # the next slice of the file being received
        elif number == session.next_order and start == 0:
            session.next_order += 2  # an upload consumes an order-number pair
            total = span[2] if span else len(file[1])
            partial = _Partial(number, request, file_id, md5, total)
        else:
            session.upload_partial = None
            if number is None or number != session.next_order:
                session.dead = True  # the counters can no longer agree, as for a function call
                return self._upload_fault(ERR_PAGE_EXPIRED)
            return _refused("Morceau de fichier inattendu : recommencez l'envoi.")
        session.upload_partial = partial
        partial.received += file[1]
        limit = self.school.uploads.max_bytes
        if len(partial.received) > limit or partial.total > limit:
            session.upload_partial = None
            return _refused(f"Le fichier dépasse la taille autorisée par l'établissement ({_size(limit)}).")
        if span and span[1] + 1 < partial.total:
            return _json(
                200, {"etat": IN_PROGRESS, "numeroOrdre": session.cipher.order_token(partial.order + 1)}
            )
        session.upload_partial = None
        return self._upload_done(session, partial, headers, file[0])

    def _upload_done(
        self, session: Session, partial: _Partial, headers: dict[str, str], part_name: str
    ) -> HttpAnswer:
        content = bytes(partial.received)
        received_name = _header_name(headers.get("content-disposition", "")) or part_name
        name = safe_upload_name(received_name)
        if not content:
            return _refused("Le fichier est vide.")
        if len(content) != partial.total:
            return _refused("Le fichier reçu est incomplet : recommencez l'envoi.")
        if partial.md5 and hashlib.md5(content).hexdigest() != partial.md5.lower():  # noqa: S324
            return _refused("Le fichier reçu est abîmé (contrôle MD5) : recommencez l'envoi.")
        allowed = [e.lower() for e in self.school.uploads.extensions]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if allowed and extension not in allowed:
            return _refused(
                f"Ce type de fichier n'est pas accepté (formats acceptés : {', '.join(allowed)})."
            )
        session.uploads[partial.file_id] = Upload(
            partial.request, partial.file_id, name, content, received_name
        )
        return _json(200, {"etat": DONE, "numeroOrdre": session.cipher.order_token(partial.order + 1)})

    def _upload_fault(self, code: int) -> HttpAnswer:
        self.stats.errors[code] += 1
        return _json(200, WireFault(code).body())


def _refused(message: str) -> HttpAnswer:
    return _json(200, {"etat": FAILED, "message": message})


def _content_range(value: str) -> tuple[int, int, int] | None:
    match = _RANGE.fullmatch(value.strip())
    if not match:
        return None
    start, end, total = (int(x) for x in match.groups())
    return (start, end, total) if start <= end < total else None


def _header_name(value: str) -> str:
    match = re.search(r'filename="([^"]*)"', value)
    return unquote(match.group(1)) if match else ""


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.1f} Mo".replace(".0 ", " ").replace(".", ",")
    return f"{limit / 1024:.0f} Ko"
