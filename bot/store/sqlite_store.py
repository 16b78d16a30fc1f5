"""SqliteStore: the Store protocol on one SQLite file, and `open_store` which migrates and opens it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.store import migrations
from bot.store.answers import AnswersMixin
from bot.store.appeals import AppealsMixin
from bot.store.cohorts import CohortsMixin
from bot.store.db import Database
from bot.store.reviews import ReviewsMixin
from bot.store.rounds import RoundsMixin
from bot.store.standings import StandingsMixin


class SqliteStore(RoundsMixin, AnswersMixin, StandingsMixin, CohortsMixin, AppealsMixin, ReviewsMixin):
    """Durable state for one process (several processes may share the file)."""

    @property
    def path(self) -> Path:
        return self._db.path


async def open_store(path: Path | str, migrations_dir: Path = migrations.MIGRATIONS_DIR) -> SqliteStore:
    """Create the parent folder, apply pending migrations (StoreError on a mismatch) and open the store."""
    path = Path(path)
    await asyncio.to_thread(migrations.migrate, path, migrations_dir)
    return SqliteStore(await Database.open(path))
