"""The accounts file read the light way, for ``show … --offline --json``'s fast path (``cli/quickread.py``).

``config.py`` is the one that reads and writes the file for everything else; it pays for
dataclasses, platformdirs, URL parsing and the write machinery. A status bar that reads the cache
every minute needs only the chosen account's id and where the files are. This module gives them
with the standard library's ``tomllib`` and ``os`` alone, or ``None`` as soon as anything is not
plain: the caller then takes the full path, which says what is wrong in its own words.

It is stricter than ``config.py``, never looser: whatever it accepts, ``config.py`` accepts too and
reads the same way (``tests/test_quickconfig.py``). The folders follow the XDG rules platformdirs
implements on Linux; anywhere else, or in a case where versions of platformdirs could differ (a
relative ``XDG_*`` variable, no absolute ``HOME``), platformdirs itself answers.

The constants below are ``config.py``'s too (it imports them from here).
"""

from __future__ import annotations

import os
import sys

APP_NAME = "espace-parents"
CONFIG_FILENAME = "config.toml"
LOGIN_MODES = ("password", "token")  # token: QR code / mobile-app login
STORAGES = ("keyring", "file", "ask")  # file: opt-in, insecure; ask: memory only, ask each time
# Keys that would mean someone put a secret in the file by hand.
SECRET_KEYS = frozenset(
    {"password", "passwd", "pass", "token", "jeton", "secret", "mot_de_passe", "motdepasse", "mdp"}
)
_TEXT_FIELDS = ("server_url", "username", "device_uuid", "device_id", "label")
_KNOWN = frozenset({*_TEXT_FIELDS, "login_mode", "storage"})
# No regular expression here: compiling them was a good part of the fast path's time.
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def _xdg_dir(variable: str, fallback: str) -> str | None:
    """``$variable`` or ``~/fallback`` + the app's name, when the plain XDG rules surely apply."""
    if sys.platform != "linux":
        return None
    value = os.environ.get(variable, "")
    if value:  # a relative value: platformdirs versions disagree on it
        return os.path.join(value, APP_NAME) if _plain(value) else None
    home = os.environ.get("HOME", "")
    return os.path.join(os.path.expanduser(fallback), APP_NAME) if _plain(home) else None


def _plain(folder: str) -> bool:
    """An absolute folder pathlib writes as it is (it would drop a ``//`` or a ``/./``)."""
    return folder.startswith("/") and "//" not in folder and "/./" not in folder + "/"


def config_file() -> str:
    """Where ``config.py``'s ``app_paths().config_file`` is."""
    folder = _xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if folder is None:
        import platformdirs

        folder = str(platformdirs.user_config_path(APP_NAME, appauthor=False))
    return os.path.join(folder, CONFIG_FILENAME)


def cache_dir() -> str:
    """Where ``config.py``'s ``app_paths().cache_dir`` is."""
    folder = _xdg_dir("XDG_CACHE_HOME", "~/.cache")
    if folder is None:
        import platformdirs

        folder = str(platformdirs.user_cache_path(APP_NAME, appauthor=False))
    return folder


def _plain_account(account_id: object, table: object) -> bool:
    """Whether ``config.py`` surely accepts this account as it is."""
    if not _plain_id(account_id) or not isinstance(table, dict):
        return False
    if "server_url" not in table or "username" not in table or _has_secret(table):
        return False
    for name in _TEXT_FIELDS:
        if name in table and not isinstance(table[name], str):
            return False
    if not table["username"] or not _plain_url(table["server_url"]):
        return False
    for name, allowed in (("login_mode", LOGIN_MODES), ("storage", STORAGES)):
        if name in table and not (isinstance(table[name], str) and table[name] in allowed):
            return False
    return True


def _plain_id(value: object) -> bool:
    """What ``config.py``'s ``_ID_RE`` accepts (lower-case letters, digits, inner dashes, ≤ 64)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 64
        and _ID_CHARS.issuperset(value)
        and value[0] != "-"
        and value[-1] != "-"
    )


def _plain_url(url: str) -> bool:
    """An http(s) address with a plain host (and port), printable ASCII only: urlsplit surely reads
    it as ``config.py`` wants it (scheme http or https, a host), strips nothing and refuses nothing."""
    scheme, sep, rest = url.partition("://")
    if scheme not in ("http", "https") or not sep or not all("!" <= char <= "~" for char in rest):
        return False
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    host, colon, port = rest[:end].partition(":")
    return bool(host) and _HOST_CHARS.issuperset(host) and (not colon or (port.isdigit() and len(port) <= 5))


def _has_secret(table: dict) -> bool:
    return any(not isinstance(key, str) or key.lower().replace("-", "_") in SECRET_KEYS for key in table)


def account_id(wanted: str | None, path: str | None = None) -> str | None:
    """The id of the account ``wanted`` (or the default one) as ``ConfigStore`` picks it, or None
    when there is none or the file is anything but plain (the full path then answers)."""
    picked = _pick(wanted, path)
    return picked[0] if picked else None


def account_storage(wanted: str | None, path: str | None = None) -> tuple[str, str] | None:
    """(id, where its secret is: ``STORAGES``) of the account ``account_id`` picks, or None."""
    picked = _pick(wanted, path)
    return (picked[0], picked[1].get("storage", "keyring")) if picked else None


def _pick(wanted: str | None, path: str | None) -> tuple[str, dict] | None:
    from espace_parents_tui.util import plaintoml

    try:
        with open(path or config_file(), "rb") as file:
            text = file.read().decode("utf-8")
        data = plaintoml.loads(text)  # the file as the app writes it: without importing tomllib
        if data is None:
            import tomllib

            data = tomllib.loads(text)
    except (OSError, ValueError):  # no file, unreadable, not UTF-8, not TOML: the full path says it
        return None
    accounts = data.get("accounts", {})
    default = data.get("default")
    notifications = data.get("notifications", {})
    if (
        not isinstance(accounts, dict)
        or _has_secret(data)
        or not (default is None or isinstance(default, str))
    ):
        return None
    if not isinstance(notifications, dict) or not all(isinstance(v, bool) for v in notifications.values()):
        return None
    if not all(_plain_account(key, table) for key, table in accounts.items()):
        return None
    if wanted is not None:
        chosen = wanted if wanted in accounts else None
    elif default in accounts:
        chosen = default
    else:
        chosen = next(iter(accounts), None)
    return (chosen, accounts[chosen]) if chosen is not None else None
