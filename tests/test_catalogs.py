"""The English catalog is complete and the installed .mo is the .po's compilation.

French is the source language: the msgids are the French texts of the code's ``_()``, ``N_()`` and
``ngettext()``. A new interface string without its English translation fails here (run
``python tools/catalogs.py update``, translate the empty msgstr, then ``pip install -e .``).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import catalogs  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)[a-z]|%[a-z]")


@pytest.fixture(scope="module")
def english():
    return catalogs.read("en")


@pytest.fixture(scope="module")
def extracted():
    return catalogs.extract()


def _messages(catalog):
    return {(m.id, m.context): m for m in catalog if m.id}


def test_extraction_finds_the_interface_strings(extracted):
    ids = {message_id for message_id, _context in _messages(extracted)}
    assert len(ids) > 500
    # Strings of the screens, the CLI and the errors are all extracted, N_-marked constants too.
    for wanted in (
        "Moyenne générale",
        "Emploi du temps",
        "Aucun compte. Ajoutez-en un avec « espace-parents login ».",
        "Identifiant ou mot de passe incorrect.",
        "Nouvelles notes",
    ):
        assert wanted in ids


def test_every_extracted_string_is_in_the_english_catalog(english, extracted):
    missing = sorted(set(_messages(extracted)) - set(_messages(english)), key=str)
    assert not missing, (
        f"{len(missing)} texte(s) sans traduction anglaise (tools/catalogs.py update) : {missing[:20]}"
    )


def test_the_english_catalog_has_no_untranslated_fuzzy_or_obsolete_entry(english, extracted):
    messages = _messages(english)
    untranslated = [
        m.id for m in messages.values() if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in messages.values() if m.fuzzy]
    stale = sorted(set(messages) - set(_messages(extracted)), key=str)
    assert not untranslated, f"non traduits : {untranslated[:20]}"
    assert not fuzzy, f"à revoir (fuzzy) : {fuzzy[:20]}"
    assert not english.obsolete and not stale, f"plus dans le code : {stale[:20]}"


def test_translations_keep_the_placeholders_and_the_edges(english):
    for message in _messages(english).values():
        pairs = (
            zip(message.id, message.string, strict=False)
            if isinstance(message.id, tuple)
            else [(message.id, message.string)]
        )
        for source, text in pairs:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source
            assert source.count("\n") == text.count("\n"), source
            assert (
                source[:1].isspace() == text[:1].isspace() and source[-1:].isspace() == text[-1:].isspace()
            ), source


def test_the_installed_mo_is_the_compiled_po():
    """The build (setup.py's build_py) compiled the .po into the package; an edited .po needs a reinstall."""
    from babel.messages.mofile import write_mo

    import espace_parents_tui

    po = catalogs.po_path("en")
    mo = Path(espace_parents_tui.__file__).parent / "locale" / "en" / "LC_MESSAGES" / f"{catalogs.DOMAIN}.mo"
    assert mo.is_file(), "pas de .mo : le paquet n'a pas été construit (pip install -e .)"
    expected = io.BytesIO()
    write_mo(expected, catalogs.read("en"), use_fuzzy=False)
    assert mo.read_bytes() == expected.getvalue(), (
        f"{mo} ne correspond pas à {po} : relancez « pip install -e . »"
    )


def test_gettext_reads_the_compiled_catalog():
    from espace_parents_tui.util.i18n import _, ngettext, set_language

    set_language("en")
    assert _("Moyenne générale") == "Overall average"
    assert _("texte absent du catalogue") == "texte absent du catalogue"
    assert ngettext("un", "des", 2) == "des"
    set_language("fr")
    assert _("Moyenne générale") == "Moyenne générale"
