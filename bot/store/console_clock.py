"""The console's simulated clock kept in the database, so time never goes back on one file.

The console saves its clock after every move; on start it reads the later of that instant and
the latest round opened or answer given in the file (databases used before the clock was kept).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.store.codec import instant, read_instant
from bot.store.db import Database
from bot.store.sqlite_store import SqliteStore

LATEST_SQL = (
    "SELECT MAX(t) FROM (SELECT now AS t FROM console_clock "
    "UNION ALL SELECT MAX(opened_at) FROM rounds UNION ALL SELECT MAX(submitted_at) FROM answers) AS times"
)
SAVE_SQL = (
    "INSERT INTO console_clock (id, now) VALUES (1, ?) "
    "ON CONFLICT (id) DO UPDATE SET now = CASE WHEN excluded.now > console_clock.now "
    "THEN excluded.now ELSE console_clock.now END"
)


class ConsoleClockStore:
    """Reads and saves the simulated clock of one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def for_store(cls, store: SqliteStore) -> ConsoleClockStore:
        """Use the open store's connections."""
        return cls(store._db)

    async def latest(self) -> datetime | None:
        """The database's time: the saved clock or its latest round or answer, whichever is later."""
        row = await self._db.fetchone(LATEST_SQL)
        return read_instant(row[0]) if row and row[0] else None

    async def save(self, now: datetime) -> None:
        """Keep `now` as the database's clock (an earlier instant never replaces a later one)."""

        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(SAVE_SQL, (instant(now),))

        await self._db.write(tx)
