"""The plain TOML the app writes, read without importing :mod:`tomllib` (and the typing it loads).

The fast path of ``show … --offline --json`` reads the accounts file on each run; tomllib was a
tenth of its time. :func:`loads` reads only the simplest form of TOML: comments, ``key = value``
lines with a bare key and a value that is a ``"string"`` without backslash, ``true``/``false`` or a
plain integer, and ``[table]`` / ``[table.name]`` headers seen once each. It gives exactly what
``tomllib.loads`` gives, or ``None`` for anything else (the caller then uses tomllib):
``tests/test_plaintoml.py`` compares both.
"""

from __future__ import annotations

_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _is_bare(key: str) -> bool:
    return bool(key) and _BARE.issuperset(key)


def _only_comment(rest: str) -> bool:
    """Whether what follows a value or a header is nothing, or a comment TOML allows."""
    rest = rest.strip(" \t")
    return not rest or (rest[0] == "#" and all(c == "\t" or " " <= c != "\x7f" for c in rest))


def _value(text: str) -> tuple[bool, object]:
    """(understood, value) of what follows ``=``."""
    if text.startswith('"'):
        end = text.find('"', 1)
        content = text[1:end]
        if end < 0 or "\\" in content or not all(" " <= c != "\x7f" for c in content):
            return False, None
        return _only_comment(text[end + 1 :]), content
    word, hash_sign, rest = text.partition("#")
    word = word.strip(" \t")
    if not _only_comment(hash_sign + rest):
        return False, None
    if word in ("true", "false"):
        return True, word == "true"
    if word.isascii() and word.isdigit() and (word == "0" or word[0] != "0"):
        return True, int(word)
    return False, None


def loads(text: str) -> dict | None:
    """What ``tomllib.loads(text)`` gives, when ``text`` is plain (see the module's doc); else None."""
    if "\r" in text:
        return None
    data: dict = {}
    table = data
    headers: set[tuple[str, ...]] = set()
    for raw in text.split("\n"):
        line = raw.strip(" \t")
        if not line:
            continue
        if line[0] == "#":
            if not _only_comment(line):
                return None
            continue
        if line[0] == "[":
            end = line.find("]")
            parts = tuple(line[1:end].split(".")) if end > 0 else ()
            if not parts or len(parts) > 2 or not all(map(_is_bare, parts)) or parts in headers:
                return None
            if line[1] == "[" or not _only_comment(line[end + 1 :]):
                return None
            headers.add(parts)
            if parts[0] in data and (len(parts) == 1 or (parts[0],) in headers):
                return None  # a table defined twice, or over a value: tomllib says what is wrong
            parent = data.setdefault(parts[0], {}) if len(parts) == 2 else data
            if not isinstance(parent, dict) or parts[-1] in parent:
                return None
            table = parent[parts[-1]] = {}
            continue
        key, equals, rest = line.partition("=")
        key = key.strip(" \t")
        if not equals or not _is_bare(key) or key in table:
            return None
        understood, value = _value(rest.strip(" \t"))
        if not understood:
            return None
        table[key] = value
    return data
