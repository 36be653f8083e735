"""One process at a time in an account's PRONOTE session: an OS file lock beside the cache.

Two ``sync`` runs, or the app refreshing while a ``sync`` runs from cron, must never use the account
at the same time: the server would see two logins racing (a rotating QR token read by both, one of
them refused), and twice the requests. The portal holds this lock for as long as it uses the
session (a login, a sync, a page fetched on demand, an action).

- ``fcntl.flock`` on ``<account>.lock`` (mode 0600) in the cache folder: the kernel drops it when the
  process dies, even by SIGKILL, so a crash never leaves the account locked.
- Re-entrant within one process (a sync logs in while it holds it): a depth counter.
- The second process **waits** (polling without blocking the event loop) up to ``wait`` seconds,
  since the first one's sync usually ends in a few; after that it gives up with
  :class:`LockTimeout`, which says who holds the account (pid and what it does).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path

from espace_parents_tui.util.fsutil import ensure_private_dir

try:  # POSIX only; elsewhere the lock is a no-op (one process at a time is then up to the user).
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class LockTimeout(Exception):
    """The account stayed in use by another process for longer than the wait."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class AccountLock:
    def __init__(self, path: Path, *, poll: float = 0.05) -> None:
        self.path = path
        self.poll = poll
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    async def acquire(self, wait: float, what: str) -> None:
        """Take the lock (or one more level of it), waiting up to ``wait`` seconds."""
        if self._depth:
            self._depth += 1
            return
        fd = self._open()
        deadline = time.monotonic() + wait
        try:
            while not self._try(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.holder(fd))
                await asyncio.sleep(self.poll)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1
        self._write_holder(fd, what)

    def release(self) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing drops the flock

    def holder(self, fd: int | None = None) -> str:
        """Who holds the lock, as its holder wrote it ("pid 1234, sync"), or "" when unknown."""
        try:
            if fd is None:
                return self.path.read_text(encoding="utf-8").strip()
            return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        except OSError:
            return ""

    def _open(self) -> int:
        try:
            ensure_private_dir(self.path.parent)
        except OSError:
            if not self.path.parent.is_dir():
                raise
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
        return fd

    @staticmethod
    def _try(fd: int) -> bool:
        if fcntl is None:  # pragma: no cover
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    @staticmethod
    def _write_holder(fd: int, what: str) -> None:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, {what}\n".encode(), 0)


def lock_path_for(cache_path: Path) -> Path:
    """``<account>.lock`` beside ``<account>.sqlite3``."""
    name = cache_path.name.removesuffix(".sqlite3")
    return cache_path.with_name(name + ".lock")
