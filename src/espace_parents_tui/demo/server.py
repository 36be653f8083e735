"""The emulated PRONOTE server: a plain ASGI application that speaks PRONOTE as a real server does.

Routes, under ``/pronote/``:

- ``GET parent.html`` / ``GET mobile.parent.html``: a new session, its ``Start({...})`` parameters;
- ``POST appelfonction/{a}/{h}/{no}``: one function call (envelope per era, ``dataSec`` codec from
  ``pronote.crypto``, login, then ``pages.PAGES[function]``);
- ``GET FichiersExternes/{hex}/{name}?Session={h}``: an attachment, id encrypted with the session key;
- ``POST uploadfilesession/{a}/{h}``: a file a parent sends before the write that uses it (``uploads.py``);
- ``GET infoMobileApp.json?id=...``: the instance description the mobile app reads.

It shares only ``pronote.crypto`` with the client. Faults (expiry, refused tabs, HTTP 500, malformed
answers, lockout, IP ban, maintenance, 2FA) are switched on through :class:`ServerOptions` so that
tests and ``--demo`` can show every failure a real server produces (the options and counters are in
``options.py``). Serving it (uvicorn on 127.0.0.1, in-process or in a thread, and the ``demo-server``
command) is ``serving.py``'s job, which imports this module, never the other way round.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote

from cryptography.hazmat.primitives.asymmetric import rsa

from espace_parents_tui.clock import Clock, clock_for
from espace_parents_tui.demo import pages as pages_module
from espace_parents_tui.demo import protocol
from espace_parents_tui.demo.auth import LoginDesk
from espace_parents_tui.demo.calls import (
    ENT_PAGE,
    FunctionCalls,
    HttpAnswer,
    Session,
    _html,
    _json,
    _text,
    spoiled_answer,
)
from espace_parents_tui.demo.faults import ENT_PATH, PAYLOAD, WriteHold, take_fault, take_hold
from espace_parents_tui.demo.options import ServerOptions, ServerStats
from espace_parents_tui.demo.pages import IdMinter, PageRequest
from espace_parents_tui.demo.uploads import UploadDesk
from espace_parents_tui.pronote import crypto

log = logging.getLogger(__name__)

SPACES = {"parent.html": 2, "mobile.parent.html": 7}
MAX_SESSIONS = 2000


async def _held(hold: WriteHold) -> None:
    """Say the call is held, then wait for the test to release it (polling: no timed thread wait)."""
    hold.arrived.set()
    while not hold.released.is_set():
        await asyncio.sleep(0.005)


class ConnectionCut(Exception):
    """Raised in the middle of an answer: the server drops the connection (a fault on purpose)."""


class DemoServer(FunctionCalls, UploadDesk):
    """The ASGI application. One instance = one school, its sessions, credentials and writes."""

    def __init__(
        self,
        school: Any = None,
        options: ServerOptions | None = None,
        *,
        pages: dict[str, Callable[[PageRequest], dict]] | None = None,
        page_tabs: dict[str, Any] | None = None,
        open_file: Callable[[Any, str], Any] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.options = options or ServerOptions()
        # The server's time: its own day, whose time of day moves (or the run's clock when given).
        self.clock = clock or clock_for(self.options.today)
        if school is None:
            from espace_parents_tui.demo.school import demo_school

            school = demo_school(self.clock.today())
        self.school = school
        self.pages = pages if pages is not None else pages_module.PAGES
        self.page_tabs = page_tabs if page_tabs is not None else pages_module.PAGE_TABS
        self.open_file = open_file if open_file is not None else getattr(pages_module, "open_file", None)
        self.era = protocol.ERAS[self.options.era]
        self.state: dict[str, Any] = {}
        self.sessions: dict[int, Session] = {}
        self.stats = ServerStats()
        self.desk = LoginDesk(
            school,
            challenge=self.options.challenge,
            fold_login=self.options.fold_login,
            fold_secret=self.options.fold_password,
            two_factor=self.options.two_factor,
            clock=self.clock.timestamp,
        )
        self._rsa_key = (
            rsa.generate_private_key(public_exponent=65537, key_size=1024) if self.options.rsa_iv else None
        )

    # --- public helpers -------------------------------------------------------------------------

    def reset_stats(self) -> None:
        self.stats = ServerStats()

    def issue_qr(self, parent_login: str, pin: str, base_url: str) -> dict:
        """The JSON a parent's QR code holds, as PRONOTE's "Connexion mobile" dialog shows it."""
        parent = self.desk.find_parent(parent_login)
        if parent is None:
            raise KeyError(f"compte parent inconnu : {parent_login}")
        data = self.desk.issue_qr(parent, pin)
        return {"avecPageConnexion": False, **data, "url": mobile_page_url(base_url)}

    # --- ASGI -----------------------------------------------------------------------------------

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if self.options.latency_ms > 0:
            await asyncio.sleep(self.options.latency_ms / 1000)
        hold = self._hold_for(scope["path"], body) if self.options.holds else None
        if hold is not None and hold.stage == "before":
            await _held(hold)
            answer = _text(503, "Appel abandonné avant traitement (retenue voulue).")
        else:
            try:
                headers = {
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
                }
                answer = self.handle(
                    scope["method"], scope["path"], scope.get("query_string", b""), body, headers
                )
            except Exception:  # a bug in a page builder must not kill the connection
                log.exception("erreur interne du serveur de démonstration")
                answer = _text(500, "Erreur interne du serveur PRONOTE de démonstration.")
            if hold is not None:  # stored; the answer waits
                await _held(hold)
        headers = [
            (b"content-type", answer.content_type.encode("ascii")),
            (b"content-length", str(len(answer.body)).encode("ascii")),
            (b"cache-control", b"no-store"),
            *answer.headers,
        ]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        if answer.stall or answer.cut:
            half = len(answer.body) // 2
            await send({"type": "http.response.body", "body": answer.body[:half], "more_body": True})
            if answer.cut:
                raise ConnectionCut("connexion coupée au milieu de la réponse (panne voulue)")
            await asyncio.sleep(answer.stall)
            await send({"type": "http.response.body", "body": answer.body[half:]})
            return
        await send({"type": "http.response.body", "body": answer.body})

    def _hold_for(self, path: str, body: bytes) -> WriteHold | None:
        """The hold for this call, when it is an ``appelfonction`` call to a held function."""
        if "/appelfonction/" not in path:
            return None
        try:
            function = protocol.read_envelope(self.era, body).function
        except ValueError:
            return None
        return take_hold(self.options.holds, function)

    def handle(
        self, method: str, path: str, query: bytes, body: bytes, headers: dict[str, str] | None = None
    ) -> HttpAnswer:
        """Route one HTTP request (synchronous: a session's state changes atomically)."""
        if path == ENT_PATH:
            return _html(200, ENT_PAGE)
        if path in ("/", "/pronote", "/pronote/"):
            return HttpAnswer(302, b"", "text/plain", [(b"location", b"/pronote/parent.html")])
        if not path.startswith("/pronote/"):
            return _text(404, "Page introuvable.")
        rest = path[len("/pronote/") :]
        params = {k: v[-1] for k, v in parse_qs(query.decode("latin-1")).items()}
        if rest in SPACES:
            if method != "GET":
                return _text(405, "Méthode non autorisée.")
            page = self._space_page(SPACES[rest])
            spoil = take_fault(self.options.faults, "page")
            return spoiled_answer(spoil, page.body, page.content_type) if spoil else page
        if self.options.ip_suspended:
            return _html(403, protocol.IP_SUSPENDED_PAGE)
        if self.options.site_unavailable:
            return _html(503, protocol.SITE_UNAVAILABLE_PAGE)
        if rest.lower() == "infomobileapp.json":
            info = self._info_mobile_app()
            spoil = take_fault(self.options.faults, "infoMobileApp")
            if spoil is None:
                return info
            if spoil.kind == PAYLOAD:
                assert spoil.mutate is not None
                return _json(200, spoil.mutate(json.loads(info.body)))
            return spoiled_answer(spoil, info.body, info.content_type)
        match = re.fullmatch(r"appelfonction/(\d+)/(\d+)/([0-9A-Fa-f]+)", rest)
        if match:
            if method != "POST":
                return _text(405, "Méthode non autorisée.")
            space, session_id, order = int(match[1]), int(match[2]), match[3]
            return self._call(space, session_id, order, body)
        match = re.fullmatch(r"uploadfilesession/(\d+)/(\d+)", rest)
        if match:
            if method != "POST":
                return _text(405, "Méthode non autorisée.")
            return self._upload(int(match[1]), int(match[2]), headers or {}, body)
        match = re.fullmatch(r"FichiersExternes/([0-9A-Fa-f]+)/[^/]+", rest)
        if match and method == "GET":
            return self._file(match[1], params.get("Session", ""))
        return _text(404, "Page introuvable.")

    # --- pages ----------------------------------------------------------------------------------

    def _space_page(self, space: int) -> HttpAnswer:
        self.stats.page_gets += 1
        if self.options.ip_suspended:
            return _html(200, protocol.IP_SUSPENDED_PAGE)
        if self.options.site_unavailable:
            return _html(200, protocol.SITE_UNAVAILABLE_PAGE)
        session = self._new_session(space)
        modulus = exponent = None
        if self._rsa_key is not None:
            numbers = self._rsa_key.public_key().public_numbers()
            modulus, exponent = format(numbers.n, "X"), format(numbers.e, "X")
        start = protocol.start_parameters(
            session_id=session.id,
            space=space,
            era=self.options.era,
            encrypt=self.options.encrypt,
            compress=self.options.compress,
            rsa_modulus_hex=modulus,
            rsa_exponent_hex=exponent,
        )
        label = "Espace Parents" if space == 2 else "Espace Parents (mobile)"
        page = protocol.render_space_page(
            school_name=self.school.name, space_label=label, version=self.options.version, start=start
        )
        return _html(200, page)

    def _new_session(self, space: int) -> Session:
        while True:
            session_id = secrets.randbelow(9_000_000) + 1_000_000
            if session_id not in self.sessions:
                break
        if len(self.sessions) >= MAX_SESSIONS:
            del self.sessions[next(iter(self.sessions))]
        session = Session(session_id, space, IdMinter(os.urandom(32)))
        self.sessions[session_id] = session
        self.stats.sessions_created += 1
        return session

    def _info_mobile_app(self) -> HttpAnswer:
        return _json(
            200,
            {
                "modeModif": True,
                "version": list(self.options.version),
                "date": self.clock.now().astimezone().isoformat(timespec="milliseconds"),
                "espaces": [{"nom": "Espace Parents", "URL": "mobile.parent.html", "genreEspace": 7}],
                "CAS": {"actif": False, "casURL": ""},
                "nomEtab": self.school.name,
            },
        )

    # --- files ----------------------------------------------------------------------------------

    def _file(self, hex_id: str, session_param: str) -> HttpAnswer:
        self.stats.file_gets += 1
        not_found = _text(404, "Fichier introuvable.")
        session = self.sessions.get(int(session_param)) if session_param.isdigit() else None
        if session is None or session.dead or session.parent is None or self.open_file is None:
            return not_found
        try:
            plain = crypto.aes_decrypt_lenient(session.cipher.key, session.cipher.iv, bytes.fromhex(hex_id))
            ident = json.loads(plain.decode("utf-8"))
        except (ValueError, crypto.CryptoError):
            return not_found
        key = session.ids.lookup(ident.get("N")) if isinstance(ident, dict) else None
        if key is None:
            return not_found
        found = _file_content(self.open_file(self.school, key))
        if found is None:
            return not_found
        name, content_type, content = found
        disposition = "inline; filename*=UTF-8''" + quote(name, safe="")
        return HttpAnswer(200, content, content_type, [(b"content-disposition", disposition.encode("ascii"))])


def create_app(school: Any = None, options: ServerOptions | None = None, **kwargs: Any) -> DemoServer:
    return DemoServer(school, options, **kwargs)


def mobile_page_url(base_url: str) -> str:
    """``<root>/mobile.parent.html`` from a server root, a ``/pronote`` root or a page URL."""
    url = base_url.split("?", 1)[0].rstrip("/")
    if url.endswith(".html"):
        url = url.rsplit("/", 1)[0]
    if not url.endswith("/pronote"):
        url += "/pronote"
    return url + "/mobile.parent.html"


def _file_content(found: Any) -> tuple[str, str, bytes] | None:
    """``pages.open_file``'s answer, (file name, content type, bytes), checked; None when unusable."""
    if not isinstance(found, tuple) or len(found) != 3:
        return None
    name, content_type, content = found
    if not isinstance(content, bytes) or not isinstance(content_type, str):
        return None
    return str(name), content_type, content
