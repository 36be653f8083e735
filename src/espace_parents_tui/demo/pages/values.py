"""PRONOTE's value encoding, for the page builders: typed wrappers, dates, marks, ids.

Facts from the recordings (``fixtures/pronote-real``) and ``reference/pronotepy.md`` §1.10: typed
values are ``{"_T": type, "V": value}`` (7 date, 8 week set, 10 mark, 11/26 integer set, 23 URL,
24 list or element); marks are strings with a comma decimal ("15,5") and special marks ``"|n"``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from .contract import IdMinter, PageFault, PageRequest

# The id tables this server mints (``"<table>#…"``); numbers as on the recordings where known.
TABLE_CHILD = 4
TABLE_PARENT = 128
TABLE_SCHOOL = 50
TABLE_CLASS = 23
TABLE_GROUP = 60
TABLE_GRADE = 62  # not seen in the recordings
TABLE_HOLIDAY = 64  # not seen in the recordings
TABLE_LESSON = 29
TABLE_LESSON_TEXT = 18
TABLE_SUBJECT = 79
TABLE_ROOM = 129
TABLE_SERVICE = 131
TABLE_PERIOD = 105
TABLE_ABSENCE_REASON = 89
TABLE_DELAY_REASON = 90
TABLE_VISIO = 178

FAULT_ACCESS_DENIED = 3
FAULT_PAGE_UNAVAILABLE = 21
FAULT_STALE_OBJECT = 22

_WELL_FORMED_ID = re.compile(r"\d+#[A-Za-z0-9_-]{43}")


def typed(kind: int, value: Any) -> dict[str, Any]:
    return {"_T": kind, "V": value}


def liste(items: list[Any]) -> dict[str, Any]:
    return {"_T": 24, "V": items}


def day_value(day: date) -> dict[str, Any]:
    return {"_T": 7, "V": day.strftime("%d/%m/%Y")}


def moment_value(day: date, moment: time) -> dict[str, Any]:
    return {"_T": 7, "V": datetime.combine(day, moment).strftime("%d/%m/%Y %H:%M:%S")}


def hour_label(moment: time) -> str:
    return moment.strftime("%Hh%M")


def number_text(value: float, decimals: int | None = None) -> str:
    """A PRONOTE number: "15,5", "12", "13,25"; with ``decimals``, exactly that many ("13,00")."""
    if decimals is not None:
        return f"{value:.{decimals}f}".replace(".", ",")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def mark_value(value: float, decimals: int | None = None) -> dict[str, Any]:
    return typed(10, number_text(value, decimals))


def special_value(code: int) -> dict[str, Any]:
    return typed(10, f"|{code}")


def plain_number(value: float) -> int | float:
    """A JSON number as PRONOTE writes a coefficient: 1, 2, 0.5."""
    return int(value) if float(value).is_integer() else value


def set_text(numbers: list[int]) -> str:
    """PRONOTE's integer-set notation: [0, 1, 3, 4, 5] -> "[0,1,3..5]"."""
    values = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        parts.append(str(values[i]) if j - i < 2 else f"{values[i]}..{values[j]}")
        if j - i == 1:
            parts.append(str(values[j]))
        i = j + 1
    return "[" + ",".join(parts) + "]"


def parse_day(raw: Any) -> date | None:
    """A date as clients send it: ``{_T: 7, V: "dd/mm/yyyy[ HH:MM:SS]"}`` or the bare string.

    Pawnote sends unpadded fields ("2/9/2025 0:0:0"); both forms are read.
    """
    if isinstance(raw, dict):
        raw = raw.get("V")
    if not isinstance(raw, str):
        return None
    found = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if not found:
        return None
    day, month, year = (int(x) for x in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(ids: IdMinter, element: Any, prefix: str) -> str | None:
    """The school key named by ``element["N"]`` when it starts with ``prefix``.

    None when the element carries no id (the caller picks a default). A well-formed id this
    session did not mint is an object from another session: error 22, as a real server answers.
    An id of this session naming another kind of object, or a malformed id: error 21.
    """
    ident = element.get("N") if isinstance(element, dict) else None
    if ident in (None, ""):
        return None
    key = ids.lookup(ident)
    if key is None:
        if isinstance(ident, str) and _WELL_FORMED_ID.fullmatch(ident):
            raise PageFault(FAULT_STALE_OBJECT, "L'objet demandé n'existe plus (session précédente).")
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if not key.startswith(prefix):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return key[len(prefix) :]


def request_child(request: PageRequest) -> Any:
    """The child of ``Signature.membre``; without one (old clients), the parent's first child."""
    return request.child if request.child is not None else request.parent.children[0]
