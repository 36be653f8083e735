"""Adding an account: check the server, log in (QR code or password), keep the secret, save the account.

Shared by the command line's ``login`` and the app's login screen. The order matters: the token a
login returns is written to the credential store before anything else happens, and the account is
saved only once the login worked.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

from espace_parents_tui.pronote import auth, errors
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.pronote.instance import InstanceInfo, instance_info
from espace_parents_tui.pronote.login import LoginResult
from espace_parents_tui.settings.config import AccountConfig, ConfigStore, make_account_id
from espace_parents_tui.settings.credentials import CredentialStore
from espace_parents_tui.util.i18n import _

# Re-exported for the UI, which never imports the protocol client itself.
TwoFactorRequired = errors.TwoFactorRequired


class QrImageError(errors.QrCodeError):
    pass


def read_qr_image(path: str | Path) -> str:
    """The text of the QR code in a saved image (PNG, JPEG…)."""
    try:
        import zxingcpp
        from PIL import Image, UnidentifiedImageError
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise QrImageError(
            _("La lecture d'images de QR code n'est pas disponible (zxing-cpp, Pillow).")
        ) from exc
    try:
        with Image.open(Path(path).expanduser()) as image:
            found = zxingcpp.read_barcodes(image.convert("RGB"))
    except (OSError, UnidentifiedImageError) as exc:
        raise QrImageError(_("Image illisible : {path}").format(path=path)) from exc
    for code in found:
        if code.text.strip().startswith("{"):
            return code.text
    raise QrImageError(_("Aucun QR code PRONOTE trouvé dans cette image."))


def qr_text(value: str) -> str:
    """The QR code's JSON, from its text or from a file (a saved image or a text file)."""
    value = value.strip()
    if value.startswith("{"):
        return value
    path = Path(value).expanduser()
    try:
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"):
            return read_qr_image(path)
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.QrCodeError(_("QR code illisible : {value}").format(value=value)) from exc


@dataclass(frozen=True)
class LoggedIn:
    account: AccountConfig
    parent_name: str
    children: tuple[str, ...]


class Onboarding:
    """One account being added. Keeps the client between a login and its second factor."""

    def __init__(self, config: ConfigStore, store: CredentialStore, *, timeout: float = 20.0) -> None:
        self.config = config
        self.store = store
        self.timeout = timeout
        self._client: PronoteClient | None = None
        self._account: AccountConfig | None = None
        self._password: str | None = None

    async def check_server(self, url: str) -> InstanceInfo:
        return await instance_info(url, timeout=self.timeout)

    def _new_client(self, url: str, account_id: str) -> PronoteClient:
        def save_token(token: str):
            return asyncio.to_thread(self.store.set, account_id, "token", token)

        return PronoteClient(url, timeout=self.timeout, on_token=save_token)

    def _account_id(self, wanted: str | None, username: str) -> str:
        existing = {a.id for a in self.config.accounts()}
        return wanted or make_account_id(username, existing)

    async def login_password(
        self,
        server_url: str,
        username: str,
        password: str,
        *,
        account_id: str | None = None,
        label: str = "",
        storage: str = "keyring",
    ) -> LoggedIn:
        account = AccountConfig(
            id=self._account_id(account_id, username),
            server_url=server_url,
            username=username,
            login_mode="password",
            storage=storage,
            label=label,
        )
        self._account, self._password = account, password
        self._client = self._new_client(server_url, account.id)
        result = await self._guard(self._client.login_password(username, password))
        return await self._finish(result)

    async def login_qr(
        self,
        qr: str,
        qr_pin: str,
        *,
        account_id: str | None = None,
        label: str = "",
        storage: str = "keyring",
    ) -> LoggedIn:
        text = qr_text(qr)
        decoded = auth.decode_qr(text, qr_pin)  # a wrong PIN is caught here, before anything is sent
        device = str(uuid.uuid4())
        root, page = auth.split_space_url(decoded.url)
        account = AccountConfig(
            id=self._account_id(account_id, decoded.login),
            server_url=f"{root}/{auth.desktop_page(page)}",
            username=decoded.login,
            login_mode="token",
            device_uuid=device,
            storage=storage,
            label=label,
        )
        self._account, self._password = account, None
        self._client = self._new_client(account.server_url, account.id)
        result = await self._guard(self._client.login_qr(text, qr_pin, device))
        return await self._finish(result)

    async def complete_two_factor(
        self, *, pin: str | None = None, device_name: str | None = None
    ) -> LoggedIn:
        if self._client is None:
            raise errors.LoginError(_("Aucune connexion en attente."))
        result = await self._guard(self._client.complete_two_factor(pin=pin, device_name=device_name))
        return await self._finish(result)

    async def _guard(self, call):
        try:
            return await call
        except errors.TwoFactorRequired:
            raise  # the caller asks for what is needed, then calls complete_two_factor
        except BaseException:
            await self.close()
            raise

    async def _finish(self, result: LoginResult) -> LoggedIn:
        assert self._account is not None and self._client is not None and self._client.account is not None
        account = self._account
        if result.username != account.username:
            account = AccountConfig(**{**account.__dict__, "username": result.username})
        if result.device_id:
            account = AccountConfig(**{**account.__dict__, "device_id": result.device_id})
        if account.login_mode == "password" and self._password is not None:
            # With storage "ask" the store is in memory: the password lives as long as this session.
            await asyncio.to_thread(self.store.set, account.id, "password", self._password)
        known = {a.id for a in self.config.accounts()}
        if account.id in known:
            self.config.update(account)
        else:
            self.config.add(account, make_default=not known)
        children = tuple(c.name for c in self._client.account.children)
        outcome = LoggedIn(account, result.parent_name, children)
        await self.close()
        return outcome

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
