"""Chat-app installations and one-time OAuth states in studybot's SQLite database (aiosqlite).

Tokens are encrypted at rest: `bot_token` and the JSON `payload` (which holds refresh and user
tokens too) are stored as Fernet tokens under the secret key (`bot.secret_key`), and saving an
installation deletes the older rows of the same install (platform, enterprise, workspace, installer).
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.installations import InstallationRow
from bot.secret_key import KeySource, TokenCipher
from bot.store import migrations
from bot.store.db import Database
from bot.store.sqlite_store import SqliteStore
from bot.store.token_rows import check_key, cipher_for_writing, encrypt_value, missing_key, secure_tokens

_SUPERSEDED = (
    "DELETE FROM installations WHERE platform = ? AND enterprise_id = ? AND team_id = ? AND user_id = ? "
    "AND id <> ?"
)
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
    """The `InstallationRepository` on studybot's database (tables from 0002_slack_installations.sql).

    It shares the store's connections (`for_store`) so writes queue behind the same writer, or
    opens its own on the same file (`open`). Every write is one transaction.
    """

    def __init__(self, db: Database, keys: KeySource, *, owns_connection: bool = False) -> None:
        self._db = db
        self._keys = keys
        self._owns = owns_connection
        self._reading: TokenCipher | None = None

    @classmethod
    def for_store(cls, store: SqliteStore) -> SqliteInstallations:
        """Use the open store's connections and secret key."""
        return cls(store._db, store.keys)

    @classmethod
    async def open(cls, path: Path | str, keys: KeySource | None = None) -> SqliteInstallations:
        """Migrate the file if needed, encrypt plain rows and open connections of its own.

        `keys` defaults to the key file next to the database.
        """
        path = Path(path)
        keys = keys or KeySource(path)
        await asyncio.to_thread(migrations.migrate, path)
        await asyncio.to_thread(secure_tokens, path, keys)
        return cls(await Database.open(path), keys, owns_connection=True)

    async def close(self) -> None:
        """Close the connections when this repository opened them."""
        if self._owns:
            await self._db.close()

    async def _write(self, sql: str, params: tuple) -> int:
        def run(conn: sqlite3.Connection) -> int:
            return conn.execute(sql, params).rowcount

        return await self._db.write(run)

    async def save_installation(self, row: InstallationRow) -> None:
        """Store a new installation (tokens encrypted) and delete the rows it supersedes."""
        keys = self._keys

        def run(conn: sqlite3.Connection) -> None:
            cipher = cipher_for_writing(conn, keys)
            key = (row.platform, row.enterprise_id or "", row.team_id or "", row.user_id or "")
            new_id = conn.execute(
                f"INSERT INTO installations ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    *key,
                    int(row.is_enterprise_install),
                    encrypt_value(cipher, row.bot_token),
                    row.bot_user_id,
                    encrypt_value(cipher, row.payload),
                    _stamp(row.installed_at),
                ),
            ).fetchone()[0]
            conn.execute(_SUPERSEDED, (*key, new_id))

        await self._db.write(run)

    async def _cipher(self) -> TokenCipher | None:
        """The checked key for reading (looked up once), or None when nothing was ever encrypted."""
        if self._reading is None:
            found = await self._db.fetchone("SELECT check_value FROM secret_key_check WHERE id = 1")
            if found is None:
                return None
            cipher = await asyncio.to_thread(self._keys.existing)
            if cipher is None:
                raise missing_key(self._keys)
            check_key(cipher, found[0], self._keys)
            self._reading = cipher
        return self._reading

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
        found = await self._db.fetchone(sql, params)
        if found is None:
            return None
        cipher = await self._cipher()
        bot_token, payload = found[5], found[7]
        if cipher is not None:
            bot_token = cipher.decrypt(bot_token) if bot_token else bot_token
            payload = cipher.decrypt(payload)
        return InstallationRow(
            platform=found[0],
            enterprise_id=found[1] or None,
            team_id=found[2] or None,
            user_id=found[3] or None,
            is_enterprise_install=bool(found[4]),
            bot_token=bot_token,
            bot_user_id=found[6],
            payload=payload,
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
        def run(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM oauth_states WHERE expires_at < ?", (_stamp(datetime.now(UTC)),))
            conn.execute(
                "INSERT INTO oauth_states (platform, state, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (platform, state) DO UPDATE SET expires_at = excluded.expires_at",
                (platform, state, _stamp(expires_at)),
            )

        await self._db.write(run)

    async def consume_state(self, platform: str, state: str, now: datetime) -> bool:
        """Forget the state and say whether it was known and unexpired."""
        def run(conn: sqlite3.Connection) -> Any:
            return conn.execute(
                "DELETE FROM oauth_states WHERE platform = ? AND state = ? RETURNING expires_at",
                (platform, state),
            ).fetchone()

        found = await self._db.write(run)
        return found is not None and found[0] >= _stamp(now)
