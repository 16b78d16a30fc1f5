"""The PostgreSQL connections of one store: a few psycopg connections, each used by one worker thread.

The store's use cases are plain functions over a DB-API connection (`conn.execute(sql, params)`
with `?` placeholders), shared with the SQLite store; `PgConnection` gives a psycopg connection
that face, turning `?` into psycopg's `%s` and dropping SQLite's `INDEXED BY` hints. `write(fn)`
runs `fn` as one transaction on a free connection, so writes of one process run in parallel on up
to `POOL_SIZE` connections and writes of several processes meet only in the database.

Isolation is PostgreSQL's default, READ COMMITTED: every contended decision is made by one atomic
statement (a unique key with ON CONFLICT, a conditional UPDATE ... WHERE state, DELETE ... RETURNING),
which PostgreSQL re-checks against the newest committed row, so exactly one writer wins; the few
read-then-write steps take a row lock or a transaction-scoped advisory lock (see docs/postgres.md).
A transaction aborted by a deadlock or a serialization failure is retried whole, with jittered
backoff, up to `RETRIES` times. A connection found dead (server restart, idle timeout) is replaced;
the read, or the write that had not begun, runs again on the new one.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

import psycopg
from psycopg import errors
from psycopg.pq import TransactionStatus

from bot.core.errors import StoreError
from bot.database_url import PostgresUrl

POOL_SIZE = 4
RETRIES = 8
CONNECT_TIMEOUT_SECONDS = 10
APPLICATION_NAME = "studybot"  # health and doctor count the bot's sessions by it
T = TypeVar("T")
_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|[?%]")


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """`sql` with each `?` placeholder outside quotes as `%s` and each literal `%` doubled."""

    def swap(match: re.Match[str]) -> str:
        text = match.group(0)
        return {"?": "%s", "%": "%%"}.get(text, text)

    return _QUOTED_OR_MARK.sub(swap, sql)


_SQLITE_INDEX_HINT = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)


@lru_cache(maxsize=2048)
def without_hints(sql: str) -> str:
    """`sql` without SQLite's `INDEXED BY name` hints (PostgreSQL's planner picks its own indexes)."""
    return _SQLITE_INDEX_HINT.sub("", sql)


def unavailable(url: PostgresUrl, exc: BaseException) -> StoreError:
    """The error for a server that does not answer or dropped the connection."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(
        f"The PostgreSQL database {url.describe} is unavailable ({reason}); check that the server runs "
        "and STUDYBOT_DB is right, then try again."
    )


def connect(url: PostgresUrl) -> psycopg.Connection:
    """One autocommit connection (StoreError when the server cannot be reached)."""
    try:
        return psycopg.connect(
            url.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name=APPLICATION_NAME,
        )
    except psycopg.OperationalError as exc:
        raise unavailable(url, exc) from exc


NUL_STAND_IN = "\ufffd"  # PostgreSQL text cannot hold NUL; a member's stray NUL is kept as U+FFFD


def _storable(values: Iterable[Any]) -> tuple[Any, ...]:
    """`values` with NUL in any text replaced, so hostile text is stored instead of refused."""
    return tuple(v.replace("\x00", NUL_STAND_IN) if isinstance(v, str) and "\x00" in v else v for v in values)


class PgConnection:
    """A psycopg connection spoken to like sqlite3's: `execute(sql, params)` with `?` placeholders."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor:
        values = _storable(params)
        if not values:
            return self.raw.execute(without_hints(sql))
        return self.raw.execute(translate(without_hints(sql)), values)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(translate(sql), [_storable(r) for r in rows])


class ConnectionLost(Exception):
    """The connection was dead before any statement of the work ran, so it may run on a fresh one."""


def _rollback(conn: PgConnection) -> None:
    if not conn.raw.broken and conn.raw.info.transaction_status != TransactionStatus.IDLE:
        conn.raw.execute("ROLLBACK")


def in_transaction(conn: PgConnection, fn: Callable[[PgConnection], T]) -> T:
    """Run `fn(conn)` as one transaction, retrying it whole after a deadlock or serialization failure.

    ConnectionLost when the connection fails at BEGIN, before `fn` ran.
    """
    for attempt in range(RETRIES):
        try:
            conn.raw.execute("BEGIN")
        except psycopg.OperationalError as exc:
            raise ConnectionLost(str(exc)) from exc
        try:
            result = fn(conn)
            conn.raw.execute("COMMIT")
            return result
        except (errors.SerializationFailure, errors.DeadlockDetected) as exc:
            _rollback(conn)
            if attempt == RETRIES - 1:
                raise StoreError(
                    f"The database stayed too busy to finish a change ({type(exc).__name__} "
                    f"{RETRIES} times); try again."
                ) from exc
            time.sleep(random.uniform(0, 0.005 * 2**attempt))
        except BaseException:
            _rollback(conn)
            raise
    raise AssertionError("unreachable")


class PostgresDatabase:
    """A few connections to one database; `write` runs a use case as one transaction on one of them."""

    def __init__(self, url: PostgresUrl, connections: list[PgConnection], executor: ThreadPoolExecutor):
        self.url = url
        self._executor = executor
        self._idle: asyncio.Queue[PgConnection] = asyncio.Queue()
        for conn in connections:
            self._idle.put_nowait(conn)
        self._all = list(connections)
        self._closed = False

    @classmethod
    async def open(cls, url: PostgresUrl, size: int = POOL_SIZE) -> PostgresDatabase:
        """Open `size` connections (the schema must already be migrated)."""
        executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="studybot-pg")
        loop = asyncio.get_running_loop()
        try:
            raws = await asyncio.gather(*(loop.run_in_executor(executor, connect, url) for _ in range(size)))
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(url, [PgConnection(r) for r in raws], executor)

    async def _run(self, job: Callable[[PgConnection], T], *, repeatable: bool) -> T:
        """Run `job` on a free connection. When that connection turns out dead (a server restart, an
        idle timeout) a `repeatable` job (a read), or any job that had not started, runs once more on
        a fresh connection; otherwise the caller gets StoreError saying the database is unavailable."""
        if self._closed:
            raise StoreError("The store is closed; restart studybot.")
        loop = asyncio.get_running_loop()
        conn = await self._idle.get()
        try:
            try:
                return await loop.run_in_executor(self._executor, job, conn)
            except (ConnectionLost, psycopg.OperationalError) as exc:
                if not (repeatable or isinstance(exc, ConnectionLost)) or not conn.raw.broken:
                    raise unavailable(self.url, exc) from exc
            conn = await self._reconnect(conn)
            try:
                return await loop.run_in_executor(self._executor, job, conn)
            except (ConnectionLost, psycopg.OperationalError) as exc:
                raise unavailable(self.url, exc) from exc
        finally:
            if conn.raw.closed or conn.raw.broken:
                conn = await self._reconnect(conn)
            self._idle.put_nowait(conn)

    async def _reconnect(self, old: PgConnection) -> PgConnection:
        """A fresh connection in place of a broken one (the broken one when the server is still away)."""
        loop = asyncio.get_running_loop()
        try:
            fresh = PgConnection(await loop.run_in_executor(self._executor, connect, self.url))
        except StoreError:
            return old  # the next use reports the outage and tries again
        self._all[self._all.index(old)] = fresh
        return fresh

    async def write(self, fn: Callable[[PgConnection], T]) -> T:
        """Run `fn(connection)` as one transaction; any exception rolls it back."""
        return await self._run(lambda conn: in_transaction(conn, fn), repeatable=False)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """Rows of a read-only query on committed data."""
        return await self._run(lambda conn: conn.execute(sql, params).fetchall(), repeatable=True)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first row of a read-only query, or None."""
        return await self._run(lambda conn: conn.execute(sql, params).fetchone(), repeatable=True)

    async def close(self) -> None:
        """Wait for the work in progress, then close every connection; later calls raise StoreError."""
        if self._closed:
            return
        self._closed = True
        for _ in self._all:
            await self._idle.get()
        for conn in self._all:
            conn.raw.close()
        self._executor.shutdown(wait=True)
