"""SQLite persistence on aiosqlite, with numbered migrations."""
