"""Account settings: one TOML file under the user config folder, holding no secret.

An account is one parent login at one PRONOTE server. Several can coexist; one is the default.
Passwords and tokens live in a :mod:`credentials` store, never here: :func:`_check_no_secret`
refuses a file that carries one, and :class:`AccountConfig` has no field for one.

The file is meant to be edited by hand too. It is read with :mod:`tomllib` (strict; its errors name
the line and column, never the content) and written through :mod:`tomledit` (tomlkit), which
changes only the values that differ: the parent's comments, blank lines, order and the keys this
version does not know all survive a save. Each write is a temp file + fsync + ``os.replace``, after
a ``.bak`` copy of the previous version.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

# The names and rules shared with the fast path's light reader, which must agree with this module.
from espace_parents_tui.settings.quickconfig import APP_NAME, CONFIG_FILENAME, LOGIN_MODES, STORAGES
from espace_parents_tui.settings.quickconfig import SECRET_KEYS as _SECRET_KEYS
from espace_parents_tui.util import fsutil
from espace_parents_tui.util.i18n import _

FORMAT_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")  # quickconfig._plain_id: the same, stricter
_FILE_HEADER = (
    "# espace-parents : réglages des comptes.\n"
    "# Ce fichier ne contient aucun mot de passe ni jeton : ils sont dans le trousseau du système\n"
    "# (ou, si vous l'avez choisi, dans le fichier non sécurisé indiqué par « espace-parents locate »).\n"
)


class ConfigError(Exception):
    """The config file cannot be read or the change cannot be made; the message is French."""

    @property
    def user_message(self) -> str:
        return str(self)


def _new_uuid() -> str:
    import uuid  # only when an account is made: reading the accounts does not pay for it

    return str(uuid.uuid4())


@dataclass
class AccountConfig:
    """One parent login at one PRONOTE server. No secret here, ever."""

    id: str  # slug, also the key of the secrets in the credential store
    server_url: str
    username: str
    login_mode: str = "password"
    device_uuid: str = field(default_factory=lambda: _new_uuid())
    device_id: str = ""  # the server's ``identifiantNav`` for this device, once it gave one
    storage: str = "keyring"
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_RE.match(self.id):
            raise ConfigError(
                _("Identifiant de compte invalide : {id!r} (lettres minuscules, chiffres et tirets).").format(
                    id=self.id
                )
            )
        for name in ("server_url", "username", "device_uuid", "device_id", "label"):
            if not isinstance(getattr(self, name), str):
                raise ConfigError(
                    _("Compte « {id} » : « {name} » doit être du texte.").format(id=self.id, name=name)
                )
        parts = urlsplit(self.server_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                _("Compte « {id} » : adresse du serveur invalide : {server_url!r}.").format(
                    id=self.id, server_url=self.server_url
                )
            )
        if not self.username:
            raise ConfigError(_("Compte « {id} » : l'identifiant de connexion est vide.").format(id=self.id))
        if self.login_mode not in LOGIN_MODES:
            raise ConfigError(
                _(
                    "Compte « {id} » : mode de connexion inconnu {login_mode!r} (attendu : « password » ou « token »)."
                ).format(id=self.id, login_mode=self.login_mode)
            )
        if self.storage not in STORAGES:
            raise ConfigError(
                _(
                    "Compte « {id} » : stockage inconnu {storage!r} (attendu : « keyring », « file » ou « ask »)."
                ).format(id=self.id, storage=self.storage)
            )

    @property
    def secret_kind(self) -> str:
        """The kind of secret this account keeps: ``"password"`` or ``"token"``."""
        return self.login_mode

    @property
    def display_label(self) -> str:
        return self.label or f"{self.username} — {urlsplit(self.server_url).hostname}"


@dataclass
class Config:
    accounts: dict[str, AccountConfig] = field(default_factory=dict)
    default: str | None = None
    # ``[notifications]``: kind -> notified or not (``watch``); a kind not named is notified. The
    # parent writes this table by hand; the app only reads it (a save keeps it as written).
    notifications: dict[str, bool] = field(default_factory=dict)

    def default_account(self) -> AccountConfig | None:
        if self.default in self.accounts:
            return self.accounts[self.default]
        return next(iter(self.accounts.values()), None)


@dataclass(frozen=True)
class AppPaths:
    """Where espace-parents keeps its files (shown by the ``locate`` command)."""

    config_file: Path
    config_dir: Path
    data_dir: Path
    credentials_file: Path  # only used when the user opted in to the insecure file
    cache_dir: Path


def app_paths(config_file: Path | None = None) -> AppPaths:
    config_dir = platformdirs.user_config_path(APP_NAME, appauthor=False)
    data_dir = platformdirs.user_data_path(APP_NAME, appauthor=False)
    config_file = config_file or config_dir / CONFIG_FILENAME
    return AppPaths(
        config_file=config_file,
        config_dir=config_file.parent,
        data_dir=data_dir,
        credentials_file=data_dir / "credentials.json",
        cache_dir=platformdirs.user_cache_path(APP_NAME, appauthor=False),
    )


def make_account_id(text: str, existing: set[str] | frozenset[str] = frozenset()) -> str:
    """A slug for a new account (``"Lycée Hugo – Marie"`` → ``"lycee-hugo-marie"``), unique."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-") or "compte"
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ---- writing -------------------------------------------------------------------------------------

_STATIC_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(AccountConfig) if f.default is not dataclasses.MISSING
}


def _account_table(account: AccountConfig, previous: dict | None) -> dict:
    """The account's table in the file: ``previous`` (the parent's keys too) with our fields set.

    A new account gets every field, for the parent to see and edit. An account already in the file
    gets the fields it has, plus those that now differ from their default: a setting the parent
    left out on purpose does not come back on each save.
    """
    table = dict(previous or {})
    for f in dataclasses.fields(AccountConfig):
        value = getattr(account, f.name)
        unchanged_default = f.name in _STATIC_DEFAULTS and _STATIC_DEFAULTS[f.name] == value
        if f.name != "id" and (previous is None or f.name in previous or not unchanged_default):
            table[f.name] = value
    return table


def wanted_data(previous: dict, config: Config) -> dict:
    """What the file must hold: ``previous`` (everything already there) with the accounts of ``config``.

    Keys the app does not know, at the root or in an account, are kept as they are.
    """
    data = dict(previous)
    data.setdefault("version", FORMAT_VERSION)  # a newer version's number stays
    if config.default is None:
        data.pop("default", None)
    else:
        data["default"] = config.default
    old_accounts = previous.get("accounts", {})
    if config.accounts:
        data["accounts"] = {
            account_id: _account_table(account, old_accounts.get(account_id))
            for account_id, account in config.accounts.items()
        }
    else:
        data.pop("accounts", None)  # an empty table says nothing: none is written
    return data


def render_config(config: Config, previous: str | None = None, *, path: Path | None = None) -> str:
    """The file's text for ``config``, written over ``previous`` (a readable config file) if given:
    its comments, blank lines, order and unknown keys stay (:mod:`tomledit`)."""
    from espace_parents_tui.util import tomledit

    where = path or Path(CONFIG_FILENAME)
    data = _read_data(previous, where) if previous is not None else {}
    try:
        return tomledit.edit(previous, wanted_data(data, config), header=_FILE_HEADER)
    except tomledit.TomlEditError as exc:
        raise ConfigError(
            _("Impossible d'écrire le fichier de configuration {where} : {exc}.").format(where=where, exc=exc)
        ) from None


# ---- reading -------------------------------------------------------------------------------------


def _check_no_secret(data: dict, path: Path) -> None:
    """Refuse a file that carries a password or token (someone edited it by hand)."""
    tables: list[tuple[str, dict]] = [("racine", data)]
    accounts = data.get("accounts")
    if isinstance(accounts, dict):  # account ids are names, not settings: only look inside
        tables += [(_("compte « {k} »").format(k=k), v) for k, v in accounts.items() if isinstance(v, dict)]
    for where, table in tables:
        for key in table:
            if key.lower().replace("-", "_") in _SECRET_KEYS:
                raise ConfigError(
                    _(
                        "Le fichier de configuration {path} contient un secret ({where}, clé « {key} ») : retirez cette ligne. Les mots de passe et jetons sont gardés dans le trousseau, jamais dans ce fichier."
                    ).format(path=path, where=where, key=key)
                )


def _read_data(text: str, path: Path) -> dict:
    """The file's values, through the standard library's strict parser; a secret in it is refused."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # the message names line and column, never content
        raise ConfigError(
            _(
                "Le fichier de configuration {path} est illisible ({exc}). Corrigez-le ou renommez-le ; l'application ne le modifiera pas tant qu'il est illisible."
            ).format(path=path, exc=exc)
        ) from None
    _check_no_secret(data, path)
    return data


def parse_config(text: str, path: Path) -> Config:
    data = _read_data(text, path)
    accounts_table = data.get("accounts", {})
    if not isinstance(accounts_table, dict):
        raise ConfigError(
            _("Le fichier de configuration {path} : « accounts » doit être une table.").format(path=path)
        )
    known = {f.name for f in dataclasses.fields(AccountConfig)} - {"id"}
    accounts: dict[str, AccountConfig] = {}
    for account_id, table in accounts_table.items():
        if not isinstance(table, dict):
            raise ConfigError(
                _("Le fichier de configuration {path} : le compte « {account_id} » est mal formé.").format(
                    path=path, account_id=account_id
                )
            )
        for required in ("server_url", "username"):
            if required not in table:
                raise ConfigError(
                    _(
                        "Le fichier de configuration {path} : il manque « {required} » au compte « {account_id} »."
                    ).format(path=path, required=required, account_id=account_id)
                )
        values = {k: v for k, v in table.items() if k in known}  # unknown keys: a newer version's
        try:
            accounts[account_id] = AccountConfig(id=account_id, **values)
        except ConfigError as exc:
            raise ConfigError(
                _("Le fichier de configuration {path} : {exc}").format(path=path, exc=exc)
            ) from None
    default = data.get("default")
    if default is not None and not isinstance(default, str):
        raise ConfigError(
            _("Le fichier de configuration {path} : « default » doit être du texte.").format(path=path)
        )
    notifications = data.get("notifications", {})
    if not isinstance(notifications, dict) or not all(isinstance(v, bool) for v in notifications.values()):
        raise ConfigError(
            _(
                "Le fichier de configuration {path} : « notifications » doit être une table de true/false (par exemple « grades = true »)."
            ).format(path=path)
        )
    return Config(
        accounts=accounts, default=default if default in accounts else None, notifications=dict(notifications)
    )


# ---- the store -----------------------------------------------------------------------------------


class ConfigStore:
    """Reads and writes ``config.toml``; every change is load → modify → atomic save, under a lock."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or app_paths().config_file

    def __repr__(self) -> str:
        return f"ConfigStore({str(self.path)!r})"

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def paths(self) -> AppPaths:
        return app_paths(self.path)

    def _read_text(self) -> str | None:
        """The file's text, or None when there is no file yet."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ConfigError(
                _("Impossible de lire le fichier de configuration {path} : {strerror}.").format(
                    path=self.path, strerror=exc.strerror
                )
            ) from None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ConfigError(
                _("Le fichier de configuration {path} est illisible (il n'est pas en UTF-8).").format(
                    path=self.path
                )
            ) from None

    def load(self) -> Config:
        text = self._read_text()
        return Config() if text is None else parse_config(text, self.path)

    def save(self, config: Config) -> None:
        """Write ``config`` over the file as it is now: what the parent wrote in it stays."""
        if config.default is not None and config.default not in config.accounts:
            raise ConfigError(_("Compte par défaut inconnu : « {default} ».").format(default=config.default))
        with fsutil.locked_dir(self.path.parent):
            # Never lose a file: the last good one goes to .bak; one we cannot read is kept aside
            # as .illisible (so that it does not push the good .bak out) and a new file is made.
            try:
                previous = self._read_text()
                if previous is not None:
                    parse_config(previous, self.path)
                keep = self.backup_path
            except ConfigError:
                previous, keep = None, self.path.with_name(self.path.name + ".illisible")
            data = render_config(config, previous, path=self.path).encode("utf-8")
            try:
                if self.path.exists():
                    fsutil.copy_private(self.path, keep)
                fsutil.atomic_write(self.path, data)
            except OSError as exc:
                raise ConfigError(
                    _("Impossible d'enregistrer le fichier de configuration {path} : {strerror}.").format(
                        path=self.path, strerror=exc.strerror
                    )
                ) from None

    def _change(self, fn) -> Config:
        with fsutil.locked_dir(self.path.parent):
            config = self.load()
            fn(config)
            self.save(config)
            return config

    # convenience API --------------------------------------------------------------------------

    def accounts(self) -> list[AccountConfig]:
        return list(self.load().accounts.values())

    def get(self, account_id: str) -> AccountConfig:
        config = self.load()
        if account_id not in config.accounts:
            raise ConfigError(_("Compte inconnu : « {account_id} ».").format(account_id=account_id))
        return config.accounts[account_id]

    def default_account(self) -> AccountConfig | None:
        return self.load().default_account()

    def add(self, account: AccountConfig, *, make_default: bool = False) -> None:
        def fn(config: Config) -> None:
            if account.id in config.accounts:
                raise ConfigError(_("Un compte « {id} » existe déjà.").format(id=account.id))
            config.accounts[account.id] = account
            if make_default or config.default is None:
                config.default = account.id

        self._change(fn)

    def update(self, account: AccountConfig) -> None:
        def fn(config: Config) -> None:
            if account.id not in config.accounts:
                raise ConfigError(_("Compte inconnu : « {id} ».").format(id=account.id))
            config.accounts[account.id] = account

        self._change(fn)

    def remove(self, account_id: str) -> AccountConfig:
        removed: list[AccountConfig] = []

        def fn(config: Config) -> None:
            if account_id not in config.accounts:
                raise ConfigError(_("Compte inconnu : « {account_id} ».").format(account_id=account_id))
            removed.append(config.accounts.pop(account_id))
            if config.default == account_id:
                config.default = next(iter(config.accounts), None)

        self._change(fn)
        return removed[0]

    def set_default(self, account_id: str) -> None:
        def fn(config: Config) -> None:
            if account_id not in config.accounts:
                raise ConfigError(_("Compte inconnu : « {account_id} ».").format(account_id=account_id))
            config.default = account_id

        self._change(fn)
