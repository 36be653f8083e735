"""``appelfonction``: one PRONOTE function call, from the envelope to the encoded answer.

The call half of :class:`~espace_parents_tui.demo.server.DemoServer` (a mixin: ``self`` is the
server): order counter, ``dataSec`` codec, login (FonctionParametres, Identification,
Authentification, 2FA), member and tab checks, faults, then the page builders.

Wire facts (pronotepy.md §1.4-1.7, §1.11; pawnote-papillon.md §2.4-2.7):
- the order number is AES(str(n)) with n = 1, 3, 5...; the reply carries n+1 under the state that
  encodes the reply;
- the ``FonctionParametres`` request is read with the zero IV and answered with IV = MD5(R);
- the ``Authentification`` answer goes out under the old key; the new key applies from the next call.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric import padding as asym_padding

from espace_parents_tui.clock import Clock
from espace_parents_tui.demo import protocol
from espace_parents_tui.demo.auth import PendingLogin
from espace_parents_tui.demo.faults import ENT_PATH, PAYLOAD, AnswerFault, take_fault
from espace_parents_tui.demo.pages import IdMinter, PageFault, PageRequest
from espace_parents_tui.demo.pages.contract import REPORT_KEY, SaisieRefused, WriteReport
from espace_parents_tui.demo.protocol import (
    ERR_ACCESS_DENIED,
    ERR_PAGE_EXPIRED,
    ERR_PAGE_UNAVAILABLE,
    ERR_SESSION_EXPIRED,
    ERR_STALE_OBJECT,
    ERR_TOO_MANY_ATTEMPTS,
    WireFault,
)
from espace_parents_tui.pronote import crypto

if TYPE_CHECKING:
    from espace_parents_tui.demo.auth import LoginDesk
    from espace_parents_tui.demo.options import ServerOptions, ServerStats

log = logging.getLogger(__name__)

NAVIGATION_TAB = 7
LOGIN_FUNCTIONS = ("FonctionParametres", "Identification", "Authentification")


@dataclass
class Session:
    id: int
    space: int
    ids: IdMinter
    cipher: crypto.CipherState = field(default_factory=crypto.CipherState)
    next_order: int = 1
    calls: int = 0
    dead: bool = False
    iv_ready: bool = False
    identifiant_nav: str | None = None
    pending: PendingLogin | None = None
    parent: Any = None
    mobile_uuid: str = ""
    two_factor: set[int] = field(default_factory=set)  # 2FA actions still required
    pin_ok: bool = False
    # Files received at uploadfilesession, by idFichier, and the one being received in slices.
    uploads: dict[str, Any] = field(default_factory=dict)
    upload_partial: Any = None


@dataclass
class HttpAnswer:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # Faults: pause this long in the middle of the body; or cut the connection there.
    stall: float = 0.0
    cut: bool = False


ENT_PAGE = protocol.render_message_page(
    "EduConnect",
    "Identifiez-vous avec votre compte ÉduConnect pour accéder aux services de l'établissement.",
)
NGINX_503 = (
    "<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
    "<center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
    "</body></html>"
)


def spoiled_answer(fault: AnswerFault, body: bytes, content_type: str = "application/json") -> HttpAnswer:
    """The transport half of a fault: what reaches the client instead of ``body``."""
    kind = fault.kind
    if kind == "http500":
        return _text(500, "Erreur interne du serveur PRONOTE.")
    if kind == "http503":
        return _html(503, NGINX_503)
    if kind == "http429":
        answer = _text(429, "Trop de requêtes.")
        answer.headers.append((b"retry-after", b"120"))
        return answer
    if kind == "html_error":
        return _html(200, protocol.SITE_UNAVAILABLE_PAGE)
    if kind == "redirect_ent":
        target = ENT_PATH + "?service=" + quote("/pronote/parent.html", safe="")
        return HttpAnswer(302, b"", "text/plain", [(b"location", target.encode("ascii"))])
    if kind == "truncated":
        return HttpAnswer(200, body[: max(1, len(body) // 2)], content_type)
    if kind == "slow_body":
        return HttpAnswer(200, body, content_type, stall=fault.stall)
    if kind == "cut":
        return HttpAnswer(200, body, content_type, cut=True)
    raise ValueError(kind)


class ReplayedHttpFailure(Exception):
    """An HTTP error a support bundle's school replays (``CallFailure.status``)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _json(status: int, value: Any) -> HttpAnswer:
    return HttpAnswer(status, json.dumps(value).encode("utf-8"), "application/json; charset=utf-8")


def _html(status: int, text: str) -> HttpAnswer:
    return HttpAnswer(status, text.encode("utf-8"), "text/html; charset=utf-8")


def _text(status: int, text: str) -> HttpAnswer:
    return HttpAnswer(status, text.encode("utf-8"), "text/plain; charset=utf-8")


# The id table of files served at FichiersExternes (``DocumentJoint``, as ``pages/files.py`` mints them).
FILE_TABLE = 48


def _file_url(session: Session, key: str, name: str) -> str:
    """``FichiersExternes/<hex>/<name>?Session=<h>``: the file ``key`` as this session serves it.

    The id is sealed with the session's key and IV, as a real server does for generated files
    (pawnote-papillon.md §1.2 ``GenerationPDF``: the answer's ``url`` is relative to the root). The
    name is left as is; clients encode the address.
    """
    ident = json.dumps({"N": session.ids.mint(FILE_TABLE, key), "Actif": True})
    sealed = session.cipher.encrypt(ident.encode())
    return f"FichiersExternes/{sealed.hex()}/{name}?Session={session.id}"


def _unseal(session: Session, hexa: Any) -> str:
    if not isinstance(hexa, str):
        raise ValueError("not a sealed text")
    try:
        return session.cipher.decrypt(bytes.fromhex(hexa)).decode("utf-8")
    except (crypto.CryptoError, UnicodeDecodeError) as exc:
        raise ValueError("does not decrypt") from exc


class FunctionCalls:
    """``appelfonction`` handling, mixed into ``DemoServer``."""

    options: ServerOptions
    clock: Clock
    stats: ServerStats
    desk: LoginDesk
    era: protocol.Era
    school: Any
    state: dict[str, Any]
    sessions: dict[int, Session]
    pages: dict[str, Callable[[PageRequest], dict]]
    page_tabs: dict[str, Any]
    _rsa_key: Any

    @property
    def locked(self) -> bool:
        limit = self.options.lockout_after
        return limit is not None and self.desk.consecutive_failures >= limit

    def _call(self, space: int, session_id: int, url_order: str, body: bytes) -> HttpAnswer:
        era = self.era
        try:
            call = protocol.read_envelope(era, body)
        except ValueError as exc:
            return _text(400, f"Requête PRONOTE invalide : {exc}.")
        self.stats.requests[call.function] += 1
        session = self.sessions.get(session_id)
        try:
            if session is None or session.dead or session.space != space or call.session != session_id:
                raise WireFault(ERR_SESSION_EXPIRED)
            number = self._check_order(session, url_order, call.order)
            self.stats.sessions_in_order.append(session.id)
            session.calls += 1
            limit = self.options.expire_after_calls
            if limit is not None and session.calls > limit:
                session.dead = True
                raise WireFault(ERR_SESSION_EXPIRED)
            if call.function in self.options.http500:
                return _text(500, "Erreur interne du serveur PRONOTE.")
            if call.function in self.options.malformed:
                return HttpAnswer(
                    200, b'{"session": ' + str(session.id).encode() + b', "dataSec": "7F3', "application/json"
                )
            try:
                payload = crypto.decode_request(
                    call.payload, session.cipher, compress=self.options.compress, encrypt=self.options.encrypt
                )
                data, signature = protocol.split_payload(era, payload)
            except (ValueError, crypto.CryptoError) as exc:
                log.info("dataSec illisible pour %s : %s", call.function, exc)
                raise WireFault(ERR_PAGE_EXPIRED) from exc
            answer, after = self._dispatch(session, call.function, data, signature)
        except WireFault as fault:
            self.stats.errors[fault.code] += 1
            return _json(200, fault.body())
        except ReplayedHttpFailure as failure:
            return _text(failure.status, f"Erreur HTTP {failure.status} (rejouée).")
        report = answer.pop(REPORT_KEY, None)
        payload = protocol.answer_payload(era, call.function, answer)
        if report is not None:
            payload["RapportSaisie"] = report  # beside data, as a real server reports a write
        spoil = take_fault(self.options.faults, call.function)
        if spoil is not None and spoil.kind == PAYLOAD:
            assert spoil.mutate is not None
            payload = spoil.mutate(copy.deepcopy(payload))
        encoded = crypto.encode_response(
            payload, session.cipher, compress=self.options.compress, encrypt=self.options.encrypt
        )
        if spoil is not None and spoil.kind in ("bad_crypto", "bad_compression"):
            encoded = self._unreadable(spoil.kind, encoded, session)
        reply = protocol.build_envelope(
            era, session.id, session.cipher.order_token(number + 1), call.function, encoded
        )
        if after is not None:
            after()
        if spoil is not None and spoil.kind not in (PAYLOAD, "bad_crypto", "bad_compression"):
            return spoiled_answer(spoil, json.dumps(reply).encode("utf-8"))
        return _json(200, reply)

    def _unreadable(self, kind: str, encoded: Any, session: Session) -> Any:
        """``dataSec`` that does not decrypt (``bad_crypto``) or decrypts to what does not inflate."""
        if kind == "bad_crypto":
            text = encoded if isinstance(encoded, str) else json.dumps(encoded).encode().hex().upper()
            # Same length, other bytes: the padding check (or the JSON) fails on the client.
            return "".join("0123456789ABCDEF"[(int(c, 16) + 7) % 16] for c in text)
        junk = b"ceci n'est pas du deflate " * 3
        if self.options.encrypt:
            junk = session.cipher.encrypt(junk)
        return junk.hex().upper()

    def _check_order(self, session: Session, url_order: str, body_order: str) -> int:
        try:
            numbers = {
                session.cipher.read_order_token(url_order),
                session.cipher.read_order_token(body_order),
            }
        except crypto.CryptoError:
            numbers = set()
        if numbers != {session.next_order}:
            session.dead = True  # the counters can no longer agree: the client must start again
            raise WireFault(ERR_PAGE_EXPIRED)
        session.next_order += 2
        return session.next_order - 2

    def _dispatch(
        self, session: Session, function: str, data: dict, signature: dict
    ) -> tuple[dict, Callable[[], None] | None]:
        """The answer's data, and what to change in the session once the answer is encoded."""
        if function == "FonctionParametres":
            return self._fonction_parametres(session, data, signature)
        if function == "Identification":
            return self._identification(session, data), None
        if function == "Authentification":
            return self._authentification(session, data)
        if session.parent is None:
            raise WireFault(ERR_SESSION_EXPIRED)
        onglet = signature.get("onglet")
        if onglet is not None and (not isinstance(onglet, int) or isinstance(onglet, bool)):
            raise WireFault(ERR_ACCESS_DENIED)
        if onglet in self.options.refuse_tabs:
            raise WireFault(ERR_ACCESS_DENIED)
        child = self._member(session, signature)
        self._replayed_failure(function, child)
        if function == self.era.keep_alive:
            return {}, None
        if function in ("Navigation", "Presence"):  # the other era's keep-alive
            raise WireFault(ERR_PAGE_UNAVAILABLE)
        if function == "SecurisationCompteDoubleAuth":
            return self._double_auth(session, data), None
        if session.two_factor:
            raise WireFault(ERR_ACCESS_DENIED)
        if function == "JetonAppliMobile":
            if onglet != NAVIGATION_TAB:
                raise WireFault(ERR_ACCESS_DENIED)
            pin = data.get("code")
            if not isinstance(pin, str) or not re.fullmatch(r"\d{4}", pin):
                raise WireFault(ERR_PAGE_UNAVAILABLE)
            return self.desk.issue_qr(session.parent, pin), None
        builder = self.pages.get(function)
        if builder is None or function in LOGIN_FUNCTIONS:
            raise WireFault(ERR_PAGE_UNAVAILABLE)
        self._check_tab(session, function, onglet)
        return self._build(builder, session, child, data, signature), None

    def _replayed_failure(self, function: str, child: Any) -> None:
        """A call that failed for the parent whose support bundle this school is fails again."""
        for failure in getattr(self.school, "failures", ()):  # a stand-in school of the tests has none
            if failure.function == function and (
                failure.child is None or (child and child.key == failure.child)
            ):
                if failure.status is not None:
                    raise ReplayedHttpFailure(failure.status)
                raise WireFault(failure.code, failure.title or None)

    def _build(self, builder: Callable, session: Session, child: Any, data: dict, signature: dict) -> dict:
        request = PageRequest(
            school=self.school,
            parent=session.parent,
            child=child,
            data=data,
            signature=signature,
            ids=session.ids,
            today=self.clock.today(),
            now=self.clock.now(),
            server_version=self.options.version,
            state=self.state,
            file_url=lambda key, name: _file_url(session, key, name),
            uploads=session.uploads,
            seal=lambda text: session.cipher.encrypt(text.encode("utf-8")).hex(),
            unseal=lambda hexa: _unseal(session, hexa),
        )
        try:
            answer = builder(request)
        except PageFault as fault:
            raise WireFault(fault.code, fault.title) from fault
        except SaisieRefused as refused:
            answer = {REPORT_KEY: refused.report()}
        if isinstance(answer, WriteReport):
            answer = {**answer.data, REPORT_KEY: answer.report}
        if not isinstance(answer, dict):
            raise TypeError(f"page builder {builder.__name__} returned {type(answer).__name__}, not a dict")
        return answer

    def _member(self, session: Session, signature: dict) -> Any:
        membre = signature.get("membre")
        if membre is None:
            return None
        key = session.ids.lookup(membre.get("N") if isinstance(membre, dict) else None)
        if key is None:
            raise WireFault(ERR_STALE_OBJECT)
        for child in getattr(session.parent, "children", []):
            if key == f"child:{child.key}":
                return child
        raise WireFault(ERR_ACCESS_DENIED)

    def _check_tab(self, session: Session, function: str, onglet: Any) -> None:
        required = self.page_tabs.get(function)
        if required is not None:
            allowed = {required} if isinstance(required, int) else set(required)
            if onglet not in allowed:
                raise WireFault(ERR_ACCESS_DENIED)
        granted = getattr(session.parent, "tabs", None)
        if onglet is not None and onglet != NAVIGATION_TAB and granted is not None and onglet not in granted:
            raise WireFault(ERR_ACCESS_DENIED)

    # --- login ----------------------------------------------------------------------------------

    def _fonction_parametres(
        self, session: Session, data: dict, signature: dict
    ) -> tuple[dict, Callable[[], None] | None]:
        builder = self.pages.get("FonctionParametres")
        if builder is None:
            raise WireFault(ERR_PAGE_UNAVAILABLE)
        seed = None
        if not session.iv_ready:
            seed = self._read_uuid(data.get("Uuid"))
            nav = data.get("identifiantNav")
            session.identifiant_nav = nav if isinstance(nav, str) and nav else secrets.token_hex(16)
        answer = dict(self._build(builder, session, None, data, signature))
        answer["identifiantNav"] = session.identifiant_nav
        if seed is not None:
            # The answer goes out under the new IV: switch before it is encoded.
            session.cipher.iv = crypto.md5(seed)
            session.iv_ready = True
        return answer, None

    def _read_uuid(self, value: Any) -> bytes:
        try:
            raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
            if self._rsa_key is not None:
                raw = self._rsa_key.decrypt(raw, asym_padding.PKCS1v15())
        except (binascii.Error, ValueError) as exc:
            raise WireFault(ERR_PAGE_UNAVAILABLE) from exc
        if len(raw) != 16:
            raise WireFault(ERR_PAGE_UNAVAILABLE)
        return raw

    def _identification(self, session: Session, data: dict) -> dict:
        if not session.iv_ready:
            raise WireFault(ERR_SESSION_EXPIRED)
        if self.locked:
            self.stats.locked_out += 1
            raise WireFault(ERR_TOO_MANY_ATTEMPTS)
        answer, pending = self.desk.identify(data, session.cipher.iv)
        session.pending = pending
        return answer

    def _authentification(self, session: Session, data: dict) -> tuple[dict, Callable[[], None] | None]:
        if not session.iv_ready:
            raise WireFault(ERR_SESSION_EXPIRED)
        if self.locked:
            self.stats.locked_out += 1
            raise WireFault(ERR_TOO_MANY_ATTEMPTS)
        pending, session.pending = session.pending, None
        self.stats.login_attempts += 1
        when = self.clock.now().strftime("%d/%m/%Y %H:%M:%S")
        result = self.desk.authenticate(pending, data.get("challenge"), session.identifiant_nav, when)
        if result is None:
            self.stats.failed_logins += 1
            self.desk.consecutive_failures += 1
            return {"Acces": 1}, None

        def switch_key() -> None:
            # The Authentification answer is still encoded with the old session key; the new
            # key applies from the next call on.
            session.cipher.key = result.new_key
            session.parent = result.parent
            session.mobile_uuid = result.mobile_uuid
            session.two_factor = set(result.two_factor)
            session.pin_ok = False

        return result.answer, switch_key

    def _double_auth(self, session: Session, data: dict) -> dict:
        action = data.get("action")
        if action == 0:
            session.pin_ok = self._pin_matches(session, data.get("codePin"))
            return {"result": session.pin_ok}
        if action == 2:
            return {"dejaConnu": False}
        if action == 3:
            if 3 in session.two_factor and not (
                session.pin_ok or self._pin_matches(session, data.get("codePin"))
            ):
                return {"result": False}
            self.desk.register_device(session.parent, session.identifiant_nav)
            session.two_factor = set()
            answer: dict[str, Any] = {"result": True}
            token = self.desk.tokens.get((session.parent.login, session.mobile_uuid))
            if session.mobile_uuid and token:
                answer["jetonConnexionAppliMobile"] = token  # unchanged: no second rotation
            return answer
        raise WireFault(ERR_PAGE_UNAVAILABLE)

    def _pin_matches(self, session: Session, code: Any) -> bool:
        if not isinstance(code, str):
            return False
        try:
            pin = session.cipher.decrypt(bytes.fromhex(code)).decode("utf-8")
        except (ValueError, crypto.CryptoError):
            return False
        return secrets.compare_digest(pin, self.options.two_factor_pin)
