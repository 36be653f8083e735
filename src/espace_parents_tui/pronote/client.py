"""The async PRONOTE client: one server session, its login, and the calls made for each child.

Rules it keeps (DESIGN.md, pronotepy.md §1.11, pawnote-papillon.md §6):
- every call of a session goes through one lock, so the order counter stays exact;
- a login makes exactly one attempt; after "too many authentication errors" nothing more is sent;
- when the server says the session expired, one transparent re-login, then the call is retried once;
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
from dataclasses import dataclass
from typing import Any

import httpx

from espace_parents_tui.models import Child, SchoolSettings, UserAccount
from espace_parents_tui.pronote import auth, crypto, errors, parse, wire
from espace_parents_tui.pronote.calls import (
    CalendarCalls,
    GradesCalls,
    HomeCalls,
    HomeworkCalls,
    MenusCalls,
    MessagingCalls,
    NewsCalls,
    PresenceCalls,
    ReportsCalls,
    TeamCalls,
    TimetableCalls,
)
from espace_parents_tui.pronote.calls.base import TAB_GRADES, TAB_HOME, TAB_TIMETABLE  # noqa: F401  (re-exported)
from espace_parents_tui.pronote.calls.files import FilesCalls
from espace_parents_tui.pronote.session import ServerSession

log = logging.getLogger(__name__)

DESKTOP_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MOBILE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 PRONOTE Mobile APP Version/2.0.11"
)


TokenCallback = Callable[[str], Awaitable[None] | None]


@dataclass(frozen=True)
class LoginResult:
    username: str
    parent_name: str
    # The token for the next login (mobile modes), already handed to ``on_token``.
    token: str | None
    device_uuid: str | None
    # The server's identifier for this device (``identifiantNav``), to send back next time.
    device_id: str | None


@dataclass
class _Credentials:
    mode: str  # "password" | "token"
    username: str
    secret: str
    mobile: bool
    device_uuid: str | None = None
    qr: bool = False
    pin: str | None = None
    device_name: str | None = None


class PronoteClient(
    FilesCalls,
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
    ) -> None:
        self.root, self.page = auth.split_space_url(url)
        self._http = http or httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._owns_http = http is None
        self._lock = asyncio.Lock()
        self._session: ServerSession | None = None
        self._credentials: _Credentials | None = None
        self._pending_two_factor: tuple[_Credentials, dict] | None = None
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

    # --- logins -----------------------------------------------------------------------------

    async def login_password(
        self,
        username: str,
        password: str,
        *,
        mobile: bool = False,
        device_uuid: str | None = None,
        pin: str | None = None,
        device_name: str | None = None,
    ) -> LoginResult:
        """Log in with the account's username and password.

        With ``mobile=True`` (and a ``device_uuid``) the server also hands out a token for the next
        login, so the password need not be kept.
        """
        creds = _Credentials(
            "password", username, password, mobile, device_uuid, pin=pin, device_name=device_name
        )
        return await self._login_with(creds)

    async def login_token(
        self,
        username: str,
        token: str,
        device_uuid: str,
        *,
        pin: str | None = None,
        device_name: str | None = None,
    ) -> LoginResult:
        """Log in with the token the previous login returned; returns (and hands out) the next one."""
        creds = _Credentials("token", username, token, True, device_uuid, pin=pin, device_name=device_name)
        return await self._login_with(creds)

    async def login_qr(
        self,
        qr: str | dict,
        qr_pin: str,
        device_uuid: str,
        *,
        pin: str | None = None,
        device_name: str | None = None,
    ) -> LoginResult:
        """Log in with the QR code PRONOTE shows for its mobile app and the 4-digit PIN chosen for it."""
        decoded = auth.decode_qr(qr, qr_pin)
        self.root, page = auth.split_space_url(decoded.url)
        self.page = auth.desktop_page(page)
        creds = _Credentials(
            "token",
            decoded.login,
            decoded.jeton,
            True,
            device_uuid,
            qr=True,
            pin=pin,
            device_name=device_name,
        )
        return await self._login_with(creds)

    async def complete_two_factor(
        self, *, pin: str | None = None, device_name: str | None = None
    ) -> LoginResult:
        """Finish a login that raised :class:`errors.TwoFactorRequired`."""
        if self._pending_two_factor is None:
            raise errors.LoginError("Aucune connexion en attente de double authentification.")
        creds, auth_data = self._pending_two_factor
        creds.pin = pin or creds.pin
        creds.device_name = device_name or creds.device_name
        async with self._lock:
            await self._two_factor_locked(creds, auth_data)
            self._pending_two_factor = None
            return await self._finish_login_locked(creds, auth_data)

    async def _login_with(self, creds: _Credentials) -> LoginResult:
        async with self._lock:
            return await self._login_locked(creds)

    async def _login_locked(self, creds: _Credentials) -> LoginResult:
        if self.locked_out:
            raise errors.TooManyAttempts(function="Identification")
        if creds.mobile and not creds.device_uuid:
            raise errors.LoginError("Un identifiant d'appareil est nécessaire pour la connexion mobile.")
        self.logged_in = False
        self.account = None
        await self._open_session(mobile=creds.mobile, token_cookie=creds.mode == "token")
        session = self._session
        assert session is not None

        self.logins_attempted += 1
        mobile_request = creds.mobile and creds.mode == "password"
        ident = await self._post_guarded(
            "Identification",
            {
                "genreConnexion": 0,
                "genreEspace": session.info.space,
                "identifiant": creds.username,
                "pourENT": False,
                "enConnexionAuto": False,
                "demandeConnexionAuto": False,
                "demandeConnexionAppliMobile": mobile_request or creds.qr,
                "demandeConnexionAppliMobileJeton": creds.qr,
                "enConnexionAppliMobile": creds.mode == "token" and not creds.qr,
                "uuidAppliMobile": (creds.device_uuid or "") if creds.mobile else "",
                "loginTokenSAV": "",
            },
        )
        challenge = ident.get("challenge")
        if not isinstance(challenge, str) or not challenge:
            raise errors.ProtocolError("pas de défi d'authentification", function="Identification")
        key = auth.login_key(
            creds.username,
            creds.secret,
            alea=str(ident.get("alea") or ""),
            lower_login=bool(ident.get("modeCompLog")),
            lower_secret=bool(ident.get("modeCompMdp")),
        )
        style = wire.challenge_style_for(self.server_version)
        try:
            answer = auth.solve_challenge(challenge, key, session.state.iv, style)
        except errors.BadCredentials:
            raise self._refused(creds) from None
        auth_data = await self._post_guarded(
            "Authentification", {"connexion": 0, "challenge": answer, "espace": session.info.space}
        )
        cle = auth_data.get("cle")
        if not isinstance(cle, str) or not cle:
            raise self._refused(creds, auth_data)
        session.state.key = auth.session_key_from_cle(cle, key, session.state.iv)

        token = auth_data.get("jetonConnexionAppliMobile")
        if isinstance(token, str) and token:
            # Persist first: the previous token is already dead on the server.
            creds.mode, creds.secret, creds.qr = "token", token, False
            await self._hand_out_token(token)

        actions = _double_auth_actions(auth_data)
        if actions & {3, 5}:
            needs_pin, needs_name = 3 in actions, True
            if (needs_pin and not creds.pin) or not creds.device_name:
                self._credentials = creds
                self._pending_two_factor = (creds, auth_data)
                raise errors.TwoFactorRequired(
                    needs_pin=needs_pin and not creds.pin,
                    needs_device_name=needs_name and not creds.device_name,
                    modes=tuple(sorted(actions)),
                )
            await self._two_factor_locked(creds, auth_data)
        return await self._finish_login_locked(creds, auth_data)

    async def _finish_login_locked(self, creds: _Credentials, auth_data: dict) -> LoginResult:
        user_data = await self._post_guarded("ParametresUtilisateur")
        self.account = parse.parse_user_account(user_data, self.settings)
        self._credentials = creds
        self.logged_in = True
        self._last_call = time.monotonic()
        token = creds.secret if creds.mode == "token" else None
        return LoginResult(
            username=creds.username,
            parent_name=self.account.name,
            token=token,
            device_uuid=creds.device_uuid,
            device_id=self.device_id,
        )

    async def _two_factor_locked(self, creds: _Credentials, auth_data: dict) -> None:
        session = self._session
        assert session is not None
        actions = _double_auth_actions(auth_data)
        encrypted_pin = None
        if 3 in actions:
            if not creds.pin:
                raise errors.TwoFactorRequired(needs_pin=True, needs_device_name=not creds.device_name)
            encrypted_pin = auth.encrypt_with_session(session.state, creds.pin)
            checked = await self._post_guarded(
                "SecurisationCompteDoubleAuth", {"action": 0, "codePin": encrypted_pin}
            )
            if not checked.get("result"):
                raise errors.BadCredentials("Code PIN du compte incorrect.")
        if actions & {3, 5}:
            if not creds.device_name:
                raise errors.TwoFactorRequired(needs_pin=False, needs_device_name=True)
            data: dict[str, Any] = {
                "action": 3,
                "avecIdentification": True,
                "strIdentification": creds.device_name,
            }
            if encrypted_pin:
                data["codePin"] = encrypted_pin
            saved = await self._post_guarded("SecurisationCompteDoubleAuth", data)
            token = saved.get("jetonConnexionAppliMobile")
            if isinstance(token, str) and token:
                creds.mode, creds.secret, creds.qr = "token", token, False
                await self._hand_out_token(token)

    def _refused(self, creds: _Credentials, auth_data: dict | None = None) -> errors.LoginError:
        access = (auth_data or {}).get("Acces")
        if access in (6, 10):
            return errors.AccountBlocked()
        if creds.qr:
            return errors.QrCodeError("Le QR code a été refusé (il n'est valable qu'une fois, 10 minutes).")
        if creds.mode == "token":
            return errors.TokenRefused()
        return errors.BadCredentials()

    async def _hand_out_token(self, token: str) -> None:
        if self._on_token is None:
            return
        result = self._on_token(token)
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            await result

    async def _open_session(self, *, mobile: bool, token_cookie: bool) -> None:
        page = auth.mobile_page(self.page) if mobile else auth.desktop_page(self.page)
        url = f"{self.root}/{page}" + (f"?{auth.MOBILE_QUERY}" if mobile else "")
        headers = {"User-Agent": MOBILE_USER_AGENT if mobile else DESKTOP_USER_AGENT}
        if token_cookie:
            headers["Cookie"] = "appliMobile=1"
        try:
            response = await self._http.get(url, headers=headers)
        except httpx.TimeoutException as exc:
            raise errors.ServerTimeout() from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable() from exc
        self.requests_sent += 1
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

    async def _relogin_locked(self) -> None:
        creds = self._credentials
        if creds is None:
            raise errors.SessionExpired(10, "La page a expiré")
        log.info("PRONOTE session expired; logging in again once")
        await self._login_locked(creds)

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
            raise errors.LoginError("Pas de session PRONOTE ouverte.")
        if tab is not None and tab not in self.account.tabs:
            raise errors.AccessDenied(
                "Cet onglet n'est pas ouvert à ce compte par l'établissement.", function=function, tab=tab
            )
        async with self._lock:
            try:
                return await self._call_locked(function, data, tab, child)
            except errors.SessionExpired:
                await self._relogin_locked()
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
            raise errors.AccessDenied(f"Aucun enfant « {name} » sur ce compte.") from None

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
        except errors.TooManyAttempts:
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
            raise errors.LoginError("Pas de session PRONOTE ouverte.")
        era = session.era
        order_token = session.state.order_token(session.order)
        payload = wire.build_payload(era, data, signature, both_data_keys=both_data_keys)
        secure = crypto.encode_request(
            payload, session.state, compress=session.info.compress, encrypt=session.info.encrypt
        )
        envelope = wire.build_envelope(era, session.info.session_id, order_token, function, secure)
        url = f"{session.root}/appelfonction/{session.info.space}/{session.info.session_id}/{order_token}"
        session.order += 2
        self.requests_sent += 1
        self._last_call = time.monotonic()
        try:
            response = await self._http.post(
                url, content=json.dumps(envelope), headers={"Content-Type": "application/json"}
            )
        except httpx.TimeoutException as exc:
            raise errors.ServerTimeout(function=function) from exc
        except httpx.HTTPError as exc:
            raise errors.ServerUnreachable(function=function) from exc
        if response.status_code != 200:
            raise errors.HttpError(response.status_code, function=function)
        try:
            body = response.json()
        except ValueError as exc:
            raise errors.ProtocolError("le corps de la réponse n'est pas du JSON", function=function) from exc
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
            raise errors.ProtocolError(f"données illisibles ({exc})", function=function) from exc
        result, _signature = wire.read_payload(decoded, function)
        return result

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


def _double_auth_actions(auth_data: dict) -> set[int]:
    raw = auth_data.get("actionsDoubleAuth")
    if isinstance(raw, dict):
        raw = raw.get("V")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [int(part) for part in raw.strip("[]").split(",") if part.strip().isdigit()]
    if isinstance(raw, list):
        return {int(x) for x in raw if isinstance(x, int | str) and str(x).isdigit()}
    return set()
