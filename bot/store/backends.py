"""Which store a database target gets: SQLite for a file path, PostgreSQL for a postgresql:// URL.

`open_store`, `migrate`, `migration_status` and `require_existing` take either (a `Path`, a
`PostgresUrl`, or the text of STUDYBOT_DB); the PostgreSQL modules (and psycopg) are imported only
when a URL is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.errors import StoreError
from bot.database_url import DatabaseTarget, PostgresUrl, parse_target
from bot.secret_key import KeySource
from bot.store import migrations
from bot.store.migrations import Migration, MigrationStatus


def _target(target: DatabaseTarget | str) -> DatabaseTarget:
    return parse_target(target)


async def open_store(
    target: DatabaseTarget | str, migrations_dir: Path | None = None, *, keys: KeySource | None = None
) -> Any:
    """Migrate and open the store for `target` (see `open_sqlite_store` and `open_postgres_store`)."""
    found = _target(target)
    if isinstance(found, PostgresUrl):
        from bot.store.postgres import open_postgres_store

        if migrations_dir is None:
            return await open_postgres_store(found, keys=keys)
        return await open_postgres_store(found, migrations_dir, keys=keys)
    from bot.store.sqlite_store import open_sqlite_store

    return await open_sqlite_store(found, migrations_dir or migrations.MIGRATIONS_DIR, keys=keys)


def key_source(target: DatabaseTarget | str, env_key: str | None = None) -> KeySource:
    """Where the secret key of `target`'s stored tokens comes from."""
    found = _target(target)
    if isinstance(found, PostgresUrl):
        from bot.store.postgres import postgres_keys

        return postgres_keys(found, env_key)
    return KeySource(found, env_key)


def migrate(target: DatabaseTarget | str, env_key: str | None = None) -> tuple[list[Migration], int]:
    """Apply pending migrations, then encrypt plain stored tokens: (migrations applied, rows encrypted)."""
    found = _target(target)
    keys = key_source(found, env_key)
    if isinstance(found, PostgresUrl):
        from bot.store.postgres import migrations as pg_migrations
        from bot.store.postgres.store import secure_tokens as secure_postgres_tokens

        done = pg_migrations.migrate(found)
        return done, secure_postgres_tokens(found, keys)
    from bot.store.token_rows import secure_tokens

    done = migrations.migrate(found)
    return done, secure_tokens(found, keys)


def migration_status(target: DatabaseTarget | str) -> MigrationStatus:
    """Applied and pending migrations of `target` (StoreError on a mismatch or an unreachable server)."""
    found = _target(target)
    if isinstance(found, PostgresUrl):
        from bot.store.postgres import migrations as pg_migrations

        return pg_migrations.status(found)
    return migrations.status(found)


def require_existing(target: DatabaseTarget | str) -> DatabaseTarget:
    """`target` when it holds a studybot database; StoreError (what to check) when the SQLite file is
    missing or the PostgreSQL database has no studybot tables, so read-only commands create nothing."""
    found = _target(target)
    if isinstance(found, PostgresUrl):
        if not migration_status(found).applied:
            raise StoreError(
                f"{found.describe} has no studybot tables; check STUDYBOT_DB or --db "
                "(a new database gets them from `studybot db migrate` or `studybot db copy`)"
            )
        return found
    if not Path(found).is_file():
        raise StoreError(f"no database at {found}; check STUDYBOT_DB or --db")
    return found
