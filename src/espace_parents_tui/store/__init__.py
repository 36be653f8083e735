"""The offline cache (SQLite): models in, models out; and the drafts kept beside it.

The names below are loaded on first use (PEP 562): ``store.quick``, the fast path of
``show … --offline --json``, must not pay for the cache's codec and the models it imports.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs the fast path of ``show … --offline --json``
if TYPE_CHECKING:
    from typing import Any

    from espace_parents_tui.store import quick
    from espace_parents_tui.store.cache import (
        Cache,
        Cached,
        CacheError,
        Change,
        Item,
        Recorded,
        SyncWriter,
        delete_cache,
    )
    from espace_parents_tui.store.drafts import Draft, Drafts

_WHERE = {
    **dict.fromkeys(
        ("Cache", "Cached", "CacheError", "Change", "Item", "Recorded", "SyncWriter", "delete_cache"), "cache"
    ),
    "Draft": "drafts",
    "Drafts": "drafts",
}

__all__ = [
    "Cache",
    "CacheError",
    "Cached",
    "Change",
    "Draft",
    "Drafts",
    "Item",
    "Recorded",
    "SyncWriter",
    "delete_cache",
    "quick",
]


def __getattr__(name: str) -> Any:
    from importlib import import_module

    if name == "quick":
        return import_module("espace_parents_tui.store.quick")
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"espace_parents_tui.store.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
