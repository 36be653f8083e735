"""Files the app saves for the user: into the download folder, never over an existing file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def download_dir() -> Path:
    """The user's download folder (``XDG_DOWNLOAD_DIR`` / ~/Téléchargements…), created if needed."""
    override = os.environ.get("ESPACE_PARENTS_DOWNLOADS")
    folder = Path(override) if override else platformdirs.user_downloads_path()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "fichier"
    return cleaned[:150]


def save_download(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Write ``content`` as ``name`` in the download folder; "name (2).pdf" when it exists. Returns the path."""
    folder = folder or download_dir()
    base = Path(safe_name(name))
    candidate = folder / base.name
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base.stem} ({n}){base.suffix}"
    tmp = candidate.with_name(f".{candidate.name}.part")
    tmp.write_bytes(content)
    os.replace(tmp, candidate)
    return candidate
