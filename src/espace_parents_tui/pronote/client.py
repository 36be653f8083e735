"""The async PRONOTE client: one server session, its transport, and the calls made for each child.

The login sequence is the :class:`~espace_parents_tui.pronote.login.LoginFlow` mixin, the page areas
are the ``calls/`` mixins; this module opens the session and sends every call.

Rules it keeps (docs/design.md, pronotepy.md §1.11, pawnote-papillon.md §6):
- every call of a session goes through one lock, so the order counter stays exact;
- a login makes exactly one attempt; after "too many authentication errors" or an IP suspension
  nothing more is sent;
- when the server says the session expired, one transparent re-login, then the call is retried once;
  ``relogin_budget`` caps the re-logins (the portal grants one per sync), so a server that keeps
  expiring sessions never turns into a login loop;
- a read (never a write, never a login step) that meets a network failure is sent again, at most
  ``len(retry_delays)`` times, after growing pauses; a body that never ends is cut at a deadline
  (``transport.py``);
- every call made for a child carries ``Signature.membre``; a tab the server did not grant is refused
  before anything is sent;
- each login in mobile mode returns the next token, handed to ``on_token`` before anything else
  happens, so a crash right after a login never loses the only valid token.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from espace_parents_tui.models import Child, SchoolSettings, UserAccount
from espace_parents_tui.pronote import auth, crypto, errors, parse, transport, wire
from espace_parents_tui.pronote.calls import (
    AccountCalls,
    CalendarCalls,
    GradesCalls,
    HomeCalls,
    HomeworkCalls,
    MeetingsCalls,
    MenusCalls,
    MessagingCalls,
    NewsCalls,
    PresenceCalls,
    ReportsCalls,
    TeamCalls,
    TimetableCalls,
)
from espace_parents_tui.pronote.calls.base import TAB_GRADES, TAB_HOME, TAB_TIMETABLE  # noqa: F401  (re-exported)
from espace_parents_tui.pronote.calls.documents import DocumentsCalls
from espace_parents_tui.pronote.calls.files import FilesCalls
from espace_parents_tui.pronote.calls.livret import LivretCalls
from espace_parents_tui.pronote.calls.orientation import OrientationCalls
from espace_parents_tui.pronote.calls.records import RecordsCalls
from espace_parents_tui.pronote.login import Credentials, LoginFlow
from espace_parents_tui.pronote.session import ServerSession
from espace_parents_tui.util.i18n import _

log = logging.getLogger(__name__)

DESKTOP_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MOBILE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 PRONOTE Mobile APP Version/2.0.11"
)


TokenCallback = Callable[[str], Awaitable[None] | None]
SecretSource = Callable[[], Awaitable[str]]


class PronoteClient(
    LoginFlow,
    FilesCalls,
    DocumentsCalls,
    RecordsCalls,
    LivretCalls,
    OrientationCalls,
    GradesCalls,
    TimetableCalls,
    HomeworkCalls,
    MenusCalls,
    CalendarCalls,
    MessagingCalls,
    NewsCalls,
    PresenceCalls,
    ReportsCalls,
    TeamCalls,
    HomeCalls,
    AccountCalls,
    MeetingsCalls,
):
    """An Espace Parents account on one PRONOTE server.

    ``url`` is the space page a parent opens in a browser (``https://…/pronote/parent.html``).
    """

    def __init__(
        self,
        url: str,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 20.0,
        device_id: str | None = None,
        on_token: TokenCallback | None = None,
        refresh_secret: SecretSource | None = None,
        retry_delays: tuple[float, ...] = transport.RETRY_DELAYS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        deadline: float | None = None,
    ) -> None:
        self.root, self.page = auth.split_space_url(url)
        self._http = http or httpx.AsyncClient(
            timeout=timeout, follow_redirects=True, verify=transport.tls_context()
        )
        # A whole answer (headers and body) must arrive within this: a body that trickles forever
        # is cut, where httpx's timeout only bounds each read.
        self.deadline = deadline if deadline is not None else timeout * 3
        # Where a re-login reads the secret again (the token may have rotated in another process).
        self._refresh_secret = refresh_secret
        self.retry_delays = retry_delays
        self._sleep = sleep
        # Re-logins still allowed after an expired session (the portal sets it per operation).
        self.relogin_budget = 1
        self.relogins = 0
        # Answers that do not depend on the child (the meeting sessions), kept for one sync only:
        # the portal sets a fresh dict when a sync starts and None for any other use.
        self.sync_memo: dict[str, Any] | None = None
        # The functions sent again after a network failure, in order (for tests and support).
        self.retried: list[str] = []
        self._owns_http = http is None
        self._lock = asyncio.Lock()
        self._session: ServerSession | None = None
        self._credentials: Credentials | None = None
        self._pending_two_factor: tuple[Credentials, dict] | None = None
        self._on_token = on_token
        self._last_call = 0.0
        self._keep_alive_task: asyncio.Task | None = None
        self.device_id = device_id
        self.settings: SchoolSettings | None = None
        self.account: UserAccount | None = None
        self.locked_out = False
        self.logged_in = False
        # Counters for benchmarks and tests: requests sent, logins attempted.
        self.requests_sent = 0
        self.logins_attempted = 0
        # Called with (function, signature, data) for every answer: a support recording (sync --record).
        self.on_answer: Callable[[str, dict | None, dict], None] | None = None

    # --- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> PronoteClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        self.stop_keep_alive()
        if self._owns_http:
            await self._http.aclose()

    @property
    def era(self) -> wire.Era | None:
        return self._session.era if self._session else None

    @property
    def server_version(self) -> tuple[int, ...] | None:
        if self.settings and self.settings.server_version:
            return self.settings.server_version
        return self._session.info.version if self._session else None

    async def _open_session(self, *, mobile: bool, token_cookie: bool) -> None:
        page = auth.mobile_page(self.page) if mobile else auth.desktop_page(self.page)
        url = f"{self.root}/{page}" + (f"?{auth.MOBILE_QUERY}" if mobile else "")
        headers = {"User-Agent": MOBILE_USER_AGENT if mobile else DESKTOP_USER_AGENT}
        if token_cookie:
            headers["Cookie"] = "appliMobile=1"
        # Not retried: a server that cannot be reached at login is offline, said at once. Only a
        # network that drops in the middle of a session is waited for.
        response = await self._send(None, lambda: self._http.get(url, headers=headers), retry=False)
        if response.history and not str(response.url).startswith(self.root + "/"):
            raise errors.Redirected(
                _(
                    "L'adresse PRONOTE renvoie vers une autre page (l'ENT de l'établissement ?) : "
                    "connectez-vous par QR code (« espace-parents login --qr »)."
                )
            )
        if response.status_code >= 400:
            # Error pages are recognised by their text before the status is.
            try:
                wire.parse_space_page(response.text)
            except (errors.IpSuspended, errors.SiteUnavailable):
                raise
            except errors.PronoteError:
                pass
            raise errors.HttpError(response.status_code)
        info = wire.parse_space_page(response.text)
        self._session = ServerSession(self.root, page, info, info.era, crypto.CipherState())
        self.settings = None

        seed = crypto.new_iv_seed()
        if info.plain_http:
            if info.rsa_modulus and info.rsa_exponent:
                uuid_bytes = crypto.rsa_encrypt(seed, modulus=info.rsa_modulus, exponent=info.rsa_exponent)
            else:
                uuid_bytes = crypto.rsa_encrypt(seed)
        else:
            uuid_bytes = seed
        data = {"Uuid": base64.b64encode(uuid_bytes).decode("ascii"), "identifiantNav": self.device_id}
        params = await self._post_guarded(
            "FonctionParametres", data, iv_after=crypto.md5(seed), both_data_keys=not info.era_certain
        )
        self.settings = parse.parse_school_settings(params)
        if self.settings.device_id:
            self.device_id = self.settings.device_id
        version = self.settings.server_version
        if version and not info.era_certain and self._session.era is not wire.Era.DATASEC:
            self._session.era = wire.era_for_version(version)

    # --- calls ------------------------------------------------------------------------------

    async def call(
        self,
        function: str,
        data: dict | Callable[[], dict] | None = None,
        *,
        tab: int | None = None,
        child: Child | str | None = None,
    ) -> dict:
        """Call a PRONOTE function and return the ``data`` of its answer.

        ``data`` may be a callable, evaluated at send time: after a transparent re-login every id
        (``N``) has changed, so data that names ids must be built again from the new session.
        ``child`` is matched by name in the current session, for the same reason.
        """
        if not self.logged_in or self.account is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        if tab is not None and tab not in self.account.tabs:
            raise errors.AccessDenied(
                _("Cet onglet n'est pas ouvert à ce compte par l'établissement."), function=function, tab=tab
            )
        async with self._lock:
            try:
                return await self._call_locked(function, data, tab, child)
            except errors.SessionExpired as expired:
                await self._relogin_locked(expired)
                return await self._call_locked(function, data, tab, child)

    async def _call_locked(
        self, function: str, data: Any, tab: int | None, child: Child | str | None
    ) -> dict:
        signature: dict[str, Any] = {}
        if tab is not None:
            signature["onglet"] = tab
        if child is not None:
            current = self.current_child(child)
            signature["membre"] = {"N": current.id, "G": 4}
        payload = data() if callable(data) else data
        return await self._post_guarded(function, payload, signature or None)

    def current_child(self, child: Child | str) -> Child:
        """The child as known in the current session (ids change with each session)."""
        assert self.account is not None
        name = child.name if isinstance(child, Child) else child
        try:
            return self.account.child(name)
        except KeyError:
            raise errors.AccessDenied(_("Aucun enfant « {name} » sur ce compte.").format(name=name)) from None

    async def _post_guarded(
        self,
        function: str,
        data: dict | None = None,
        signature: dict | None = None,
        *,
        iv_after: bytes | None = None,
        both_data_keys: bool = False,
    ) -> dict:
        try:
            return await self._post(
                function, data, signature, iv_after=iv_after, both_data_keys=both_data_keys
            )
        except (errors.TooManyAttempts, errors.IpSuspended):
            self.locked_out = True
            self.logged_in = False
            raise

    async def _post(
        self,
        function: str,
        data: dict | None,
        signature: dict | None,
        *,
        iv_after: bytes | None,
        both_data_keys: bool,
    ) -> dict:
        session = self._session
        if session is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        era = session.era
        order_token = session.state.order_token(session.order)
        payload = wire.build_payload(era, data, signature, both_data_keys=both_data_keys)
        secure = crypto.encode_request(
            payload, session.state, compress=session.info.compress, encrypt=session.info.encrypt
        )
        envelope = wire.build_envelope(era, session.info.session_id, order_token, function, secure)
        url = f"{session.root}/appelfonction/{session.info.space}/{session.info.session_id}/{order_token}"
        session.order += 2
        response = await self._send(
            function,
            lambda: self._http.post(
                url, content=json.dumps(envelope), headers={"Content-Type": "application/json"}
            ),
            retry=transport.is_idempotent(function),
        )
        if response.status_code != 200:
            raise errors.HttpError(response.status_code, function=function)
        if response.history and not str(response.url).startswith(self.root + "/"):
            raise errors.Redirected(function=function)
        try:
            body = response.json()
        except ValueError as exc:
            transport.raise_if_error_page(response.text, function)
            raise errors.ProtocolError(
                _("le corps de la réponse n'est pas du JSON"), function=function
            ) from exc
        wire.check_error(body, function)
        if iv_after is not None:
            session.state.iv = iv_after
        try:
            decoded = crypto.decode_response(
                wire.secure_part(era, body, function),
                session.state,
                compress=session.info.compress,
                encrypt=session.info.encrypt,
            )
        except crypto.CryptoError as exc:
            raise errors.ProtocolError(
                _("données illisibles ({exc})").format(exc=exc), function=function
            ) from exc
        result, _signature = wire.read_payload(decoded, function)
        if self.on_answer is not None:  # a recording for support (never the keys, never the request)
            self.on_answer(function, signature, result)
        return result

    async def _send(
        self, function: str | None, request: Callable[[], Awaitable[httpx.Response]], *, retry: bool
    ) -> httpx.Response:
        """One HTTP exchange within the deadline; a read is sent again after a network failure."""

        def attempt() -> None:
            self.requests_sent += 1
            self._last_call = time.monotonic()

        return await transport.exchange(
            request,
            function=function,
            deadline=self.deadline,
            delays=self.retry_delays if retry else (),
            sleep=self._sleep,
            on_attempt=attempt,
            retried=self.retried,
        )

    # --- keep-alive -------------------------------------------------------------------------

    async def keep_alive(self) -> None:
        """Tell the server the session is in use (``Navigation``; ``Presence`` before 2024.3.9)."""
        if self.era is wire.Era.DONNEES:
            await self.call("Presence", tab=TAB_HOME)
        else:
            await self.call("Navigation", {"onglet": TAB_HOME, "ongletPrec": TAB_HOME}, tab=TAB_HOME)

    def start_keep_alive(self, idle_seconds: float = 110.0) -> None:
        """Send a keep-alive whenever the session has been idle for ``idle_seconds``."""
        if self._keep_alive_task and not self._keep_alive_task.done():
            return

        async def loop() -> None:
            while True:
                wait = idle_seconds - (time.monotonic() - self._last_call)
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                try:
                    await self.keep_alive()
                except errors.PronoteError as exc:
                    log.warning("keep-alive failed: %s", exc)
                    await asyncio.sleep(idle_seconds)

        self._keep_alive_task = asyncio.get_running_loop().create_task(loop())

    def stop_keep_alive(self) -> None:
        if self._keep_alive_task:
            self._keep_alive_task.cancel()
            self._keep_alive_task = None
