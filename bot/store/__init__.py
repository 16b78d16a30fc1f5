"""SQLite persistence on aiosqlite, with numbered migrations: `open_store(path)` gives a SqliteStore."""

from bot.store.sqlite_store import SqliteStore, open_store

__all__ = ["SqliteStore", "open_store"]
