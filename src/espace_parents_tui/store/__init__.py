"""The offline cache (SQLite): models in, models out."""

from espace_parents_tui.store.cache import Cache, Cached, CacheError, Change, Item, SyncWriter, delete_cache

__all__ = ["Cache", "CacheError", "Cached", "Change", "Item", "SyncWriter", "delete_cache"]
