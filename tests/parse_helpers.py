"""Shared helpers of the parsers' hypothesis tests: building answers and damaging them."""

from __future__ import annotations

import copy
from typing import Any


def put(target: dict, key: str, value: Any) -> None:
    """Set an optional field, unless the builder chose to leave it out (``None``)."""
    if value is not None:
        target[key] = value


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as a path of keys and indexes (the root is ``()``)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def replaced(document: Any, path: tuple, value: Any) -> Any:
    """A copy of ``document`` with ``value`` at ``path``."""
    if not path:
        return value
    document = copy.deepcopy(document)
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return document


def removed(document: dict, path: tuple) -> dict:
    """A copy of ``document`` without what stands at ``path``."""
    document = copy.deepcopy(document)
    node = document
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return document
