"""Model objects to JSON and back, driven by the dataclasses' type hints.

The cache stores what the portal fetched as JSON text; reading it back needs the target type (a
section knows what it stores, e.g. ``list[Lesson]``). Dates are ISO strings, enums their value,
tuples and frozensets JSON arrays.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from datetime import date, datetime, time
from typing import Any


class CodecError(ValueError):
    """Stored JSON that does not fit the expected type (an old or damaged cache)."""


def _order(value: Any) -> tuple:
    """Sort key for set members: numbers numerically, text alphabetically, anything else by its JSON."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return (2, json.dumps(value, sort_keys=True))
    return (0, value, "") if isinstance(value, int | float) else (1, value)


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order (None for any other class), looked up once per class."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        _FIELD_NAMES[cls] = names
        return names


def to_jsonable(value: Any, *, enum_names: bool = False) -> Any:
    """Model objects as JSON values: dataclasses as objects, dates ISO, sets sorted.

    Enums are stored by value (so they read back); ``enum_names`` shows them by name instead, for
    people (``debug parse``).
    """
    cls = value.__class__
    if cls in _PLAIN:  # the exact types: an enum deriving from str or int is not one of them
        return value
    names = _field_names(cls)
    if names is not None:
        return {name: to_jsonable(getattr(value, name), enum_names=enum_names) for name in names}
    if isinstance(value, enum.Enum):
        return value.name if enum_names else value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, enum_names=enum_names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, enum_names=enum_names) for v in value]
    if isinstance(value, frozenset | set):
        return sorted((to_jsonable(v, enum_names=enum_names) for v in value), key=_order)
    return value


def dumps(value: Any) -> str:
    """The stored text: fields in their dataclass's order, as ``show --json`` prints them (its fast
    path prints the stored JSON as it is)."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def loads(tp: Any, text: str) -> Any:
    try:
        return from_jsonable(tp, json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise CodecError(str(exc)) from exc


def from_jsonable(tp: Any, data: Any) -> Any:
    """``data`` (JSON values) read back as ``tp``; :class:`CodecError` when it does not fit."""
    return _decoder(tp)(data)


# Each type's reader is built once (from its hints) and kept: reading a cached dataset of thousands
# of grades then costs a few calls per value, not a walk of the type hints per value (the first
# paint reads several datasets; see benchmarks/startup.py).
Decoder = typing.Callable[[Any], Any]


def _any(data: Any) -> Any:
    return data


def _expect(check: Any, what: str) -> Decoder:
    def decode(data: Any) -> Any:
        if not check(data):
            raise CodecError(f"expected {what}, got {data!r}")
        return data

    return decode


def _float(data: Any) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise CodecError(f"expected a number, got {data!r}")
    return float(data)


def _none(data: Any) -> None:
    if data is not None:
        raise CodecError("expected null")
    return None


_SIMPLE: dict[Any, Decoder] = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    time: time.fromisoformat,
    float: _float,
    int: _expect(lambda d: isinstance(d, int) and not isinstance(d, bool), "an integer"),
    bool: _expect(lambda d: isinstance(d, bool), "a boolean"),
    str: _expect(lambda d: isinstance(d, str), "a string"),
    type(None): _none,
}


@functools.cache
def _decoder(tp: Any) -> Decoder:
    if tp is Any:
        return _any
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tp, args)
    if origin in (list, tuple, frozenset, set) or tp in (list, tuple, frozenset, set):
        return _sequence_decoder(tp, origin, args)
    if origin is dict or tp is dict:
        return _dict_decoder(tp, args)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return _dataclass_decoder(tp)
        if issubclass(tp, enum.Enum):
            return tp
        if tp in _SIMPLE:
            return _SIMPLE[tp]
    return _any


def _union_decoder(tp: Any, args: tuple) -> Decoder:
    optional = type(None) in args
    choices = [arg for arg in args if arg is not type(None)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        for arg in choices:
            try:
                return _decoder(arg)(data)
            except (ValueError, TypeError, KeyError):
                continue
        raise CodecError(f"no type of {tp} fits {data!r}")

    return decode


def _sequence_decoder(tp: Any, origin: Any, args: tuple) -> Decoder:
    def need_list(data: Any) -> None:
        if not isinstance(data, list):
            raise CodecError(f"expected a list for {tp}, got {type(data).__name__}")

    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def decode_tuple(data: Any) -> Any:
            need_list(data)
            return tuple([item(v) for v in data])

        return decode_tuple
    if origin is tuple and args:
        items = [_decoder(a) for a in args]

        def decode_fixed(data: Any) -> Any:
            need_list(data)
            return tuple(d(v) for d, v in zip(items, data, strict=True))

        return decode_fixed
    item = _decoder(args[0] if args else Any)
    container = origin or tp

    def decode(data: Any) -> Any:
        need_list(data)
        values = [item(v) for v in data]
        return container(values) if container is not list else values

    return decode


def _dict_decoder(tp: Any, args: tuple) -> Decoder:
    key = _decoder(args[0] if args else str)
    value = _decoder(args[1] if len(args) == 2 else Any)

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise CodecError(f"expected an object for {tp}")
        return {key(k): value(v) for k, v in data.items()}

    return decode


def _dataclass_decoder(tp: type) -> Decoder:
    plan: list[tuple[str, bool, Decoder]] = []

    def decode(data: Any) -> Any:
        nonlocal plan
        if not isinstance(data, dict):
            raise CodecError(f"expected an object for {tp.__name__}")
        if not plan:  # built on first use: a dataclass may name itself in its hints
            hints = typing.get_type_hints(tp)
            plan = [
                (
                    f.name,
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                    _decoder(hints[f.name]),
                )
                for f in dataclasses.fields(tp)
            ]
        kwargs = {}
        for name, required, read in plan:
            if name in data:
                kwargs[name] = read(data[name])
            elif required:
                raise CodecError(f"{tp.__name__}.{name} missing")
        return tp(**kwargs)

    return decode


def _session_scoped(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key == "possessions"


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if not _session_scoped(k)}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def digest(value: Any) -> str:
    """A fingerprint of an object's content, blind to PRONOTE's session-scoped ids."""
    text = json.dumps(
        _strip_ids(to_jsonable(value)), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    import hashlib  # a sync's, not a read's

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
