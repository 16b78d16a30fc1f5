"""Chat-app installations and one-time OAuth states in studybot's SQLite database (aiosqlite)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.core.installations import InstallationRow

_COLUMNS = (
    "platform, enterprise_id, team_id, user_id, is_enterprise_install, bot_token, bot_user_id, "
    "payload, installed_at"
)


def _stamp(moment: datetime) -> str:
    """A sortable UTC text form of an aware datetime."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class SqliteInstallations:
    """The `InstallationRepository` over one aiosqlite connection to studybot's database.

    The tables come from `migrations/0002_slack_installations.sql`, applied by the store's runner.
    Writes are serialised with a lock and each is one transaction.
    """

    def __init__(self, conn: aiosqlite.Connection, *, owns_connection: bool = False) -> None:
        self._conn = conn
        self._owns = owns_connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> SqliteInstallations:
        """Open a connection of its own to the database file (WAL, busy timeout)."""
        conn = await aiosqlite.connect(str(path))
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("PRAGMA journal_mode = WAL")
        return cls(conn, owns_connection=True)

    async def close(self) -> None:
        """Close the connection when this repository opened it."""
        if self._owns:
            await self._conn.close()

    async def _write(self, sql: str, params: tuple) -> int:
        async with self._lock:
            cursor = await self._conn.execute(sql, params)
            await self._conn.commit()
            return cursor.rowcount

    async def save_installation(self, row: InstallationRow) -> None:
        """Store a new installation row; look-ups return the most recent one."""
        await self._write(
            f"INSERT INTO installations ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.platform,
                row.enterprise_id or "",
                row.team_id or "",
                row.user_id or "",
                int(row.is_enterprise_install),
                row.bot_token,
                row.bot_user_id,
                row.payload,
                _stamp(row.installed_at),
            ),
        )

    async def find_installation(
        self,
        platform: str,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> InstallationRow | None:
        """The latest installation of the workspace, or of one installer when `user_id` is given."""
        sql = f"SELECT {_COLUMNS} FROM installations WHERE platform = ? AND enterprise_id = ? AND team_id = ?"
        params: list[str] = [platform, enterprise_id or "", team_id or ""]
        if user_id:
            sql += " AND user_id = ?"
            params.append(user_id)
        sql += " ORDER BY installed_at DESC, id DESC LIMIT 1"
        async with self._conn.execute(sql, params) as cursor:
            found = await cursor.fetchone()
        if found is None:
            return None
        return InstallationRow(
            platform=found[0],
            enterprise_id=found[1] or None,
            team_id=found[2] or None,
            user_id=found[3] or None,
            is_enterprise_install=bool(found[4]),
            bot_token=found[5],
            bot_user_id=found[6],
            payload=found[7],
            installed_at=_parse(found[8]),
        )

    async def delete_installations(
        self,
        platform: str,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> int:
        """Delete the workspace's installations (one installer's when `user_id` is given)."""
        sql = "DELETE FROM installations WHERE platform = ? AND enterprise_id = ? AND team_id = ?"
        params: tuple = (platform, enterprise_id or "", team_id or "")
        if user_id:
            sql += " AND user_id = ?"
            params = (*params, user_id)
        return await self._write(sql, params)

    async def issue_state(self, platform: str, state: str, expires_at: datetime) -> None:
        """Remember a one-time state until it expires (expired states are swept here too)."""
        async with self._lock:
            await self._conn.execute(
                "DELETE FROM oauth_states WHERE expires_at < ?", (_stamp(datetime.now(UTC)),)
            )
            await self._conn.execute(
                "INSERT OR REPLACE INTO oauth_states (platform, state, expires_at) VALUES (?, ?, ?)",
                (platform, state, _stamp(expires_at)),
            )
            await self._conn.commit()

    async def consume_state(self, platform: str, state: str, now: datetime) -> bool:
        """Forget the state and say whether it was known and unexpired."""
        async with self._lock:
            async with self._conn.execute(
                "SELECT expires_at FROM oauth_states WHERE platform = ? AND state = ?", (platform, state)
            ) as cursor:
                found = await cursor.fetchone()
            if found is None:
                return False
            await self._conn.execute(
                "DELETE FROM oauth_states WHERE platform = ? AND state = ?", (platform, state)
            )
            await self._conn.commit()
            return found[0] >= _stamp(now)
