"""models/record.py's ``dataclass``: every model compares, hashes and prints as the standard
library's dataclasses would make it (only the generated methods' cost differs)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import espace_parents_tui.models as models_package
from espace_parents_tui.models.record import dataclass


def _models() -> list[type]:
    found = []
    for info in pkgutil.iter_modules(models_package.__path__):
        module = importlib.import_module(f"espace_parents_tui.models.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ == module.__name__
        ]
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


MODELS = _models()


class Token:
    """A field value that equals only itself and prints its number."""

    def __init__(self, number: int) -> None:
        self.number = number

    def __repr__(self) -> str:
        return f"<{self.number}>"


def _standard(cls: type) -> type:
    """The same fields made by the standard library's dataclass (eq, repr, hash generated)."""
    frozen = cls.__dataclass_params__.frozen
    made = dataclasses.make_dataclass(
        cls.__name__, [(f.name, object) for f in dataclasses.fields(cls)], frozen=frozen
    )
    made.__qualname__ = cls.__qualname__
    return made


def test_every_model_is_made_by_it():
    assert len(MODELS) > 80
    assert all("_record_values" in vars(cls) for cls in MODELS)


@pytest.mark.parametrize(
    "cls", MODELS, ids=lambda cls: f"{cls.__module__.rsplit('.', 1)[1]}.{cls.__qualname__}"
)
def test_each_model_behaves_as_the_standard_dataclass(cls):
    names = [f.name for f in dataclasses.fields(cls)]
    values = {name: Token(i) for i, name in enumerate(names)}
    standard = _standard(cls)
    ours, theirs = cls(**values), standard(**values)
    assert repr(ours) == repr(theirs)
    assert ours == cls(**values) and not ours != cls(**values)
    assert ours.__eq__(theirs) is NotImplemented  # another class, as a dataclass says
    for name in names:
        other = {**values, name: Token(99)}
        assert (ours == cls(**other)) == (theirs == standard(**other)) is False
    if cls.__dataclass_params__.frozen:
        assert hash(ours) == hash(theirs)
        if names:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(ours, names[0], 1)
    else:
        with pytest.raises(TypeError):
            hash(ours)


def test_a_model_that_holds_itself_prints_once():
    @dataclass
    class Node:
        child: object = None

    node = Node()
    node.child = node
    assert repr(node) == "test_a_model_that_holds_itself_prints_once.<locals>.Node(child=...)"
