"""Model objects to JSON and back, driven by the dataclasses' type hints.

The cache stores what the portal fetched as JSON text; reading it back needs the target type (a
section knows what it stores, e.g. ``list[Lesson]``). Dates are ISO strings, enums their value,
tuples and frozensets JSON arrays.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
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


def to_jsonable(value: Any, *, enum_names: bool = False) -> Any:
    """Model objects as JSON values: dataclasses as objects, dates ISO, sets sorted.

    Enums are stored by value (so they read back); ``enum_names`` shows them by name instead, for
    people (``debug parse``).
    """
    if isinstance(value, enum.Enum):
        return value.name if enum_names else value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name), enum_names=enum_names)
            for f in dataclasses.fields(value)
        }
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
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(tp: Any, text: str) -> Any:
    try:
        return from_jsonable(tp, json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise CodecError(str(exc)) from exc


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, data: Any) -> Any:
    if tp is Any:
        return data
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_jsonable(arg, data)
            except (ValueError, TypeError, KeyError) as exc:
                errors.append(exc)
        raise CodecError(f"no type of {tp} fits {data!r}")
    if origin in (list, tuple, frozenset, set) or tp in (list, tuple, frozenset, set):
        if not isinstance(data, list):
            raise CodecError(f"expected a list for {tp}, got {type(data).__name__}")
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in data)
        if origin is tuple and args:
            return tuple(from_jsonable(a, v) for a, v in zip(args, data, strict=True))
        item = args[0] if args else Any
        values = [from_jsonable(item, v) for v in data]
        container = origin or tp
        return container(values) if container is not list else values
    if origin is dict or tp is dict:
        if not isinstance(data, dict):
            raise CodecError(f"expected an object for {tp}")
        value_type = args[1] if len(args) == 2 else Any
        key_type = args[0] if args else str
        return {from_jsonable(key_type, k): from_jsonable(value_type, v) for k, v in data.items()}
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            if not isinstance(data, dict):
                raise CodecError(f"expected an object for {tp.__name__}")
            hints = _hints(tp)
            kwargs = {}
            for f in dataclasses.fields(tp):
                if f.name in data:
                    kwargs[f.name] = from_jsonable(hints[f.name], data[f.name])
                elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise CodecError(f"{tp.__name__}.{f.name} missing")
            return tp(**kwargs)
        if issubclass(tp, enum.Enum):
            return tp(data)
        if tp is datetime:
            return datetime.fromisoformat(data)
        if tp is date:
            return date.fromisoformat(data)
        if tp is time:
            return time.fromisoformat(data)
        if tp is float:
            if isinstance(data, bool) or not isinstance(data, int | float):
                raise CodecError(f"expected a number, got {data!r}")
            return float(data)
        if tp is int:
            if isinstance(data, bool) or not isinstance(data, int):
                raise CodecError(f"expected an integer, got {data!r}")
            return data
        if tp is bool:
            if not isinstance(data, bool):
                raise CodecError(f"expected a boolean, got {data!r}")
            return data
        if tp is str:
            if not isinstance(data, str):
                raise CodecError(f"expected a string, got {data!r}")
            return data
        if tp is type(None):
            if data is not None:
                raise CodecError("expected null")
            return None
    return data


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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
