"""SqliteStore: the Store protocol on one SQLite file, and `open_sqlite_store` which migrates and opens it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from bot.secret_key import KeySource
from bot.store import migrations
from bot.store.answers import AnswersMixin
from bot.store.appeals import AppealsMixin
from bot.store.cohorts import CohortsMixin
from bot.store.db import Database, WriteStats
from bot.store.file_modes import secure_database
from bot.store.insights import InsightsMixin
from bot.store.member_history import MemberHistoryMixin
from bot.store.reminders import RemindersMixin
from bot.store.reviews import ReviewsMixin
from bot.store.rounds import RoundsMixin
from bot.store.standings import StandingsMixin
from bot.store.suggestions import SuggestionsMixin
from bot.store.token_rows import secure_tokens

log = logging.getLogger("studybot.store")


class SqliteStore(
    RoundsMixin,
    AnswersMixin,
    StandingsMixin,
    CohortsMixin,
    AppealsMixin,
    ReviewsMixin,
    MemberHistoryMixin,
    RemindersMixin,
    InsightsMixin,
    SuggestionsMixin,
):
    """Durable state for one process (several processes may share the file)."""

    def __init__(self, db: Database, keys: KeySource | None = None) -> None:
        super().__init__(db)
        self.keys = keys or KeySource(db.path)

    @property
    def path(self) -> Path:
        return self._db.path

    async def durability(self) -> dict[str, dict[str, Any]]:
        """The durability pragmas as the writer and the reader connection each report them."""
        return await self._db.durability()

    @property
    def write_stats(self) -> WriteStats:
        """Writes committed by this process and the group commits that carried them."""
        return self._db.stats


async def open_sqlite_store(
    path: Path | str,
    migrations_dir: Path = migrations.MIGRATIONS_DIR,
    *,
    keys: KeySource | None = None,
) -> SqliteStore:
    """Create the parent folder, apply pending migrations (StoreError on a mismatch) and open the store.

    With `keys` (what the bot passes at start-up) the stored chat-app tokens are checked against the
    secret key and any plain ones are encrypted right after the migrations (SecretKeyError on a
    wrong or missing key). Files and a new folder are owner-only.
    """
    path = Path(path)
    await asyncio.to_thread(migrations.migrate, path, migrations_dir)
    if keys is not None:
        encrypted = await asyncio.to_thread(secure_tokens, path, keys)
        if encrypted:
            log.info("encrypted %d stored installation row(s) with the key from %s", encrypted, keys.describe)
    store = SqliteStore(await Database.open(path), keys)
    await asyncio.to_thread(secure_database, path)
    return store
