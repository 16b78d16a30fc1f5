"""Doctor rows for a PostgreSQL STUDYBOT_DB: the server answers, migrations, the secret key and tokens.

SQLite's file rows (integrity, WAL, free disk, file modes) have no PostgreSQL counterpart that
studybot owns: the server's own monitoring covers them.
"""

from __future__ import annotations

import psycopg

from bot.cli.platform_checks import CheckResult
from bot.cli.storage_checks import key_source_check, no_tokens, stored_tokens_check
from bot.core.errors import StoreError
from bot.database_url import PostgresUrl
from bot.store.postgres.connection import PgConnection, connect
from bot.store.postgres.health import bot_sessions, server_facts
from bot.store.postgres.store import postgres_keys


def _bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def database_row(url: PostgresUrl) -> CheckResult:
    """The server answers: its version, the database size and how many studybot sessions are connected."""
    try:
        version, size = server_facts(url)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return CheckResult(
            "database",
            "FAIL",
            f"cannot reach {url.describe}: {first}; check that the "
            "server runs, the URL in STUDYBOT_DB and the user's rights",
        )
    sessions = bot_sessions(url)
    return CheckResult(
        "database",
        "ok",
        f"{url.describe}: PostgreSQL {version}, {_bytes(size)}, {sessions} studybot connection(s)",
    )


def secret_key_row(url: PostgresUrl, env_key: str | None) -> CheckResult:
    """Where the key comes from, and whether it decrypts every installation stored in the database."""
    keys = postgres_keys(url, env_key)
    cipher, problem = key_source_check(keys)
    if problem is not None:
        return problem
    try:
        with connect(url) as raw:
            found = raw.execute(
                "SELECT to_regclass('installations') IS NOT NULL "
                "AND to_regclass('secret_key_check') IS NOT NULL"
            ).fetchone()[0]
            if not found:
                return no_tokens(keys, cipher)
            return stored_tokens_check(PgConnection(raw), keys, cipher)
    except psycopg.Error as exc:
        return CheckResult("secret-key", "FAIL", f"cannot read the installations in {url.describe}: {exc}")
    except StoreError as exc:  # the server is away
        return CheckResult("secret-key", "FAIL", str(exc))
