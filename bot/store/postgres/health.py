"""Health and doctor facts about a PostgreSQL database: reachable, last post, the bot's sessions."""

from __future__ import annotations

from datetime import datetime

import psycopg

from bot.database_url import PostgresUrl
from bot.store.postgres.connection import APPLICATION_NAME

LAST_POST_SQL = "SELECT max(opened_at) FROM rounds WHERE message_ref IS NOT NULL"
SESSIONS_SQL = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND application_name = %s AND pid <> pg_backend_pid()"
)


def _connect(url: PostgresUrl, timeout: float, name: str) -> psycopg.Connection:
    return psycopg.connect(
        url.url, autocommit=True, connect_timeout=max(1, round(timeout)), application_name=name
    )


def read_postgres(url: PostgresUrl, timeout: float = 2.0) -> tuple[str, datetime | None]:
    """("ok", last post time) when the server answers a query; otherwise (reason, None)."""
    try:
        with _connect(url, timeout, "studybot-health") as conn:
            conn.execute("SELECT 1")
            try:
                raw = conn.execute(LAST_POST_SQL).fetchone()[0]
            except psycopg.errors.UndefinedTable:
                return "ok", None  # not migrated yet: reachable, nothing posted
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"cannot reach {url.describe}: {reason}", None
    try:
        return "ok", datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return "ok", None


def bot_sessions(url: PostgresUrl, timeout: float = 2.0) -> int:
    """How many connections running studybot processes hold to the database (0 when unreachable)."""
    try:
        with _connect(url, timeout, "studybot-health") as conn:
            return int(conn.execute(SESSIONS_SQL, (APPLICATION_NAME,)).fetchone()[0])
    except psycopg.Error:
        return 0


def server_facts(url: PostgresUrl, timeout: float = 5.0) -> tuple[str, int]:
    """(server version text, database size in bytes); raises psycopg.Error when unreachable."""
    with _connect(url, timeout, "studybot-doctor") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return str(version), int(size)
