"""Files the app saves for the user: into the download folder, never outside it, never over a file.

A file's name comes from the server (an attachment's name, which a teacher typed or a file had on
their computer), so it is data: :func:`safe_name` turns any name into one plain file name that stays
in the download folder on every system: no folder part (``../``, ``/etc/``, ``C:\\``), no control
or bidi character, no name Windows reserves (``CON``, ``nul.txt``, ``COM1``…), no leading dot (a
hidden file, ``..``), at most :data:`MAX_NAME_BYTES` bytes with its extension kept. Two files of
the same name are both kept ("devoir (2).pdf"), even when two downloads race.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

import platformdirs

from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean

# Separators, controls and what Windows forbids in a name; runs of them become one "_".
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)
# Room left under the usual 255-byte limit for " (999)" and the temporary ".….part".
MAX_NAME_BYTES = 200
MAX_SUFFIX_CHARS = 16
DEFAULT_NAME = "fichier"


def download_dir() -> Path:
    """The user's download folder (``XDG_DOWNLOAD_DIR`` / ~/Téléchargements…), created if needed."""
    override = os.environ.get("ESPACE_PARENTS_DOWNLOADS")
    folder = Path(override) if override else platformdirs.user_downloads_path()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cut(text: str, size: int) -> str:
    """``text`` cut to at most ``size`` bytes of UTF-8, on a character boundary."""
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def safe_name(name: object) -> str:
    """A plain file name for ``name`` (see the module's doc); never empty, never a path."""
    text = unicodedata.normalize("NFC", clean(name))
    text = _UNSAFE.sub("_", text.replace("\t", " "))
    text = " ".join(text.split()).strip(" .") or DEFAULT_NAME
    stem, dot, suffix = text.rpartition(".")
    if not dot or not stem or len(suffix) > MAX_SUFFIX_CHARS or " " in suffix:
        stem, suffix = text, ""
    if _RESERVED.match(stem.split(".")[0].rstrip(" ")):
        stem = "_" + stem
    ending = f".{suffix}" if suffix else ""
    stem = _cut(stem, MAX_NAME_BYTES - len(ending.encode("utf-8"))).rstrip(" .") or DEFAULT_NAME
    return stem + ending


def _numbered(name: str, n: int) -> str:
    if n == 1:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({n})"
    return f"{stem} ({n}).{suffix}"


def _reserve(folder: Path, name: str) -> Path:
    """Create an empty ``name`` (or "name (2)"…) in ``folder`` that did not exist; return it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for n in range(1, 10_000):
        candidate = folder / _numbered(name, n)
        try:
            os.close(os.open(candidate, flags, 0o644))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(
        _("Trop de fichiers nommés « {name} » dans {folder}.").format(name=name, folder=folder)
    )


def save_download(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Write ``content`` under a safe form of ``name`` in the download folder; returns the path.

    The name is reserved first (created exclusively), then the content is written beside it and
    moved over it: a reader never sees half a file, and no existing file is ever replaced.
    """
    folder = folder or download_dir()
    target = _reserve(folder, safe_name(name))
    assert target.parent == folder, target  # a safe name has no folder part
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target
