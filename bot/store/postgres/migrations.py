"""PostgreSQL's numbered migrations (`bot/migrations/postgres/NNNN_name.sql`), applied like SQLite's.

The same rules as `bot.store.migrations`: forward-only files, each applied in one transaction (DDL is
transactional in PostgreSQL) and recorded with its sha256; a changed, missing or unknown applied
file is refused. Processes starting together take a session advisory lock for the current schema,
so exactly one applies each file and the others find it done.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bot.core.errors import StoreError
from bot.database_url import PostgresUrl
from bot.store.migrations import (
    LEDGER_SQL,
    MIGRATIONS_DIR,
    Migration,
    MigrationStatus,
    check_applied,
    discover,
)
from bot.store.postgres.connection import connect

POSTGRES_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgres"
_LOCK = "SELECT pg_advisory_lock(hashtext('studybot migrations ' || current_schema()))"
_HAS_LEDGER = "SELECT to_regclass('schema_migrations') IS NOT NULL"


def _applied(conn: psycopg.Connection) -> dict[int, tuple[str, str, str]]:
    rows = conn.execute("SELECT version, name, sha256, applied_at FROM schema_migrations").fetchall()
    return {int(v): (n, s, a) for v, n, s, a in rows}


def migrate(url: PostgresUrl, directory: Path = POSTGRES_MIGRATIONS_DIR) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; return those applied now."""
    known = discover(directory)
    done: list[Migration] = []
    with connect(url) as conn:
        try:
            conn.execute(_LOCK)  # released when the connection closes
            conn.execute(LEDGER_SQL)
            for migration in check_applied(_applied(conn), known):
                try:
                    with conn.transaction():
                        conn.execute(migration.sql)
                        conn.execute(
                            "INSERT INTO schema_migrations (version, name, sha256, applied_at) "
                            "VALUES (%s, %s, %s, %s)",
                            (
                                migration.version,
                                migration.name,
                                migration.sha256,
                                datetime.now(UTC).isoformat(),
                            ),
                        )
                except psycopg.DatabaseError as exc:
                    raise StoreError(
                        f"Migration postgres/{migration.name} failed and was rolled back: {exc}"
                    ) from exc
                done.append(migration)
            check_applied(_applied(conn), known)
        except psycopg.OperationalError as exc:
            raise StoreError(f"Migrating {url.describe} failed: {exc}") from exc
    return done


def status(url: PostgresUrl, directory: Path = POSTGRES_MIGRATIONS_DIR) -> MigrationStatus:
    """Applied and pending migrations of the database (raises on a mismatch); changes nothing."""
    known = discover(directory)
    with connect(url) as conn:
        if not conn.execute(_HAS_LEDGER).fetchone()[0]:
            return MigrationStatus([], known)
        applied = _applied(conn)
    pending = check_applied(applied, known)
    return MigrationStatus([(v, applied[v][0], applied[v][2]) for v in sorted(applied)], pending)
