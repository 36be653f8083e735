"""Files from the server are saved under a safe name, in the download folder and never outside it.

Unit checks of the name rules, then every attachment of the hostile school (``../``, ``/etc/``,
NUL, ``CON``, 300 letters, the same name twice…) downloaded through the real protocol path.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from espace_parents_tui.demo.school.fileformat import load_school
from espace_parents_tui.service.actions import files as actions_files
from espace_parents_tui.service.downloads import MAX_NAME_BYTES, safe_name, save_download
from hostile_school import FILE_NAMES, pdf, write_hostile_school
from tui_helpers import Served


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("devoir.pdf", "devoir.pdf"),
        ("rapport final.docx", "rapport final.docx"),
        ("../../../echappe.pdf", "_.._.._echappe.pdf"),
        ("/etc/passwd", "_etc_passwd"),
        ("C:\\Windows\\evil.dll", "C_Windows_evil.dll"),
        ("nul\x00cache.pdf", "nulcache.pdf"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Com1.tar.gz", "_Com1.tar.gz"),
        ("..", "fichier"),
        ("", "fichier"),
        (".bashrc", "bashrc"),
        ("Devoir\u202efdp.exe", "Devoirfdp.exe"),
        ("\x1b[31mrouge.pdf", "rouge.pdf"),
    ],
)
def test_safe_names(name, expected):
    assert safe_name(name) == expected


def test_long_names_are_cut_in_bytes_and_keep_their_extension():
    name = safe_name("é" * 300 + ".pdf")
    assert name.endswith("é.pdf") and len(name.encode()) <= MAX_NAME_BYTES
    assert len(safe_name("x" * 5000).encode()) <= MAX_NAME_BYTES


def test_never_outside_the_folder_and_never_over_a_file(tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "devoir.pdf").write_bytes(b"ancien")
    os.symlink(tmp_path / "ailleurs.pdf", folder / "lien.pdf")  # dangling: a name already taken
    first = save_download("devoir.pdf", b"un", folder)
    second = save_download("../devoir.pdf", b"deux", folder)
    linked = save_download("lien.pdf", b"trois", folder)
    assert (folder / "devoir.pdf").read_bytes() == b"ancien"
    assert first.name == "devoir (2).pdf" and first.read_bytes() == b"un"
    assert second.parent == folder and second.read_bytes() == b"deux"
    assert linked.name == "lien (2).pdf" and not (tmp_path / "ailleurs.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dl"]


def test_racing_downloads_of_one_name_keep_every_file(tmp_path):
    paths: list[Path] = []
    threads = [
        threading.Thread(target=lambda n=n: paths.append(save_download("même.pdf", bytes([n]), tmp_path)))
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({p.name for p in paths}) == 8
    assert sorted(p.read_bytes() for p in paths) == [bytes([n]) for n in range(8)]
    assert not list(tmp_path.glob(".*.part"))


async def test_every_hostile_attachment_lands_safely_in_the_download_folder(tmp_path, monkeypatch):
    root = tmp_path / "maison"
    folder = root / "Téléchargements"
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder))
    school = load_school(write_hostile_school(tmp_path))
    served = Served(school, tmp_path)
    try:
        async with served.opener() as portal:
            await portal.connect()
            child = portal.children()[0]
            await portal.sync()
            entries = [
                e
                for e in actions_files.list_files(portal, child)
                if e.section == "homework" and not e.is_link
            ]
            assert sorted(e.name for e in entries) == sorted(FILE_NAMES)
            saved = [await actions_files.download_entry(portal, child, e) for e in entries]
    finally:
        served.stop()
    assert all(path.parent == folder for path in saved)
    assert len({path.name for path in saved}) == len(FILE_NAMES)  # the two "devoir.pdf" both kept
    assert {p.name for p in folder.iterdir()} == {p.name for p in saved}
    assert sorted(p.name for p in root.iterdir()) == ["Téléchargements"]  # nothing beside it
    # Each file has its own document's bytes (the second "devoir.pdf" is not the first one again).
    assert sorted(path.read_bytes() for path in saved) == sorted(pdf(i) for i in range(len(FILE_NAMES)))
    for path in saved:
        assert safe_name(path.name) == path.name and not path.name.startswith(".")
