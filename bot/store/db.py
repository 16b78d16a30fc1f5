"""The SQLite connections of one store: a writer behind an asyncio lock and a read-only reader.

Pragmas: WAL, foreign keys on, busy_timeout 30 s, synchronous=FULL. With WAL and FULL every COMMIT
syncs the write-ahead log to disk before it returns, so an answer acknowledged to a member survives
a killed process and a power cut. Writes are serialised by one asyncio lock per store (no
"database is locked" inside a process) and by BEGIN IMMEDIATE plus the busy timeout across
processes sharing the file. Readers see only committed data.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.errors import StoreError

BUSY_TIMEOUT_MS = 30_000


async def _connect(path: Path, *, read_only: bool) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    for pragma in (
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA cache_size = -32000",
        "PRAGMA temp_store = MEMORY",
    ):
        await conn.execute(pragma)
    if read_only:
        await conn.execute("PRAGMA query_only = ON")
    return conn


class Database:
    """A writer connection (one transaction at a time) and a reader connection on one file."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open both connections on `path` (the schema must already be migrated)."""
        try:
            writer = await _connect(path, read_only=False)
            reader = await _connect(path, read_only=True)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the database {path}: {exc}.") from exc
        return cls(path, writer, reader)

    async def close(self) -> None:
        """Finish the current write, then close both connections."""
        async with self._lock:
            await self._reader.close()
            try:
                await self._writer.execute("PRAGMA optimize")
            finally:
                await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any exception."""
        async with self._lock:
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"The database is busy or unavailable ({exc}); try again.") from exc
            try:
                yield self._writer
            except BaseException:
                await asyncio.shield(self._rollback())
                raise
            try:
                await self._writer.execute("COMMIT")
            except BaseException:
                await asyncio.shield(self._rollback())
                raise

    async def _rollback(self) -> None:
        if self._writer.in_transaction:
            await self._writer.execute("ROLLBACK")

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row | tuple]:
        """Rows of a read-only query on committed data."""
        return list(await self._reader.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first row of a read-only query, or None."""
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()


async def fetchone(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Any:
    """The first row of `sql` on `conn` (used inside write transactions)."""
    async with conn.execute(sql, tuple(params)) as cursor:
        return await cursor.fetchone()


async def fetchall(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    """Every row of `sql` on `conn` (used inside write transactions)."""
    return list(await conn.execute_fetchall(sql, tuple(params)))
