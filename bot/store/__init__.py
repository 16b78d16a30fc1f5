"""Persistence: SQLite (embedded default) or PostgreSQL (shared by several processes).

`open_store(target)` migrates and opens the store for a file path or a postgresql:// URL.
"""

from bot.store.backends import open_store
from bot.store.sqlite_store import SqliteStore, open_sqlite_store

__all__ = ["SqliteStore", "open_sqlite_store", "open_store"]
