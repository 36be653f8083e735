"""Server text made safe for a terminal: the one sanitiser of the TUI and the command line.

What a school (or anyone who can write in PRONOTE: a teacher, another parent in a discussion) types
is data. Before it reaches a terminal, :func:`clean` removes what a terminal would act on instead of
showing:

- escape sequences, 7-bit and 8-bit: CSI (``ESC [`` / ``0x9b``: colours, cursor moves, clear
  screen, "report cursor position"…), OSC (``ESC ]`` / ``0x9d``: hyperlinks (OSC 8), clipboard
  writes (OSC 52), window titles), DCS / SOS / PM / APC strings, and two-character ``ESC x``;
- every other C0 and C1 control character and DEL, except newline and tab (``\\r\\n`` and a lone
  ``\\r`` become a newline: a carriage return would let a line overwrite itself);
- the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
  "Facture\u202efdp.exe" show as "Factureexe.pdf" (the marks U+200E, U+200F, U+061C stay: they
  cannot reorder strong text);
- lone surrogates (from a JSON ``\\ud800``), which no terminal encoding can print: U+FFFD.

Nothing else changes: brackets (``[bold]``), emoji, accents and long words are shown as they are
(the widgets wrap or cut them). :func:`clean` is for display only; the models keep what the server
sent. :func:`json_dumps` writes JSON that decodes to exactly the same data, with those characters
written as ``\\uXXXX`` escapes so that none reaches a terminal raw.

No Rich or Textual here: the protocol layer, the command line and the TUI may all use it.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # not typing's: importing typing costs the fast path of ``show … --offline --json``
if TYPE_CHECKING:
    from typing import Any

# An escape sequence, 7-bit (ESC …) or 8-bit (C1), as ECMA-48 defines them. A string sequence
# (OSC, DCS…) runs to its terminator (BEL or ST), or to the next ESC, or to the end of the text.
_STRING_END = r"(?:\x07|\x1b\\|\x9c)?"
# The patterns are compiled on first use (re's own cache keeps them): compiling them all at import
# was a good part of a cold ``show … --offline --json``, which uses one.
_SEQUENCE = (
    r"(?s:(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI … final
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*"
    + _STRING_END  # OSC, DCS, SOS, PM, APC
    + r"|\x1b[\x20-\x2f]*[\x30-\x7e]?)"  # ESC (intermediates) final, or a lone ESC
)
# What remains after the sequences: controls (not \t \n), DEL, C1, bidi overrides, lone surrogates.
_UNSAFE = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NEWLINES = r"\r\n?|[\u2028\u2029\x85]"

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(match: re.Match[str]) -> str:
    char = match.group()
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def clean(value: object) -> str:
    """``value`` as text a terminal shows as it is (see the module's doc); ``None`` is ``""``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and "\u202a" > max(text, default=" "):
        return text  # the common case: nothing to look at
    text = re.sub(_NEWLINES, "\n", text)
    text = re.sub(_SEQUENCE, "", text)
    return re.sub(_UNSAFE, _unsafe, text)


def clean_line(value: object) -> str:
    """:func:`clean`, on one line: newlines and tabs become spaces (table cells, titles)."""
    return " ".join(clean(value).split())


def is_clean(text: str) -> bool:
    """Whether ``text`` holds nothing :func:`clean` would remove."""
    return clean(text) == text


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal must not receive raw.
_JSON_RAW = r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
# Their UTF-8 forms (lone surrogates written as CESU does) start with one of these: a text without
# any has nothing to escape, and the pattern above (≈ 0.5 ms to compile) is not needed.
_JSON_RAW_STARTS = (b"\x7f", b"\xc2", b"\xe2\x80", b"\xe2\x81", b"\xed")


def json_dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` (UTF-8 text kept readable) with no control or bidi character left raw.

    ``json.dumps`` already escapes C0 controls (ESC is ``\\u001b``); this also escapes DEL, C1
    controls, the line and paragraph separators, the bidi overrides and lone surrogates. They only
    occur inside JSON strings, where ``\\uXXXX`` is the same character: the data is unchanged.
    """
    options.setdefault("ensure_ascii", False)
    text = json.dumps(value, **options)
    raw = text.encode("utf-8", "surrogatepass")
    if not any(start in raw for start in _JSON_RAW_STARTS):
        return text
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)
