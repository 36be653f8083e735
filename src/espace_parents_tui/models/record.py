"""``dataclass`` for the models: the standard library's, with ``__eq__``, ``__hash__`` and
``__repr__`` shared by every model instead of generated for each.

On Python 3.11 ``dataclasses`` compiles each generated method with its own ``exec``: six for a
frozen class, ≈ 0.09 ms each, and the models are read before the app's first paint (issue 16).
Only ``__init__`` (and a frozen class's ``__setattr__``/``__delattr__``) are still generated. The
shared methods behave as the generated ones: equality of the same class compares the fields' tuple,
a frozen class hashes that tuple, a mutable one is unhashable, the text is ``Name(field=value, …)``
(``tests/test_models_record.py`` compares them with ``dataclasses``' own on every model). Only the
forms the models use are accepted: ``@dataclass`` and ``@dataclass(frozen=True)``.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any


def dataclass(cls: Any = None, /, *, frozen: bool = False) -> Any:
    def wrap(cls: Any) -> Any:
        if any(name in cls.__dict__ for name in ("__eq__", "__hash__", "__repr__")):
            return dataclasses.dataclass(cls, frozen=frozen)  # its own: dataclasses' rules apply
        cls = dataclasses.dataclass(cls, frozen=frozen, eq=False, repr=False)
        names = tuple(f.name for f in dataclasses.fields(cls))
        if len(names) >= 2:
            cls._record_values = staticmethod(attrgetter(*names))
        elif names:
            (name,) = names
            cls._record_values = staticmethod(lambda self: (getattr(self, name),))
        else:
            cls._record_values = staticmethod(lambda self: ())
        cls._record_names = names
        cls.__eq__ = _eq
        cls.__hash__ = _hash if frozen else None
        cls.__repr__ = _repr
        return cls

    return wrap if cls is None else wrap(cls)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self._record_values(self) == self._record_values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_values(self))


@recursive_repr()
def _repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_names)
    return f"{self.__class__.__qualname__}({fields})"
