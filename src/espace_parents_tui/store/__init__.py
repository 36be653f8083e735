"""The offline cache (SQLite): models in, models out; and the drafts kept beside it."""

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
