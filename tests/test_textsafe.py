"""The one sanitiser for terminal output, and JSON that keeps the data but no raw control character."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from espace_parents_tui.util.textsafe import clean, clean_line, is_clean, json_dumps
from hostile_school import ANSI, CONTROLS, LONG, MARKUP, OSC8, OSC52, RTL


def test_markup_long_words_and_letters_are_kept_as_they_are():
    for value in (MARKUP, LONG, "Léa — « ok » ✓ 😀", "Maths [Groupe B]", "a\tb\nc"):
        assert clean(value) == value


def test_escape_sequences_are_removed_and_their_visible_text_stays():
    assert clean(ANSI) == "ROUGE"
    assert clean(OSC8) == "Cliquez"
    assert clean(OSC52) == ""
    assert clean("avant\x1b]0;titre de fenêtre sans fin") == "avant"
    assert clean("a\x1bcb\x1b(Bc") == "abc"  # reset, charset
    assert clean("x\x9b2Jy\x9d8;;u\x9cz") == "xyz"  # 8-bit CSI and OSC


def test_controls_bidi_and_surrogates():
    assert clean(CONTROLS) == "ClocheRetourChariot\nNulC1Fin"
    assert clean("ligne\r\nsuite\rfin") == "ligne\nsuite\nfin"
    assert clean(RTL) == "Devoirfdp.exe"
    assert clean("\u2066isolé\u2069 \u200fmarque") == "isolé \u200fmarque"  # marks cannot reorder: kept
    assert clean("a\ud83d") == "a\ufffd"
    assert clean(None) == "" and clean(12) == "12"
    assert clean_line("a\n\tb  c") == "a b c"


@given(st.text(max_size=300))
def test_whatever_comes_in_nothing_unsafe_comes_out(value):
    out = clean(value)
    assert is_clean(out)
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    out.encode("utf-8")  # printable in any UTF-8 terminal


def test_json_keeps_the_data_and_no_raw_control_reaches_the_terminal():
    data = {"titre": f"{ANSI}{OSC52}{CONTROLS}{RTL}\u2028\ud800 é", "n": [1, None]}
    text = json_dumps(data, indent=2)
    assert json.loads(text) == data
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "\u202e" not in text and "\\u202e" in text and "\\u001b" in text
    assert "é" in text  # readable French stays readable
    text.encode("utf-8")


def test_json_skips_the_escape_pattern_only_when_no_character_needs_it():
    """Each character the pattern escapes is caught by the quick byte check that lets it be skipped;
    a text with none is returned as ``json.dumps`` wrote it."""
    import re

    from espace_parents_tui.util import textsafe

    pattern = re.compile(textsafe._JSON_RAW)
    escaped = [chr(code) for code in range(0x110000) if pattern.match(chr(code))]
    assert len(escaped) == 33 + 2 + 5 + 4 + 2048
    for char in escaped:
        raw = char.encode("utf-8", "surrogatepass")
        assert any(start in raw for start in textsafe._JSON_RAW_STARTS), hex(ord(char))
        assert json_dumps({"t": f"é{char}"}) == f'{{"t": "é\\u{ord(char):04x}"}}'
    plain = {"enfant": "MARTIN Léa", "note": "très bien ; « élève » ✓ 😀", "n": [1.5, None]}
    assert json_dumps(plain, indent=2) == json.dumps(plain, indent=2, ensure_ascii=False)
