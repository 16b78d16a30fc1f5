"""The SQLite connections of one store: a writer thread that runs whole use cases, and a reader.

Pragmas: WAL, foreign keys on, busy_timeout 30 s, synchronous=FULL. With WAL and FULL every COMMIT
syncs the write-ahead log to disk before it returns, so an answer acknowledged to a member survives
a killed process and a power cut.

Writes: each write use case is one plain function run inside BEGIN IMMEDIATE ... COMMIT on a
single dedicated writer thread (one thread hop per use case instead of one per statement, which
is what makes 500 submissions a second cheap), behind one asyncio lock per store. So writes in a
process are serialised and never see "database is locked"; across processes BEGIN IMMEDIATE plus
the busy timeout serialise them. Reads go through an aiosqlite connection and see committed data.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.core.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA cache_size = -32000",
    "PRAGMA temp_store = MEMORY",
)
T = TypeVar("T")


def _writer_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def _in_transaction(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"The database is busy or unavailable ({exc}); try again.") from exc
    try:
        result = fn(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


class Database:
    """A writer (one transaction at a time, on its own thread) and a reader on one file."""

    def __init__(
        self,
        path: Path,
        writer: sqlite3.Connection,
        executor: ThreadPoolExecutor,
        reader: aiosqlite.Connection,
    ) -> None:
        self.path = path
        self._writer = writer
        self._executor = executor
        self._reader = reader
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open the writer and the reader on `path` (the schema must already be migrated)."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studybot-db-writer")
        loop = asyncio.get_running_loop()
        try:
            writer = await loop.run_in_executor(executor, _writer_connection, path)
            reader = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            for pragma in PRAGMAS:
                await reader.execute(pragma)
            await reader.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            executor.shutdown(wait=False)
            raise StoreError(f"Cannot open the database {path}: {exc}.") from exc
        return cls(path, writer, executor, reader)

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(connection)` as one write transaction; any exception rolls it back."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, _in_transaction, self._writer, fn)

    async def close(self) -> None:
        """Finish the current write, then close both connections."""
        async with self._lock:
            await self._reader.close()
            loop = asyncio.get_running_loop()

            def finish() -> None:
                try:
                    self._writer.execute("PRAGMA optimize")
                except sqlite3.OperationalError:
                    pass  # another process holds the write lock; optimising is only a courtesy
                finally:
                    self._writer.close()

            try:
                await loop.run_in_executor(self._executor, finish)
            finally:
                self._executor.shutdown(wait=True)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """Rows of a read-only query on committed data."""
        return list(await self._reader.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first row of a read-only query, or None."""
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()
