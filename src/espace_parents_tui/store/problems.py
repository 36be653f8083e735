"""When the cache cannot be used: corruption (set aside) versus the moment (never).

A corrupt or foreign file is moved aside (:func:`set_aside`) and rebuilt; :func:`reason` says why. A
sound database that cannot be used *now* (locked by another program, a read-only folder, a full
disk) is left alone, and :func:`explain` says so in one sentence; a folder that cannot be written
is still read (:func:`read_only_connection`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from pathlib import Path

from espace_parents_tui.util.i18n import _


class CacheError(Exception):
    @property
    def user_message(self) -> str:
        return str(self)


_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")


def is_busy(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(_BUSY) or "locked" in str(exc).lower()


def why(exc: BaseException) -> str:
    """What stops the cache, in a few French words."""
    name = getattr(exc, "sqlite_errorname", "")
    if isinstance(exc, PermissionError) or name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return _("dossier ou fichier non modifiable")
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return _("système de fichiers en lecture seule")
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or name.startswith("SQLITE_FULL"):
        return _("disque plein")
    if is_busy(exc):
        return _("verrouillé par un autre programme")
    if name.startswith("SQLITE_CANTOPEN"):
        return _("impossible d'ouvrir le fichier")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _("erreur d'entrée-sortie")


def explain(exc: BaseException, path: Path | None) -> str:
    """One French sentence: what failed, and that what is already stored is intact."""
    where = f" {path}" if path else ""
    found = why(exc)
    if found == _("disque plein"):
        return _(
            "Le disque est plein : le cache{where} n'a rien pu enregistrer. Les données déjà en cache sont intactes ; libérez de la place puis synchronisez de nouveau."
        ).format(where=where)
    if found == _("verrouillé par un autre programme"):
        return _(
            "Le cache{where} est verrouillé par un autre programme : réessayez quand il l'aura libéré. Les données déjà en cache sont intactes."
        ).format(where=where)
    return _(
        "Le cache{where} ne peut pas être modifié ({found}). Les données déjà en cache sont intactes."
    ).format(where=where, found=found)


def reason(exc: BaseException) -> str:
    if isinstance(exc, CacheError):
        return str(exc)
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return _("ce n'est pas une base SQLite")
    if "malformed" in text:
        return _("base endommagée")
    return "erreur SQLite"


def read_only_connection(path: Path, cause: BaseException, schema: int) -> tuple[sqlite3.Connection, str]:
    """The cache file opened for reading only, and why; :class:`CacheError` when even that fails."""
    if not path.exists():
        raise CacheError(explain(cause, path)) from None
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != schema:
            connection.close()
            raise CacheError(explain(cause, path))
    except sqlite3.Error:
        raise CacheError(explain(cause, path)) from None
    return connection, (
        _(
            "Le cache {path} est en lecture seule ({why}) : ses données restent lisibles, mais rien de nouveau ne peut y être enregistré."
        ).format(path=path, why=why(cause))
    )


def set_aside(path: Path) -> Path:
    """Move an unreadable cache (and its -wal, -shm) aside under a dated name; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.illisible-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.illisible-{stamp}-{n}")
    with contextlib.suppress(FileNotFoundError):
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
    return aside
