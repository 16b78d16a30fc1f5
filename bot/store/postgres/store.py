"""PostgresStore: the Store protocol on a PostgreSQL database that several processes share.

It is made of the same mixins as the SQLite store (the SQL is shared; `PgConnection` translates the
placeholders): schedules and rounds, cohorts and admins, appeals, reviews and delivery de-duplication,
answers and the boards built on them, reminders and the private-note ledger, members' history and
the dashboard's insights, suggestions. The differences are two advisory locks: `_lock_fold`, which an
answer's transaction takes on (channel, member) before it checks "already counted" and folds the
streak (see docs/postgres.md, "The answer path"), and `_lock_author`, which a new suggestion takes on
its author before it counts their pending ones.
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
from bot.store.insights import InsightsMixin
from bot.store.member_history import MemberHistoryMixin
from bot.store.postgres import migrations
from bot.store.postgres.connection import PgConnection, PostgresDatabase, connect, in_transaction
from bot.store.reminders import RemindersMixin
from bot.store.reviews import ReviewsMixin
from bot.store.rounds import RoundsMixin
from bot.store.standings import StandingsMixin
from bot.store.suggestions import SuggestionsMixin
from bot.store.token_rows import encrypt_rows

log = logging.getLogger("studybot.store")
KEY_FOLDER = Path("data")  # where the key file goes when STUDYBOT_SECRET_KEY is unset
FOLD_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(? || current_schema(), 0))"
TOKENS_LOCK = "SELECT pg_advisory_xact_lock(hashtext('studybot tokens ' || current_schema()))"


def postgres_keys(url: PostgresUrl, env_key: str | None = None) -> KeySource:
    """The key source for a PostgreSQL database: STUDYBOT_SECRET_KEY, else data/secret.key here."""
    return KeySource(KEY_FOLDER / "postgresql", env_key, label=url.describe)


class PostgresStore(
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
    """Durable state shared by every process that names the same database."""

    @staticmethod
    def _lock_fold(conn: PgConnection, channel_id: int, member_id: int) -> bool:  # type: ignore[override]
        """A transaction-scoped advisory lock on (channel, member): that member's answers in that
        channel fold their streak and check "already counted" one after the other, in any process."""
        conn.execute(FOLD_LOCK, (f"studybot fold {int(channel_id)}:{int(member_id)}",))
        return True

    @staticmethod
    def _lock_author(conn: PgConnection, member_id: int) -> bool:  # type: ignore[override]
        """A transaction-scoped advisory lock on the member: their suggestions count the pending ones
        and insert one after the other, in any process (the limit of 5 holds)."""
        conn.execute(FOLD_LOCK, (f"studybot suggest {int(member_id)}",))
        return True

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
