"""The protocol client is one class made of a mixin per area (``pronote/calls/``). Two mixins that
define the same name shadow each other silently: the orientation calls' ``_write`` once replaced the
news calls' own, and answering a survey sent an orientation write. No name may be defined twice."""

from __future__ import annotations

from espace_parents_tui.pronote.client import PronoteClient


def test_no_two_parts_of_the_client_define_the_same_name():
    owners: dict[str, list[str]] = {}
    for cls in PronoteClient.__mro__:
        if not cls.__module__.startswith("espace_parents_tui.pronote.calls"):
            continue
        if cls.__name__ == "CallsBase" or cls.__module__.endswith(".base"):
            continue  # the shared base is meant to be overridden
        for name in vars(cls):
            if name.startswith("__"):
                continue
            owners.setdefault(name, []).append(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: where for name, where in owners.items() if len(where) > 1}
    assert clashes == {}
