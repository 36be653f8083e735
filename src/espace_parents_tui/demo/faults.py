"""Answers the emulated server spoils on purpose: the fault programme's server half.

An :class:`AnswerFault` in ``ServerOptions.faults`` picks one answer (the n-th answer to a function,
or the space page ``"page"``) and spoils it the way real servers and networks do:

- ``payload``: the decoded answer is rewritten by ``mutate`` before it is encoded (a field removed, a
  wrong type, ``null``, a huge string or list, a bad date, an unknown enum value; or a recorded real
  answer served instead). :class:`JsonMutator` makes such rewrites, seeded and bounded;
- transport faults (:data:`TRANSPORT_KINDS`): HTTP 500, 503 and 429, an HTML error page, a redirect to
  the ENT, a truncated body, ``dataSec`` that does not decrypt or does not inflate, a body that
  trickles slower than any client waits, a connection cut in the middle of the answer.

A :class:`WriteHold` (``ServerOptions.holds``) holds a write before or after the server stores it,
so that a test kills the client at an exact point of a send.

The server processes the call first (its order counter moves on), then spoils the answer, as a
proxy or a broken page builder would. Nothing here reads the client's parsers.
"""

from __future__ import annotations

import copy
import random
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PAYLOAD = "payload"
TRANSPORT_KINDS = (
    "http500",
    "http503",
    "http429",
    "html_error",
    "redirect_ent",
    "truncated",
    "bad_crypto",
    "bad_compression",
    "slow_body",
    "cut",
)
# What the space page (``GET parent.html``) can suffer: it has no ``dataSec``.
PAGE_KINDS = ("http500", "http503", "http429", "html_error", "redirect_ent", "truncated", "slow_body", "cut")
MUTATION_KINDS = ("remove", "wrong_type", "null", "huge_string", "huge_list", "bad_date", "unknown_enum")

ENT_PATH = "/ent/cas/login"


@dataclass
class AnswerFault:
    """Spoil answers to ``function`` (an appelfonction name, or ``"page"`` for the space page).

    ``occurrence`` (1-based) picks the first answer spoiled, ``None`` the first one; ``times`` how
    many answers in a row (``0``: every one from then on). ``stall`` is the pause of a ``slow_body``.
    """

    function: str
    kind: str
    occurrence: int | None = None
    times: int = 1
    mutate: Callable[[Any], Any] | None = None
    stall: float = 2.0
    seen: int = 0
    fired: int = 0

    def __post_init__(self) -> None:
        if self.kind != PAYLOAD and self.kind not in TRANSPORT_KINDS:
            raise ValueError(f"panne inconnue : {self.kind!r}")
        if self.kind == PAYLOAD and self.mutate is None:
            raise ValueError("une panne « payload » a besoin de sa fonction de réécriture")

    def take(self, function: str) -> bool:
        """Whether this answer (to ``function``) is the one to spoil; counts it."""
        if function != self.function:
            return False
        self.seen += 1
        if self.seen < (self.occurrence or 1):
            return False
        if self.times and self.fired >= self.times:
            return False
        self.fired += 1
        return True


@dataclass
class WriteHold:
    """Hold one call to ``function`` (a write: ``SaisieMessage``, ``SaisieVieScolaire``…) in place,
    so that a test can kill the client at a known point of a write.

    - ``stage="before"``: the call waits *before* the server reads it; once released it is dropped
      unprocessed (the client was killed before the server answered, and the write never arrived);
    - ``stage="after"``: the server processes the write (it is stored), then holds the answer: the
      client is killed after the server accepted the write but before it could record that.

    ``arrived`` is set when the call is held (the test waits on it with ``wait_until``); the test
    sets ``released`` once it has killed the client. Only the ``occurrence``-th call is held.
    """

    function: str
    stage: str = "after"
    occurrence: int = 1
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    seen: int = 0

    def __post_init__(self) -> None:
        if self.stage not in ("before", "after"):
            raise ValueError(f"moment de retenue inconnu : {self.stage!r} (before ou after)")

    def take(self, function: str) -> bool:
        """Whether this call (to ``function``) is the one to hold; counts it."""
        if function != self.function:
            return False
        self.seen += 1
        return self.seen == self.occurrence


def take_hold(holds: list[WriteHold], function: str) -> WriteHold | None:
    for hold in holds:
        if hold.take(function):
            return hold
    return None


def take_fault(faults: list[AnswerFault], function: str) -> AnswerFault | None:
    for fault in faults:
        if fault.take(function):
            return fault
    return None


# --- malformed payloads -------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}")
_ENUM_KEY_RE = re.compile(r"^(G|genre.*|Genre.*|type.*|Type.*|nature.*|etat.*|Etat.*|mode.*)$")
BAD_DATES = ("31/02/2026", "00/00/0000", "2026-11-24", "", "24/13/2026 25:61", "hier", "99/99/99999")
HUGE_STRING = 200_000
HUGE_LIST = 1_000

Path = tuple[Any, ...]


def _walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _get(root: Any, path: Path) -> Any:
    for step in path:
        root = root[step]
    return root


def _set(root: Any, path: Path, value: Any) -> None:
    _get(root, path[:-1])[path[-1]] = value


def _wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "vrai"
    if isinstance(value, int | float):
        return "douze"
    if isinstance(value, str):
        return 42
    if isinstance(value, list):
        return {"_T": 24, "V": "pas une liste"}
    if isinstance(value, dict):
        return [1, "deux", None]
    return {"inattendu": True}


class JsonMutator:
    """Seeded, bounded rewrites of a decoded PRONOTE answer; one change per call.

    :meth:`candidates` lists where a kind of change applies (so a case can be drawn only where it
    means something); :meth:`apply` makes it on a copy and says what it did, in French.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    @staticmethod
    def candidates(kind: str, payload: Any) -> list[Path]:
        found: list[Path] = []
        for path, value in _walk(payload):
            key = path[-1] if path else None
            if kind == "remove" and path and isinstance(key, str):
                found.append(path)
            elif kind in ("wrong_type", "null") and path and value is not None:
                found.append(path)
            elif kind == "huge_string" and isinstance(value, str):
                found.append(path)
            elif kind == "huge_list" and isinstance(value, list) and value:
                found.append(path)
            elif kind == "bad_date" and isinstance(value, str) and _DATE_RE.match(value):
                found.append(path)
            elif (
                kind == "unknown_enum"
                and isinstance(key, str)
                and _ENUM_KEY_RE.match(key)
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                found.append(path)
        return found

    def apply(self, kind: str, payload: Any, path: Path | None = None) -> tuple[Any, str]:
        """A copy of ``payload`` changed once (at ``path``, or at a random candidate)."""
        if kind not in MUTATION_KINDS:
            raise ValueError(f"mutation inconnue : {kind!r}")
        paths = self.candidates(kind, payload)
        if path is None:
            if not paths:
                raise LookupError(kind)
            path = self.rng.choice(paths)
        changed = copy.deepcopy(payload)
        where = "/".join(str(step) for step in path)
        if kind == "remove":
            del _get(changed, path[:-1])[path[-1]]
            return changed, f"champ {where} supprimé"
        if kind == "null":
            _set(changed, path, None)
            return changed, f"{where} = null"
        if kind == "wrong_type":
            _set(changed, path, _wrong_type(_get(changed, path)))
            return changed, f"{where} du mauvais type"
        if kind == "huge_string":
            _set(changed, path, ("Lorem ipsum ☃ " * (HUGE_STRING // 14 + 1))[:HUGE_STRING])
            return changed, f"{where} : texte de {HUGE_STRING} caractères"
        if kind == "huge_list":
            items = _get(changed, path)
            _set(changed, path, [copy.deepcopy(items[i % len(items)]) for i in range(HUGE_LIST)])
            return changed, f"{where} : liste de {HUGE_LIST} éléments"
        if kind == "bad_date":
            bad = self.rng.choice(BAD_DATES)
            _set(changed, path, bad)
            return changed, f"{where} = date {bad!r}"
        value = self.rng.choice((999, -1, 2**31))
        _set(changed, path, value)
        return changed, f"{where} = valeur inconnue {value}"
