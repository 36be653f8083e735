"""Opening an account's portal: the one place that wires the parts together for a run.

For a configured account it picks the credential store (the keyring, the opt-in file, or "ask each
time"), opens the account's cache file and builds the :class:`~espace_parents_tui.service.portal.Portal`
on the run's clock; with ``--demo`` it hands over to :func:`~espace_parents_tui.wiring.demo.demo_portal`.
The command line (``cli/commands.py``, ``cli/launch.py``) and the app (switching or adding an account)
both open portals here; the service layer never picks a store, a file or a server itself.
"""

from __future__ import annotations

import argparse
import getpass
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.service.portal import LOGIN_BLOCK, Portal
from espace_parents_tui.settings.config import AccountConfig, ConfigError, ConfigStore, app_paths
from espace_parents_tui.settings.credentials import (
    CredentialStore,
    KeyringStatus,
    NoKeyring,
    choose_store,
    probe_keyring,
)
from espace_parents_tui.settings.deferred import DeferredStore, KeyringUnavailable, TypedSecret
from espace_parents_tui.store import Cache, CacheError
from espace_parents_tui.util.i18n import N_, _
from espace_parents_tui.util.textsafe import clean
from espace_parents_tui.wiring.demo import demo_portal

# What to do when the keyring is missing, by how the account logs in (translated where shown).
_NO_KEYRING_ACCOUNT = N_(
    "Les données déjà en cache restent lisibles (show --offline). Pour vous connecter : relancez avec --ask pour saisir le mot de passe cette fois (rien n'est enregistré), ou reconnectez le compte avec « espace-parents login --ask » (mot de passe demandé à chaque fois) ou « espace-parents login --insecure-storage » (fichier non chiffré, 0600)."
)
_NO_KEYRING_TOKEN = N_(
    "Les données déjà en cache restent lisibles (show --offline). Ce compte se connecte par QR code : son jeton est dans le trousseau. Ouvrez une session où le trousseau est disponible, ou reconnectez-vous avec « espace-parents login --qr … --insecure-storage »."
)


class LaunchError(Exception):
    """A failure while opening an account: one sentence, and the command line's exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    @property
    def user_message(self) -> str:
        return str(self)


def warn(message: str) -> None:
    """A warning for the user, on stderr (a recovered cache, a secret kept in a file)."""
    print(f"espace-parents : {clean(message)}", file=sys.stderr)  # it may quote the server


def cache_path(account_id: str) -> Path:
    return app_paths().cache_dir / f"{account_id}.sqlite3"


def config_store() -> ConfigStore:
    return ConfigStore()


def find_account(config: ConfigStore, wanted: str | None) -> AccountConfig:
    try:
        if wanted:
            return config.get(wanted)
        account = config.default_account()
    except ConfigError as exc:
        raise LaunchError(exc.user_message, 2) from exc
    except KeyError as exc:
        raise LaunchError(_("Compte inconnu : « {account} ».").format(account=wanted), 2) from exc
    if account is None:
        raise LaunchError(
            _("Aucun compte configuré : connectez-vous avec « espace-parents login » ou essayez --demo."), 2
        )
    return account


class AskStore(TypedSecret):
    """ "Ask each time": nothing is kept; the password is asked for when a login needs it."""

    def __init__(self, password_stdin: bool) -> None:
        super().__init__()
        self._password_stdin = password_stdin

    def get(self, account_id: str, kind: str) -> str | None:
        known = super().get(account_id, kind)
        if known is None and kind == "password":
            known = read_secret(_("Mot de passe : "), self._password_stdin)
            super().set(account_id, kind, known)
        return known

    def describe(self) -> str:
        return _("aucun enregistrement (mot de passe demandé à chaque fois)")


def store_for(account: AccountConfig, *, password_stdin: bool = False, ask: bool = False) -> CredentialStore:
    """The account's credential store, chosen (and the keyring probed) only when a login needs it.

    Reading the cache never needs the secret: ``show --offline`` and the app on the cache work in a
    session without any keyring. ``ask`` (``--ask``): type the password for this run only.
    """
    if account.storage == "ask" or (ask and account.login_mode == "password"):
        return AskStore(password_stdin)

    def resolve() -> CredentialStore:
        choice = choose_store(
            account, probe_keyring() if account.storage == "keyring" else no_keyring_probe()
        )
        if isinstance(choice, NoKeyring):
            hint = _NO_KEYRING_TOKEN if account.login_mode == "token" else _NO_KEYRING_ACCOUNT
            raise KeyringUnavailable(choice.status.reason + " " + _(hint), choice.status.reason)
        if choice.warning:
            warn(_("Attention : {warning}").format(warning=choice.warning))
        return choice.store

    return DeferredStore(resolve)


def no_keyring_probe() -> KeyringStatus:
    """The keyring status of an account that does not use the keyring (nothing to probe)."""
    return KeyringStatus(False, "-", "")


def read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = getpass.getpass(prompt)
    if not secret:
        raise LaunchError(_("Aucun mot de passe fourni."), 2)
    return secret


@asynccontextmanager
async def open_portal(
    args: argparse.Namespace, store: CredentialStore | None = None
) -> AsyncIterator[Portal]:
    """The portal of ``--account`` (or the default one), or the demo school with ``--demo``.

    ``args.clock`` (the run's clock, pinned to a day by ``--today``) is the portal's.
    """
    clock: Clock = getattr(args, "clock", SYSTEM)
    if getattr(args, "replay", None):
        from espace_parents_tui.wiring.replay import replay_portal

        async with replay_portal(Path(args.replay)) as portal:
            yield portal
        return
    if getattr(args, "demo", False):
        school = Path(args.school) if getattr(args, "school", None) else None
        async with demo_portal(school, clock=clock, family=getattr(args, "famille", None)) as portal:
            yield portal
        return
    config = config_store()
    account = find_account(config, getattr(args, "account", None))
    store = store or store_for(
        account, password_stdin=getattr(args, "password_stdin", False), ask=getattr(args, "ask", False)
    )
    try:
        cache = Cache.open(cache_path(account.id), clock=clock.now)
    except CacheError as exc:
        raise LaunchError(exc.user_message, 1) from None
    if cache.recovered:
        warn(cache.recovered)
    portal = Portal(account, store, cache, clock=clock, on_account_change=config.update)
    try:
        yield portal
    finally:
        await portal.close()
        cache.close()


def clear_login_block(account_id: str) -> None:
    """After a successful login: a refused secret or a lockout no longer holds logins back."""
    path = cache_path(account_id)
    if not path.exists():
        return
    try:
        cache = Cache.open(path)
    except (CacheError, OSError, sqlite3.Error):
        return
    try:
        cache.set_meta(LOGIN_BLOCK, None)
    except (CacheError, sqlite3.Error):
        pass
    finally:
        cache.close()


def open_account_portal(account_id: str | None, store: CredentialStore | None = None, clock: Clock = SYSTEM):
    """An opener for the terminal app: the portal of a configured account, on the run's clock."""

    @asynccontextmanager
    async def opener() -> AsyncIterator[Portal]:
        args = argparse.Namespace(account=account_id, demo=False, password_stdin=False, clock=clock)
        async with open_portal(args, store) as portal:
            yield portal

    return opener
