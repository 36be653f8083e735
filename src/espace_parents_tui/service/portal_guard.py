"""What keeps an account safe while the portal uses its PRONOTE session.

The portal's guard (a mixin of :class:`~espace_parents_tui.portal.Portal`):

- **one process at a time** in the account's session: :meth:`SessionGuard.session_use` holds the
  account's OS lock (``account_lock``) through a login, a sync, a fetch or an action;
- **no login loop**: one automatic re-login per operation (the client's ``relogin_budget``);
- **no lockout by repetition**: a refused stored secret, PRONOTE's error 25 or an IP suspension is
  written in the cache (:data:`LOGIN_BLOCK`), and no login is tried again until the user acts (a new
  ``login``, a typed password, ``sync --retry-login``);
- every failure becomes one French sentence (:meth:`SessionGuard._translate`), with the command
  line's exit code: 1 server or network, 2 credentials, 3 lockout; a cache that cannot be written
  (read-only, full disk, locked) is a :class:`StorageProblem` that loses nothing already stored.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from espace_parents_tui.pronote import errors
from espace_parents_tui.service.account_lock import AccountLock, LockTimeout
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import CredentialError, CredentialStore
from espace_parents_tui.settings.deferred import DeferredStore, TypedSecret
from espace_parents_tui.store import Cache, CacheError, Change
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.client import PronoteClient

log = logging.getLogger(__name__)


class PortalError(Exception):
    """A failure the UI shows as one clear sentence; ``exit_code`` is the command line's."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def user_message(self) -> str:
        return str(self)


class Offline(PortalError):
    """No network, or the server failed: the cache answers."""

    exit_code = 1


class CredentialsProblem(PortalError):
    """The secret is missing, or the server refused it."""

    exit_code = 2


class SecretUnavailable(CredentialsProblem):
    """The secret cannot be read in this session (no keyring over SSH…): the cache still answers.

    ``reason`` is the keyring's French sentence without the command-line hints, for dialogs.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class LockedOut(PortalError):
    """Too many authentication errors, or the IP suspended: nothing more is sent."""

    exit_code = 3


class AccountBusy(PortalError):
    """Another espace-parents (a sync from cron, the app) uses the account longer than we wait."""

    exit_code = 1


class StorageProblem(PortalError):
    """The cache cannot be written (read-only folder, full disk, locked database): nothing is lost."""

    exit_code = 1


# The cache meta key of a login refused or blocked: no further attempt until the user acts.
LOGIN_BLOCK = "login_blocked"
# The login block's kind while a password change is under way: written (without any password) before
# the change is sent, removed once the credential store holds the new password (or the server
# refused the change). Found at the next start, it means the change was interrupted.
PASSWORD_CHANGE = "password_change"


def aborts_sync(exc: errors.PronoteError) -> bool:
    """Whether a failure stops the whole sync (nothing written), or only skips one dataset.

    The network gone, the session lost, the server overloaded (429, 503) or refusing us: stop
    asking at once. An answer that cannot be read, a page refused or broken (500): that dataset
    is reported and keeps its cached data, the others go on.
    """
    if isinstance(exc, errors.HttpError):
        return exc.overloaded
    return isinstance(
        exc,
        errors.ServerUnreachable
        | errors.LoginError
        | errors.SessionExpired
        | errors.TooManyAttempts
        | errors.IpSuspended
        | errors.SiteUnavailable
        | errors.Redirected
        | errors.NotAPronotePage,
    )


def _short_time(iso: str | None) -> str:
    try:
        return datetime.fromisoformat(iso or "").strftime("%d/%m/%Y à %H:%M")
    except ValueError:
        return "?"


class SessionGuard:
    """The lock, the login block, and the translation of failures; mixed into the portal."""

    account: AccountConfig
    store: CredentialStore
    cache: Cache
    lock_wait: float
    retry_login: bool
    client_options: dict[str, Any]
    _account_lock: AccountLock | None

    @contextlib.asynccontextmanager
    async def session_use(self, what: str) -> AsyncIterator[None]:
        """Hold the account's lock while the PRONOTE session is used (re-entrant in a process)."""
        if self._account_lock is None:
            yield
            return
        try:
            await self._account_lock.acquire(self.lock_wait, what)
        except LockTimeout as busy:
            who = f" ({busy.holder})" if busy.holder else ""
            raise AccountBusy(
                _(
                    "Le compte « {id} » est utilisé par un autre espace-parents{who} depuis plus de {lock_wait:g} s : réessayez dans un moment. Le cache reste lisible."
                ).format(id=self.account.id, who=who, lock_wait=self.lock_wait)
            ) from None
        except OSError as exc:
            raise StorageProblem(
                _("Impossible de verrouiller le compte ({path}) : {strerror}.").format(
                    path=self._account_lock.path, strerror=exc.strerror
                )
            ) from None
        try:
            yield
        finally:
            self._account_lock.release()

    def login_block(self) -> dict[str, str] | None:
        """Why logins are held back (a refused secret, a lockout), or ``None``."""
        try:
            raw = self.cache.get_meta(LOGIN_BLOCK)
            block = json.loads(raw) if raw else None
        except (ValueError, CacheError, sqlite3.Error):
            return None
        return block if isinstance(block, dict) else None

    def clear_login_block(self) -> None:
        self._set_meta(LOGIN_BLOCK, None)

    def _check_login_block(self) -> None:
        block = self.login_block()
        if block is None:
            return
        kind = block.get("kind")
        typed = isinstance(self._resolved_store(), TypedSecret)
        if self.retry_login or (kind in ("refused", PASSWORD_CHANGE) and typed):
            return  # the user acted: asked to try again, or typed the password just now
        since = _short_time(block.get("since"))
        if kind == PASSWORD_CHANGE:
            raise CredentialsProblem(
                _(
                    "Un changement de mot de passe a été interrompu le {since} : le serveur PRONOTE a peut-être déjà le nouveau mot de passe, alors que l'ancien est encore enregistré. Aucune connexion n'est tentée avec le mot de passe enregistré (des échecs répétés bloqueraient le compte) : saisissez le mot de passe en vigueur une fois avec « espace-parents account password --resume »."
                ).format(since=since)
            )
        if kind == "locked":
            raise LockedOut(
                _(
                    "{get} (le {since}). Aucune nouvelle tentative de connexion tant que vous ne l'avez pas demandé : attendez, puis « espace-parents sync --retry-login »."
                ).format(get=block.get("message", ""), since=since)
            )
        raise CredentialsProblem(
            _(
                "{get} (le {since}). Aucune nouvelle tentative avec le même secret : reconnectez-vous avec « espace-parents login », ou réessayez tel quel avec « espace-parents sync --retry-login »."
            ).format(get=block.get("message", ""), since=since)
        )

    def _record_login_block(self, kind: str, message: str) -> None:
        if kind == "refused" and isinstance(self._resolved_store(), TypedSecret):
            return  # a typed password: the next run types one again
        since = self.cache.clock().isoformat(timespec="seconds")
        self._set_meta(LOGIN_BLOCK, json.dumps({"kind": kind, "message": message, "since": since}))

    def _resolved_store(self) -> CredentialStore | None:
        store = self.store
        if isinstance(store, DeferredStore):
            try:
                return store.resolved()
            except CredentialError:
                return None
        return store

    def _translate(self, exc: BaseException) -> BaseException:
        if isinstance(exc, PortalError):
            return exc
        if isinstance(exc, CacheError):
            return StorageProblem(exc.user_message)
        if isinstance(exc, errors.TooManyAttempts | errors.IpSuspended):
            self._mark_offline(exc)
            if isinstance(exc, errors.IpSuspended):
                message = str(exc).rstrip(".")
            else:
                message = _("Trop d'erreurs d'authentification : le serveur PRONOTE refuse les connexions")
            self._record_login_block("locked", message)
            return LockedOut(
                message + _(". Attendez avant de réessayer (« espace-parents sync --retry-login »).")
            )
        if isinstance(exc, errors.TwoFactorRequired):
            return CredentialsProblem(
                str(exc) + _(" Reconnectez-vous avec « espace-parents login » pour la fournir.")
            )
        if isinstance(exc, errors.BadCredentials | errors.AccountBlocked):
            self._record_login_block("refused", str(exc).rstrip("."))
            return CredentialsProblem(str(exc))
        if isinstance(exc, errors.LoginError):
            return CredentialsProblem(str(exc))
        if isinstance(exc, errors.SessionExpired):
            self._mark_offline(exc)
            return Offline(
                _(
                    "{exc} : la session PRONOTE a expiré de nouveau malgré une reconnexion. Rien n'a été enregistré ; les données en cache sont intactes."
                ).format(exc=exc)
            )
        if isinstance(exc, errors.PronoteError):
            self._mark_offline(exc)
            return Offline(str(exc))
        return exc

    def _set_meta(self, key: str, value: str | None) -> None:
        """Best effort: a cache that cannot be written must not hide the error being reported."""
        try:
            self.cache.set_meta(key, value)
        except (CacheError, sqlite3.Error) as exc:
            log.warning("cache meta %s not written: %s", key, exc)

    def _mark_offline(self, exc: BaseException) -> None:
        try:
            offline = self.cache.get_meta("offline_since")
        except (CacheError, sqlite3.Error):
            return
        if offline is None:
            self._set_meta("offline_since", self.cache.clock().isoformat(timespec="seconds"))
        self._set_meta("last_error", str(exc))

    def _mark_online(self) -> None:
        self._set_meta("offline_since", None)
        self._set_meta("last_error", None)
        self._set_meta(LOGIN_BLOCK, None)

    def _commit(self, writer: Any) -> list[Change]:
        try:
            return writer.commit()
        except CacheError as exc:
            raise StorageProblem(exc.user_message) from exc

    def _fresh_budget(self, client: PronoteClient, *, retries: bool = False) -> None:
        """One automatic re-login per operation (a sync, a fetch, an action), never a loop.

        Reads are sent again after a network failure during a sync only (``retries``): it runs in
        the background and its data is worth the wait. What the parent is waiting for on screen (a
        page fetched, an action) fails at once and says so; the parent can try again. ``retries``
        is a sync.
        """
        from espace_parents_tui.pronote.transport import RETRY_DELAYS  # httpx: loaded with the client

        client.relogin_budget = 1
        # A sync reads once what does not depend on the child (``PronoteClient.sync_memo``).
        client.sync_memo = {} if retries else None
        client.retry_delays = self.client_options.get("retry_delays", RETRY_DELAYS) if retries else ()
