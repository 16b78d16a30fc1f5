"""PostgresStore: the Store protocol on a PostgreSQL database that several processes share.

It is made of the same mixins as the SQLite store (the SQL is shared; `PgConnection` translates the
placeholders): schedules and rounds, cohorts and admins, appeals, reviews and delivery de-duplication,
plus the answer *reads* that posting and closing a round use. The answer write path and the boards
built on it (`record_answer`, `update_answer_grade`, `member_streak`, `leaderboard`,
`cohort_standings`) are not served here yet: `bot.store.backends.require_answers` refuses the
commands that need them with a clear message (see docs/postgres.md).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.database_url import PostgresUrl
from bot.secret_key import KeySource
from bot.store.answers import AnswersMixin
from bot.store.appeals import AppealsMixin
from bot.store.cohorts import CohortsMixin
from bot.store.postgres import migrations
from bot.store.postgres.connection import PgConnection, PostgresDatabase, connect, in_transaction
from bot.store.reviews import ReviewsMixin
from bot.store.rounds import RoundsMixin
from bot.store.token_rows import encrypt_rows

log = logging.getLogger("studybot.store")
KEY_FOLDER = Path("data")  # where the key file goes when STUDYBOT_SECRET_KEY is unset
TOKENS_LOCK = "SELECT pg_advisory_xact_lock(hashtext('studybot tokens ' || current_schema()))"


def postgres_keys(url: PostgresUrl, env_key: str | None = None) -> KeySource:
    """The key source for a PostgreSQL database: STUDYBOT_SECRET_KEY, else data/secret.key here."""
    return KeySource(KEY_FOLDER / "postgresql", env_key, label=url.describe)


class PostgresStore(RoundsMixin, CohortsMixin, AppealsMixin, ReviewsMixin):
    """Durable state shared by every process that names the same database."""

    # Reads of answers, shared with SQLite as they are (the write path beside them is not ported yet).
    answer_count = AnswersMixin.answer_count
    round_stats = AnswersMixin.round_stats
    question_scores = AnswersMixin.question_scores
    get_answer = AnswersMixin.get_answer
    iter_answers = AnswersMixin.iter_answers

    def __init__(self, db: PostgresDatabase, keys: KeySource) -> None:
        super().__init__(db)  # type: ignore[arg-type]
        self.keys = keys

    @property
    def url(self) -> PostgresUrl:
        return self._db.url  # type: ignore[attr-defined]


def _encrypt(conn: PgConnection, keys: KeySource) -> int:
    conn.execute(TOKENS_LOCK)  # processes starting together encrypt one after the other
    return encrypt_rows(conn, keys)  # type: ignore[arg-type]


def secure_tokens(url: PostgresUrl, keys: KeySource) -> int:
    """The start-up step after migrations: check the key and encrypt plain installation rows."""
    with connect(url) as raw:
        return in_transaction(PgConnection(raw), lambda conn: _encrypt(conn, keys))


async def open_postgres_store(
    url: PostgresUrl,
    migrations_dir: Path = migrations.POSTGRES_MIGRATIONS_DIR,
    *,
    keys: KeySource | None = None,
) -> PostgresStore:
    """Apply pending migrations (StoreError on a mismatch or an unreachable server) and open the store.

    With `keys` (what the bot passes at start-up) stored chat-app tokens are checked against the
    secret key and plain ones encrypted, in one transaction under an advisory lock.
    """
    await asyncio.to_thread(migrations.migrate, url, migrations_dir)
    if keys is not None:
        encrypted = await asyncio.to_thread(secure_tokens, url, keys)
        if encrypted:
            log.info("encrypted %d stored installation row(s) with the key from %s", encrypted, keys.describe)
    return PostgresStore(await PostgresDatabase.open(url), keys or postgres_keys(url))
