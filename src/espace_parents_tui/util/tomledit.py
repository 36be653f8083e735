"""Change a TOML file's values and keep everything else the person wrote in it.

:func:`edit` takes the file as it is and the values it must hold, and changes only what differs,
through :mod:`tomlkit`: comments, blank lines, key order, quoting and the keys the caller does not
know stay as they were. It then reads its result back with the standard library's strict parser;
if tomlkit could not express the change in that layout (a rare hand-written shape), the file is
rebuilt from the values alone: nothing of the data is lost, only the comments, and the caller
keeps the previous file as a backup.

tomlkit is imported here only, when a file is written: reading needs nothing but :mod:`tomllib`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping

from espace_parents_tui.util.i18n import _


class TomlEditError(Exception):
    """The values cannot be written as TOML (a type TOML has no form for)."""


def edit(previous: str | None, wanted: Mapping, *, header: str = "") -> str:
    """TOML text holding exactly ``wanted``, written over ``previous`` (a valid TOML text) if given.

    ``header`` (comment lines) opens a file made from scratch; an existing file keeps its own.
    """
    import tomlkit

    if previous is not None:
        try:
            document = tomlkit.parse(previous)
            _sync(document, wanted)
            text = _one_final_newline(document.as_string(), previous)
            if _same(tomllib.loads(text), wanted):
                return text
        except Exception:  # noqa: BLE001 - whatever tomlkit trips on, the rebuild below is checked too
            pass  # tomlkit cannot edit this layout: rebuild from the values
    document = tomlkit.document()
    for line in header.splitlines():
        document.add(tomlkit.comment(line.removeprefix("#").strip()))
    try:
        _sync(document, wanted)
        text = _one_final_newline(document.as_string(), "")
        same = _same(tomllib.loads(text), wanted)
    except (ValueError, TypeError, tomlkit.exceptions.TOMLKitError, tomllib.TOMLDecodeError) as exc:
        raise TomlEditError(str(exc)) from None
    if not same:
        raise TomlEditError(_("les valeurs ne se relisent pas à l'identique"))
    return text


def _sync(container, wanted: Mapping, document=None) -> None:
    """Make the tomlkit ``container`` hold ``wanted``: drop, change or add only what differs."""
    document = container if document is None else document
    for key in [k for k in container if k not in wanted]:
        _drop(document, container, key)
    for key, value in wanted.items():
        current = container.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            _sync(current, value, document)
        elif current is None or not _same(_plain(current), value):
            container[key] = _new_item(container, value)


def _entries(container):
    """``(body, index, item)`` for every item under ``container``, in the order the text shows them."""
    from tomlkit.items import Table

    for index, (_key, item) in enumerate(container.body):
        yield container.body, index, item
        if isinstance(item, Table):
            yield from _entries(item.value)


def _drop(document, container, key) -> None:
    """Remove ``key``; for a ``[table]``, the comments right above its header go with it, and the
    comments and blank lines that end it stay, above whatever came next (they describe that)."""
    from tomlkit.items import AoT, Comment, Table, Whitespace

    item = container.get(key)
    entries = list(_entries(document))
    pos = next((i for i, e in enumerate(entries) if e[2] is item), None)
    if not isinstance(item, Table) or pos is None:  # a value, or a table written in several places
        del container[key]
        return
    end = pos + 1 + sum(1 for _ in _entries(item.value))
    lead = pos  # the comment lines directly above the header (a header-less ``[accounts]`` between)
    while lead > 0 and (
        isinstance(entries[lead - 1][2], Comment)
        or (isinstance(entries[lead - 1][2], Table) and entries[lead - 1][2].is_super_table())
    ):
        lead -= 1
    tail = end
    while tail > pos + 1 and isinstance(entries[tail - 1][2], Comment | Whitespace):
        tail -= 1
    kept = re.sub(r"^(?:[ \t]*\r?\n)+", "", "".join(e[2].as_string() for e in entries[tail:end]))
    for body, index, lead_item in entries[lead:pos]:
        if isinstance(lead_item, Comment):
            body[index] = (None, Whitespace(""))
    del container[key]
    if not kept:
        return
    following = next(
        (
            e[2]
            for e in entries[end:]
            if isinstance(e[2], AoT) or (isinstance(e[2], Table) and not e[2].is_super_table())
        ),
        None,
    )
    if isinstance(following, AoT):
        following = following.body[0] if following.body else None
    if following is not None:
        following.trivia.indent = kept + following.trivia.indent
    else:  # the end of the file
        document.body.append((None, Whitespace(kept)))


def _new_item(parent, value):
    import tomlkit
    from tomlkit.items import InlineTable

    if not isinstance(value, Mapping):
        return tomlkit.item(value)
    if isinstance(parent, InlineTable):
        table = tomlkit.inline_table()  # an inline table holds only inline tables
    else:
        # A table of tables (``[accounts.a]``, ``[accounts.b]``) gets no ``[accounts]`` line of its own.
        nested = bool(value) and all(isinstance(v, Mapping) for v in value.values())
        table = tomlkit.table(is_super_table=nested)
    _sync(table, value)
    if not table.is_super_table() and not isinstance(table, InlineTable):
        table.add(tomlkit.nl())  # a blank line before what follows, as before the table
    return table


def _one_final_newline(text: str, previous: str) -> str:
    """The blank line after a table added last is not kept at the end of the file."""
    while text.endswith("\n\n") and not previous.endswith("\n\n"):
        text = text[:-1]
    return text


def _plain(item):
    return item.unwrap() if hasattr(item, "unwrap") else item


def _same(a, b) -> bool:
    """Equal as TOML values: same types (``1`` is not ``true`` nor ``1.0``), NaN equal to NaN."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b
