"""Logging in: password, token, QR code, two-factor, and the one transparent re-login.

A mixin of :class:`~espace_parents_tui.pronote.client.PronoteClient` (``self`` is the client): the
client owns the HTTP transport and the session; this module owns the login sequence
(Identification, challenge, Authentification, 2FA, ParametresUtilisateur) and the rules around it:
- a login makes exactly one attempt; after "too many authentication errors" nothing more is sent;
- each login in mobile mode returns the next token, handed to ``on_token`` before anything else
  happens, so a crash right after a login never loses the only valid token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import SchoolSettings, UserAccount
from espace_parents_tui.pronote import auth, errors, parse, wire
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.session import ServerSession

log = logging.getLogger(__name__)


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
class Credentials:
    mode: str  # "password" | "token"
    username: str
    secret: str
    mobile: bool
    device_uuid: str | None = None
    qr: bool = False
    pin: str | None = None
    device_name: str | None = None


class LoginFlow:
    """Logging in, mixed into :class:`~espace_parents_tui.pronote.client.PronoteClient`."""

    if TYPE_CHECKING:  # provided by PronoteClient
        root: str
        page: str
        device_id: str | None
        settings: SchoolSettings | None
        account: UserAccount | None
        locked_out: bool
        logged_in: bool
        logins_attempted: int
        _lock: asyncio.Lock
        _session: ServerSession | None
        _credentials: Credentials | None
        _pending_two_factor: tuple[Credentials, dict] | None
        _on_token: Callable[[str], Awaitable[None] | None] | None
        _refresh_secret: Callable[[], Awaitable[str]] | None
        _last_call: float
        relogin_budget: int
        relogins: int

        @property
        def server_version(self) -> tuple[int, ...] | None: ...

        async def _open_session(self, *, mobile: bool, token_cookie: bool) -> None: ...

        async def _post_guarded(
            self,
            function: str,
            data: dict | None = None,
            signature: dict | None = None,
            *,
            iv_after: bytes | None = None,
            both_data_keys: bool = False,
        ) -> dict: ...

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
        creds = Credentials(
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
        creds = Credentials("token", username, token, True, device_uuid, pin=pin, device_name=device_name)
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
        creds = Credentials(
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
            raise errors.LoginError(_("Aucune connexion en attente de double authentification."))
        creds, auth_data = self._pending_two_factor
        creds.pin = pin or creds.pin
        creds.device_name = device_name or creds.device_name
        async with self._lock:
            await self._two_factor_locked(creds, auth_data)
            self._pending_two_factor = None
            return await self._finish_login_locked(creds, auth_data)

    async def _login_with(self, creds: Credentials) -> LoginResult:
        async with self._lock:
            return await self._login_locked(creds)

    async def _login_locked(self, creds: Credentials) -> LoginResult:
        if self.locked_out:
            raise errors.TooManyAttempts(function="Identification")
        if creds.mobile and not creds.device_uuid:
            raise errors.LoginError(_("Un identifiant d'appareil est nécessaire pour la connexion mobile."))
        self.logged_in = False
        self.account = None
        try:
            await self._open_session(mobile=creds.mobile, token_cookie=creds.mode == "token")
        except errors.IpSuspended:
            self.locked_out = True  # no further attempt from this client
            raise
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
            raise errors.ProtocolError(_("pas de défi d'authentification"), function="Identification")
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

    async def _finish_login_locked(self, creds: Credentials, auth_data: dict) -> LoginResult:
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

    async def _two_factor_locked(self, creds: Credentials, auth_data: dict) -> None:
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
                raise errors.BadCredentials(_("Code PIN du compte incorrect."))
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

    def _refused(self, creds: Credentials, auth_data: dict | None = None) -> errors.LoginError:
        access = (auth_data or {}).get("Acces")
        if access in (6, 10):
            return errors.AccountBlocked()
        if creds.qr:
            return errors.QrCodeError(
                _("Le QR code a été refusé (il n'est valable qu'une fois, 10 minutes).")
            )
        if creds.mode == "token":
            return errors.TokenRefused()
        return errors.BadCredentials()

    async def _hand_out_token(self, token: str) -> None:
        if self._on_token is None:
            return
        result = self._on_token(token)
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            await result

    async def _relogin_locked(self, expired: errors.SessionExpired | None = None) -> None:
        """The session died: log in again, if the budget allows (one per operation of the portal).

        The secret is read again first: another program may have rotated the token meanwhile.
        """
        creds = self._credentials
        if creds is None or self.relogin_budget <= 0:
            raise expired or errors.SessionExpired(10, _("La page a expiré"))
        self.relogin_budget -= 1
        self.relogins += 1
        log.info("PRONOTE session expired; logging in again once")
        if self._refresh_secret is not None:
            creds.secret = await self._refresh_secret()
        await self._login_locked(creds)


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
