"""Reading helpers shared by the parsers: typed-value unwrapping, dates, numbers, marks.

Every reader knows the PRONOTE function it works for and the path of the value it reads, so a
malformed answer always becomes one :class:`~espace_parents_tui.pronote.errors.ProtocolError` naming
the function and the field, never a ``KeyError`` or ``TypeError`` from deep inside a parser.

The rules, applied everywhere:

- a wrapper ``{"_T": n, "V": x}`` (or a bare ``{"V": x}``) reads as ``x``;
- a list may come plain or wrapped (``{"_T": 24, "V": [...]}``);
- an optional field that is missing or ``null`` gives the caller's default;
- a field that is present but of the wrong type is an error, optional or not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from typing import Any, NoReturn

from espace_parents_tui.models import Mark, SpecialGrade
from espace_parents_tui.pronote.errors import ProtocolError

_WRAPPER_KEYS = frozenset({"_T", "V"})

# "dd/mm/yyyy", "dd/mm/yy", optionally followed by "HH:MM[:SS]" or "HHhMM"; padding optional.
_DATE_RE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"
    r"(?:\s+(\d{1,2})(?:(?::|h)(\d{1,2})(?::(\d{1,2}))?)?)?\s*$",
    re.ASCII,
)
# Hour labels of the grid: "08h00", "8h", "08:30".
_HOUR_RE = re.compile(r"^\s*(\d{1,2})(?:(?:h|:)(\d{2})?)?\s*$", re.ASCII)
_NUMBER_RE = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$", re.ASCII)
_SPECIAL_RE = re.compile(r"^\s*\|(\d{1,3})\s*$", re.ASCII)


def _kind(value: Any) -> str:
    """A French name for the JSON type of ``value``, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "booléen"
    if isinstance(value, int | float):
        return "nombre"
    if isinstance(value, str):
        return "texte"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "objet"
    return type(value).__name__


def _show(value: Any) -> str:
    """A short quotation of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def unwrap(value: Any) -> Any:
    """Strip ``{"_T": n, "V": x}`` wrappers (nested ones too)."""
    while isinstance(value, dict) and "V" in value and value.keys() <= _WRAPPER_KEYS:
        value = value["V"]
    return value


def fail(function: str | None, detail: str) -> NoReturn:
    raise ProtocolError(detail, function=function)


# -- scalar conversions --------------------------------------------------------------------------


def to_datetime(value: Any, *, function: str | None = None, where: str = "date") -> datetime:
    """A PRONOTE date or date-time (``_T`` 7 or plain text) as a naive ``datetime``."""
    value = unwrap(value)
    if not isinstance(value, str):
        fail(function, f"« {where} » : date attendue, reçu {_kind(value)}")
    match = _DATE_RE.match(value)
    if not match:
        fail(function, f"« {where} » : date illisible {_show(value)}")
    day, month, year, hour, minute, second = match.groups()
    year_num = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return datetime(year_num, int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        fail(function, f"« {where} » : date impossible {_show(value)}")


def to_date(value: Any, *, function: str | None = None, where: str = "date") -> date:
    return to_datetime(value, function=function, where=where).date()


def to_time(value: Any, *, function: str | None = None, where: str = "heure") -> time:
    """An hour label of the grid ("08h00") as a ``time``."""
    value = unwrap(value)
    if not isinstance(value, str):
        fail(function, f"« {where} » : heure attendue, reçu {_kind(value)}")
    match = _HOUR_RE.match(value)
    if not match:
        fail(function, f"« {where} » : heure illisible {_show(value)}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        fail(function, f"« {where} » : heure impossible {_show(value)}")
    return time(hour, minute)


def to_number(value: Any, *, function: str | None = None, where: str = "nombre") -> float:
    """A number sent as a JSON number or as text with a comma or dot decimal ("1,5")."""
    value = unwrap(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        fail(function, f"« {where} » : nombre attendu, reçu {_kind(value)}")
    if isinstance(value, str) and not _NUMBER_RE.match(value):
        fail(function, f"« {where} » : nombre illisible {_show(value)}")
    try:
        number = float(value.strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        fail(function, f"« {where} » : nombre non fini {_show(value)}")
    return number


def parse_mark(value: Any, *, function: str | None = None, where: str = "note") -> Mark:
    """A grade or an average: ``"15,5"``, ``"15.5"``, ``15``, ``"|3"``, ``""``, ``None``, ``{"_T": 10, "V": ...}``.

    Empty text and ``None`` mean "not published" (``Mark()``), never zero. ``"|n"`` with n = 1..8 is a
    :class:`SpecialGrade`; a well-formed code outside 1..8 (a future one) is read as not published.
    Anything else raises :class:`ProtocolError`.
    """
    value = unwrap(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return Mark()
    if isinstance(value, str):
        special = _SPECIAL_RE.match(value)
        if special:
            code = int(special.group(1))
            try:
                return Mark(special=SpecialGrade(code))
            except ValueError:
                return Mark()
    return Mark(value=to_number(value, function=function, where=where))


# -- structured reading --------------------------------------------------------------------------

_MISSING: Any = object()


class Node:
    """A JSON object of a PRONOTE answer, read field by field with typed accessors."""

    __slots__ = ("data", "path", "function")

    def __init__(self, data: Mapping[str, Any], path: str, function: str) -> None:
        self.data = data
        self.path = path
        self.function = function

    @classmethod
    def root(cls, data: Any, function: str) -> Node:
        data = unwrap(data)
        if not isinstance(data, dict):
            fail(function, f"objet « data » attendu, reçu {_kind(data)}")
        return cls(data, "", function)

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, detail: str) -> NoReturn:
        fail(self.function, f"« {self.where(key)} » : {detail}")

    def has(self, key: str) -> bool:
        return unwrap(self.data.get(key)) is not None

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        """The unwrapped value; ``default`` when missing or null (an error if no default)."""
        value = unwrap(self.data.get(key))
        if value is None:
            if default is _MISSING:
                self.fail(key, "champ absent")
            return default
        return value

    # objects and lists

    def obj(self, key: str) -> Node:
        value = self.raw(key)
        if not isinstance(value, dict):
            self.fail(key, f"objet attendu, reçu {_kind(value)}")
        return Node(value, self.where(key), self.function)

    def opt_obj(self, key: str) -> Node | None:
        return self.obj(key) if self.has(key) else None

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        """A list field, plain or wrapped; ``[]`` when optional and missing."""
        value = self.raw(key, _MISSING if required else [])
        if not isinstance(value, list):
            self.fail(key, f"liste attendue, reçu {_kind(value)}")
        return value

    def objs(self, key: str, *, required: bool = True) -> Iterator[Node]:
        """The objects of a list field; each must be an object."""
        for index, item in enumerate(self.items(key, required=required)):
            item = unwrap(item)
            path = f"{self.where(key)}[{index}]"
            if not isinstance(item, dict):
                fail(self.function, f"« {path} » : objet attendu, reçu {_kind(item)}")
            yield Node(item, path, self.function)

    # scalars

    def text(self, key: str, default: Any = _MISSING) -> Any:
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        if not isinstance(value, str):
            self.fail(key, f"texte attendu, reçu {_kind(value)}")
        return value

    def ident(self, key: str, default: Any = _MISSING) -> Any:
        """An id (``N``): text, or an integer sent as a number."""
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= 10**18:
                self.fail(key, "identifiant numérique démesuré")
            return str(value)
        if not isinstance(value, str):
            self.fail(key, f"identifiant attendu, reçu {_kind(value)}")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            self.fail(key, f"booléen attendu, reçu {_kind(value)}")
        return value

    def integer(self, key: str, default: Any = _MISSING) -> Any:
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"entier attendu, reçu {_kind(value)}")
        return value

    def number(self, key: str, default: Any = _MISSING) -> Any:
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        return to_number(value, function=self.function, where=self.where(key))

    def mark(self, key: str) -> Mark:
        return parse_mark(self.data.get(key), function=self.function, where=self.where(key))

    def date(self, key: str, default: Any = _MISSING) -> Any:
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        return to_date(value, function=self.function, where=self.where(key))

    def datetime(self, key: str, default: Any = _MISSING) -> Any:
        if default is not _MISSING and not self.has(key):
            return default
        value = self.raw(key)
        return to_datetime(value, function=self.function, where=self.where(key))
