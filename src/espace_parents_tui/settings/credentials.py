"""Where passwords and tokens live: the OS keyring, an opt-in insecure file, or memory.

Never imports Textual and never prompts: a keyring backend that would ask with ``getpass`` is
refused, and so are the fail, null, plaintext and chainer-only backends. :func:`probe_keyring` runs
once, off the UI thread, with a timeout (a locked keyring can block forever) and does a real round
trip. With no usable keyring, :func:`choose_store` says so and offers two explicit choices: ask each
time (memory only) or the opt-in file. There is no silent plaintext fallback.

No secret ever appears in a repr, an exception message or a log.
"""

from __future__ import annotations

import abc
import json
import secrets as _secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from espace_parents_tui.settings.config import AccountConfig, app_paths
from espace_parents_tui.util import fsutil
from espace_parents_tui.util.i18n import N_, _
from espace_parents_tui.util.waits import wait_until

SERVICE = "espace-parents"
KINDS = ("password", "token")
_KIND_FR = {"password": N_("le mot de passe"), "token": N_("le jeton de connexion")}
_OF_KIND_FR = {"password": N_("du mot de passe"), "token": N_("du jeton de connexion")}
_T = TypeVar("_T")


class CredentialError(Exception):
    """A store failed; the message is French and never contains a secret."""

    @property
    def user_message(self) -> str:
        return str(self)


class CredentialTimeout(CredentialError):
    pass


def _check(account_id: str, kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(_("type de secret inconnu : {kind!r}").format(kind=kind))
    if not account_id or ":" in account_id:
        raise ValueError(_("identifiant de compte invalide : {account_id!r}").format(account_id=account_id))


class CredentialStore(abc.ABC):
    name: str
    is_secure: bool

    @abc.abstractmethod
    def get(self, account_id: str, kind: str) -> str | None: ...

    @abc.abstractmethod
    def set(self, account_id: str, kind: str, secret: str) -> None:
        """Store ``secret``; once this returns, it survives a crash of the app."""

    @abc.abstractmethod
    def delete(self, account_id: str, kind: str) -> None:
        """Remove the secret; a missing one is not an error."""

    def delete_all(self, account_id: str) -> None:
        for kind in KINDS:
            self.delete(account_id, kind)

    @abc.abstractmethod
    def describe(self) -> str:
        """Where secrets go, in French, for the status line and the about screen."""

    def __repr__(self) -> str:  # never the secrets
        return f"<{type(self).__name__} {self.name}>"


class MemoryStore(CredentialStore):
    """Secrets kept for this run only: tests, the demo, and "ask each time"."""

    name = "memory"
    is_secure = True  # nothing is written anywhere

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get(self, account_id: str, kind: str) -> str | None:
        _check(account_id, kind)
        with self._lock:
            return self._data.get((account_id, kind))

    def set(self, account_id: str, kind: str, secret: str) -> None:
        _check(account_id, kind)
        if not isinstance(secret, str) or not secret:
            raise ValueError(_("secret vide"))
        with self._lock:
            self._data[(account_id, kind)] = secret

    def delete(self, account_id: str, kind: str) -> None:
        _check(account_id, kind)
        with self._lock:
            self._data.pop((account_id, kind), None)

    def describe(self) -> str:
        return _("en mémoire seulement (demandé à chaque lancement)")

    def __repr__(self) -> str:
        return f"<MemoryStore: {len(self._data)} secret(s)>"


class FileStore(CredentialStore):
    """The opt-in, INSECURE file: JSON readable by anyone who can read the user's files.

    Chosen only explicitly (``--insecure-storage`` or the "no keyring" dialog). Folder 0700, file
    0600, atomic durable writes: a kill never leaves half a file, and a new token is on disk before
    :meth:`set` returns.
    """

    name = "file"
    is_secure = False

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or app_paths().credentials_file

    def describe(self) -> str:
        return _("fichier NON SÉCURISÉ, lisible en clair : {path}").format(path=self.path)

    def __repr__(self) -> str:
        return _("<FileStore (non sécurisé) {str!r}>").format(str=str(self.path))

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {"accounts": {}}
        except OSError as exc:
            raise CredentialError(
                _("Impossible de lire le fichier de secrets {path} : {strerror}.").format(
                    path=self.path, strerror=exc.strerror
                )
            ) from None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("accounts"), dict):
                raise ValueError
        except ValueError:  # the message of a JSON error may quote content: never shown
            raise CredentialError(
                _("Le fichier de secrets {path} est illisible (contenu invalide).").format(path=self.path)
            ) from None
        return data

    def _write(self, data: dict[str, Any]) -> None:
        data["avertissement"] = _(
            "Fichier NON SÉCURISÉ choisi par l'utilisateur (--insecure-storage) : "
            "les secrets ci-dessous sont lisibles en clair."
        )
        body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        fsutil.atomic_write(self.path, body)

    def get(self, account_id: str, kind: str) -> str | None:
        _check(account_id, kind)
        value = self._read()["accounts"].get(account_id, {}).get(kind)
        return value if isinstance(value, str) else None

    def set(self, account_id: str, kind: str, secret: str) -> None:
        _check(account_id, kind)
        if not isinstance(secret, str) or not secret:
            raise ValueError(_("secret vide"))
        try:
            with fsutil.locked_dir(self.path.parent):
                try:
                    data = self._read()
                except CredentialError:
                    # Keep the unreadable file aside rather than lose the new token.
                    fsutil.copy_private(self.path, self.path.with_name(self.path.name + ".illisible"))
                    data = {"accounts": {}}
                data["accounts"].setdefault(account_id, {})[kind] = secret
                self._write(data)
        except OSError as exc:
            raise CredentialError(
                _("Impossible d'enregistrer {KIND_FR} dans {path} : {strerror}.").format(
                    KIND_FR=_(_KIND_FR[kind]), path=self.path, strerror=exc.strerror
                )
            ) from None

    def delete(self, account_id: str, kind: str) -> None:
        _check(account_id, kind)
        self._remove(account_id, (kind,))

    def delete_all(self, account_id: str) -> None:
        _check(account_id, KINDS[0])
        self._remove(account_id, KINDS)

    def _remove(self, account_id: str, kinds: Iterable[str]) -> None:
        if not self.path.exists():
            return  # nothing to forget; do not create the folder
        try:
            with fsutil.locked_dir(self.path.parent):
                data = self._read()
                entry = data["accounts"].get(account_id)
                if entry is None:
                    return
                for kind in kinds:
                    entry.pop(kind, None)
                if not entry:
                    del data["accounts"][account_id]
                if data["accounts"]:
                    self._write(data)
                else:
                    fsutil.remove_durably(self.path)  # no secret left: no file left
        except OSError as exc:
            raise CredentialError(
                _("Impossible de modifier le fichier de secrets {path} : {strerror}.").format(
                    path=self.path, strerror=exc.strerror
                )
            ) from None


def _run_with_timeout(fn: Callable[[], _T], timeout: float) -> _T:
    """Run ``fn`` in a daemon thread; raise :class:`TimeoutError` if it takes longer than ``timeout``.

    A daemon thread (not an executor) so that a backend blocked forever cannot hold up the exit.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="espace-parents-keyring", daemon=True).start()
    if not wait_until(done.is_set, timeout):  # no timed Event.wait: see util.waits
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


class KeyringStore(CredentialStore):
    """The OS keyring, through ``keyring``: service ``espace-parents``, user ``<account>:<kind>``.

    ``backend`` is a concrete backend that :func:`probe_keyring` found usable (never the chainer,
    never a plaintext or prompting one). Each call runs with a timeout.
    """

    name = "keyring"
    is_secure = True

    def __init__(self, backend: Any, *, timeout: float = 15.0) -> None:
        self.backend = backend
        self.timeout = timeout

    @property
    def backend_name(self) -> str:
        return _backend_name(self.backend)

    def describe(self) -> str:
        return _("trousseau du système ({backend_name})").format(backend_name=self.backend_name)

    def __repr__(self) -> str:
        return f"<KeyringStore {self.backend_name}>"

    def _call(self, what: str, fn: Callable[[], _T], secret: str | None = None) -> _T:
        from keyring.errors import KeyringLocked

        try:
            return _run_with_timeout(fn, self.timeout)
        except TimeoutError:
            raise CredentialTimeout(
                _(
                    "Le trousseau ne répond pas ({what}, délai de {timeout:g} s dépassé) : il attend peut-être d'être déverrouillé sur le bureau."
                ).format(what=what, timeout=self.timeout)
            ) from None
        except KeyringLocked:
            raise CredentialError(_("Le trousseau est verrouillé ({what}).").format(what=what)) from None
        except Exception as exc:  # KeyringError, RuntimeError, D-Bus errors…
            detail = _scrub(f"{type(exc).__name__}: {exc}", secret)[:200]
            raise CredentialError(
                _("Le trousseau a refusé l'opération ({what}) : {detail}").format(what=what, detail=detail)
            ) from None

    def get(self, account_id: str, kind: str) -> str | None:
        _check(account_id, kind)
        return self._call(
            _("lecture {what}").format(what=_(_OF_KIND_FR[kind])),
            lambda: self.backend.get_password(SERVICE, f"{account_id}:{kind}"),
        )

    def set(self, account_id: str, kind: str, secret: str) -> None:
        _check(account_id, kind)
        if not isinstance(secret, str) or not secret:
            raise ValueError(_("secret vide"))
        self._call(
            _("enregistrement {what}").format(what=_(_OF_KIND_FR[kind])),
            lambda: self.backend.set_password(SERVICE, f"{account_id}:{kind}", secret),
            secret,
        )

    def delete(self, account_id: str, kind: str) -> None:
        from keyring.errors import PasswordDeleteError

        _check(account_id, kind)

        def fn() -> None:
            try:
                self.backend.delete_password(SERVICE, f"{account_id}:{kind}")
            except PasswordDeleteError:
                pass  # not there: nothing to forget

        self._call(_("suppression {what}").format(what=_(_OF_KIND_FR[kind])), fn)


# ---- probing the keyring -------------------------------------------------------------------------


def _backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _rejection(backend: Any) -> str | None:
    """Why this backend may not hold our secrets, in French; ``None`` when it may."""
    from keyring.backends import chainer, fail, null

    low = _backend_name(backend).lower()
    if isinstance(backend, fail.Keyring):
        return _(
            "aucun trousseau système n'est disponible (pas de service Secret Service sur D-Bus dans cette session)"
        )
    if isinstance(backend, null.Keyring):
        return _("le trousseau est désactivé (backend « null » de keyring)")
    if isinstance(backend, chainer.ChainerBackend):
        return _("aucun des trousseaux chaînés n'est utilisable")
    if "cryptfile" in low or "encrypted" in low:
        return _(
            "ce trousseau demanderait son mot de passe dans le terminal, ce qui bloquerait l'application"
        )
    if "plaintext" in low or low.startswith("keyrings.alt."):
        return _("ce trousseau enregistre les secrets dans un simple fichier (keyrings.alt), sans protection")
    return None


def _select_backend(backend: Any) -> tuple[Any | None, str]:
    """The concrete backend to use (the best usable child of a chainer), or ``None`` and why not."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        for child in backend.backends:  # by priority, highest first
            if _rejection(child) is None:
                return child, ""
    reason = _rejection(backend)
    return (None, reason) if reason else (backend, "")


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend_name: str
    reason: str  # French; why it is not usable, or what is used
    backend: Any = field(default=None, repr=False, compare=False)


def _round_trip(backend: Any) -> None:
    """Write, read back and delete a throw-away entry: the keyring must really work."""
    user = f"sonde-{_secrets.token_hex(6)}:probe"
    value = _secrets.token_hex(16)
    backend.set_password(SERVICE, user, value)
    try:
        if backend.get_password(SERVICE, user) != value:
            raise RuntimeError(_("la valeur relue diffère de la valeur écrite"))
    finally:
        backend.delete_password(SERVICE, user)


def probe_keyring(timeout: float = 3.0, *, backend: Any = None) -> KeyringStatus:
    """Find out once, off the UI thread, whether the OS keyring can hold our secrets.

    ``backend`` defaults to ``keyring.get_keyring()``. A locked, failing or hanging keyring is
    reported unusable within ``timeout`` seconds.
    """
    from keyring.errors import KeyringLocked

    seen: dict[str, str] = {"name": "inconnu"}

    def probe() -> KeyringStatus:
        import keyring

        current = backend if backend is not None else keyring.get_keyring()
        seen["name"] = _backend_name(current)
        chosen, reason = _select_backend(current)
        if chosen is None:
            return KeyringStatus(
                False, seen["name"], _("Pas de trousseau utilisable : {reason}.").format(reason=reason)
            )
        seen["name"] = _backend_name(chosen)
        _round_trip(chosen)
        return KeyringStatus(
            True, seen["name"], _("Trousseau utilisé : {seen}.").format(seen=seen["name"]), chosen
        )

    try:
        return _run_with_timeout(probe, timeout)
    except TimeoutError:
        why = _(
            "le trousseau ne répond pas (délai de {timeout:g} s dépassé) ; il est peut-être verrouillé"
        ).format(timeout=timeout)
    except KeyringLocked:
        why = _("le trousseau est verrouillé")
    except Exception as exc:  # NoKeyringError, KeyringError, RuntimeError, D-Bus errors…
        why = _("le trousseau a échoué à l'essai ({name__})").format(name__=type(exc).__name__)
    return KeyringStatus(False, seen["name"], _("Pas de trousseau utilisable : {why}.").format(why=why))


# ---- choosing the store --------------------------------------------------------------------------

NO_KEYRING_CHOICES = (
    ("ask", N_("Ne rien enregistrer : demander le mot de passe à chaque lancement")),
    ("file", N_("Enregistrer dans un fichier NON SÉCURISÉ, lisible par quiconque accède à vos fichiers")),
)


@dataclass(frozen=True)
class StoreChoice:
    store: CredentialStore
    warning: str | None = None  # French; set when the store is insecure or forgets at exit


@dataclass(frozen=True)
class NoKeyring:
    """No keyring and no explicit choice yet: the UI must ask (ask each time, or the file)."""

    status: KeyringStatus
    message: str
    choices: tuple[tuple[str, str], ...] = NO_KEYRING_CHOICES


def choose_store(
    config: AccountConfig, status: KeyringStatus, *, insecure_opt_in: bool = False
) -> StoreChoice | NoKeyring:
    """The store for ``config``'s secrets. Never falls back to a file the user did not choose."""
    if insecure_opt_in or config.storage == "file":
        store = FileStore()
        return StoreChoice(
            store, _("secrets enregistrés dans un {describe}.").format(describe=store.describe())
        )
    if config.storage == "ask":
        return StoreChoice(
            MemoryStore(), _("Le mot de passe n'est pas enregistré : il sera demandé à chaque lancement.")
        )
    if status.usable and status.backend is not None:
        return StoreChoice(KeyringStore(status.backend))
    return NoKeyring(
        status,
        _(
            "{reason} Vous pouvez ne rien enregistrer (le mot de passe sera demandé à chaque lancement) ou, en connaissance de cause, l'enregistrer dans un fichier non sécurisé."
        ).format(reason=status.reason),
    )


def known_stores(status: KeyringStatus | None = None) -> list[CredentialStore]:
    """Every persistent store a secret may have been put in: the keyring (if usable) and the file."""
    stores: list[CredentialStore] = [FileStore()]
    if status is not None and status.usable and status.backend is not None:
        stores.insert(0, KeyringStore(status.backend))
    return stores


def forget_account(account_id: str, stores: Iterable[CredentialStore]) -> list[str]:
    """Remove every secret of ``account_id`` from every store; returns the stores cleaned.

    Tries them all even if one fails, then raises a :class:`CredentialError` naming the failures.
    Deleting the account's cache is the caller's part (``portal``).
    """
    cleaned, failed = [], []
    for store in stores:
        try:
            store.delete_all(account_id)
            cleaned.append(store.name)
        except CredentialError as exc:
            failed.append(f"{store.name} : {exc}")
    if failed:
        raise CredentialError(_("Certains secrets n'ont pas pu être effacés — ") + " ; ".join(failed))
    return cleaned
