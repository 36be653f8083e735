"""Credential stores for what reading the cache never needs: the secret chosen at the first login.

- :class:`DeferredStore` picks the real store (and probes the keyring) only when a login asks for
  the secret. ``show --offline`` and the app on its cache therefore work in a session with no
  keyring at all (over SSH): reading the cache never needs the secret.
- :class:`KeyringUnavailable` is what a login meets there: the keyring's reason, plus the choices
  the no-keyring path offers (the caller words them for the command line or the app).
- :class:`TypedSecret` holds a password the user has just typed (ask each time, ``--ask``, the
  app's dialog). Typing it is the user acting: it may be tried even after a stored one was refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from espace_parents_tui.settings.credentials import CredentialError, CredentialStore, MemoryStore
from espace_parents_tui.util.i18n import _


class KeyringUnavailable(CredentialError):
    """The account's secret is in the keyring, and this session has no usable keyring.

    ``reason`` is the keyring probe's French sentence; the message adds what the user can do.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class DeferredStore(CredentialStore):
    """A store chosen only when a secret is really needed (a login), never to read the cache.

    ``resolve`` returns the real store, or raises :class:`CredentialError` (for instance
    :class:`KeyringUnavailable` over SSH). Offline reads never call it, so they work with no
    credential store at all; the keyring is probed once, at the first :meth:`get` or :meth:`set`.
    """

    name = "deferred"
    is_secure = True

    def __init__(self, resolve: Callable[[], CredentialStore], description: str = "") -> None:
        self._resolve = resolve
        self._store: CredentialStore | None = None
        self._lock = threading.Lock()
        self._description = description

    def resolved(self) -> CredentialStore:
        with self._lock:
            if self._store is None:
                self._store = self._resolve()
            return self._store

    def get(self, account_id: str, kind: str) -> str | None:
        return self.resolved().get(account_id, kind)

    def set(self, account_id: str, kind: str, secret: str) -> None:
        self.resolved().set(account_id, kind, secret)

    def delete(self, account_id: str, kind: str) -> None:
        self.resolved().delete(account_id, kind)

    def describe(self) -> str:
        if self._store is not None:
            return self._store.describe()
        return self._description or _("choisi à la première connexion")

    def __repr__(self) -> str:
        return f"<DeferredStore {self._store!r}>"


class TypedSecret(MemoryStore):
    """A secret the user has just typed (ask each time, the no-keyring dialog, ``--ask``).

    Typing it is the user acting: the portal may try it even after a stored secret was refused.
    """

    name = "typed"

    def describe(self) -> str:
        return _("saisi pour cette session seulement (rien n'est enregistré)")
