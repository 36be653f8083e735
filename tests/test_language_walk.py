"""Every screen in English has no French interface text left, and every screen in French no English.

tests/language_walk.py walks the app in one language in its own process (login, every section, each
key of each section and the dialogs they open, the help, the palette) and writes the screens' text.
Server data are French (the demo school): they are left out of the checks, by the demo school's own
strings. Two checks per language:

- a word list: interface words of the other language that must not show (a word the school's data
  also use cannot be told apart and is not checked; the test says how many words were checked);
- the catalog: a text of the other language from ``locale/en/.../espace_parents.po`` (a French msgid
  on an English screen means a string the code shows without ``_()`` translating it, and the other
  way round) must not show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from language_checks import ENGLISH_WORDS, FRENCH_WORDS, catalog_hits, word_hits

WALK = Path(__file__).resolve().parent / "language_walk.py"


@pytest.fixture(scope="module")
def walks(tmp_path_factory):
    """Both walks, run at the same time in their own processes: {lang: {"screens": …, "server": …}}."""
    folder = tmp_path_factory.mktemp("walks")
    running = {
        lang: subprocess.Popen(
            [sys.executable, str(WALK), lang, str(folder / f"{lang}.json")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for lang in ("en", "fr")
    }
    found = {}
    for lang, process in running.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        found[lang] = json.loads((folder / f"{lang}.json").read_text())
    return found


def test_the_walk_sees_every_screen(walks):
    from espace_parents_tui.tui.views import ALL_VIEWS

    for lang, walk in walks.items():
        screens = walk["screens"]
        for view in ALL_VIEWS:
            assert view.key in screens, (lang, view.key)
        assert {"login", "help", "palette"} <= set(screens)
        assert sum("╭" in text for text in screens.values()) >= 5, "the walk opened no dialog"
        assert len(walk["server"]) > 200


def test_english_screens_show_no_french_interface_word(walks):
    walk = walks["en"]
    hits, checked = word_hits(FRENCH_WORDS, walk["screens"], walk["server"])
    assert checked >= len(FRENCH_WORDS) * 0.6, f"only {checked} words could be checked"
    assert not hits, f"French left on English screens: {sorted(set(hits))[:60]}"


def test_english_screens_show_no_french_text_of_the_catalog(walks):
    walk = walks["en"]
    hits = catalog_hits("en", walk["screens"], walk["server"])
    assert not hits, f"untranslated on English screens: {hits[:40]}"


def test_french_screens_show_no_english_interface_word(walks):
    walk = walks["fr"]
    hits, checked = word_hits(ENGLISH_WORDS, walk["screens"], walk["server"])
    assert checked >= len(ENGLISH_WORDS) * 0.6, f"only {checked} words could be checked"
    assert not hits, f"English on French screens: {sorted(set(hits))[:60]}"


def test_french_screens_show_no_english_text_of_the_catalog(walks):
    walk = walks["fr"]
    hits = catalog_hits("fr", walk["screens"], walk["server"])
    assert not hits, f"English on French screens: {hits[:40]}"
