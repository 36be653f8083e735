"""Private files written so that a crash or a kill never leaves half a file behind.

Used by the config file and the opt-in credentials file: folders 0700, files 0600, each write is
temp file + fsync + ``os.replace`` + fsync of the folder, so once the call returns the new content
is on disk and a reader sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX only; elsewhere the in-process lock is all we have.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_THREAD_LOCKS: dict[Path, threading.RLock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
_DEPTH: dict[Path, int] = {}  # touched only by the holder of the matching thread lock


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != 0o700:
        os.chmod(path, 0o700)
    return path


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600, private_dir: bool = True) -> None:
    """Write ``data`` to ``path`` atomically and durably, with permissions ``mode``.

    ``private_dir``: the folder is the app's own, made 0700; else (a file the user asked for, in a
    folder of theirs) it is created if missing and left as it is.
    """
    if private_dir:
        ensure_private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)  # the umask may have narrowed or (with O_CREAT) not applied
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def copy_private(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` atomically, mode 0600 (used for ``.bak`` copies)."""
    atomic_write(dst, src.read_bytes())


def remove_durably(path: Path) -> bool:
    """Delete ``path`` if it exists and make the deletion durable; returns whether it existed."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    _fsync_dir(path.parent)
    return True


@contextlib.contextmanager
def locked_dir(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on folder ``path`` against other threads and other processes.

    The lock is taken on the folder itself, so no lock file is left behind. Re-entrant within a
    thread.
    """
    ensure_private_dir(path)
    key = path.resolve()
    with _THREAD_LOCKS_GUARD:
        tlock = _THREAD_LOCKS.setdefault(key, threading.RLock())
    with tlock:
        depth = _DEPTH.get(key, 0)
        _DEPTH[key] = depth + 1
        fd = None
        try:
            if depth == 0 and fcntl is not None:
                fd = os.open(path, os.O_RDONLY)
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            _DEPTH[key] = depth
            if fd is not None:
                os.close(fd)  # closing releases the flock
