"""The SQLite connections of one store: a writer thread that group-commits queued writes, and a reader.

Pragmas (`DURABILITY`, applied to every connection studybot opens on the file, the migration
runner's included): WAL, synchronous=FULL, foreign keys on, busy_timeout 30 s. With WAL and FULL
every COMMIT syncs the write-ahead log to disk before it returns, so an answer acknowledged to a
member survives a killed process and a power cut.

Writes: each write use case is one plain function `fn(connection)`. Callers queue it and wait; one
dedicated writer thread takes every write queued so far (up to `MAX_BATCH`), opens one
BEGIN IMMEDIATE transaction, runs each function, COMMITs once, and only then acknowledges each caller
with its own result or error (group commit). A batch first runs without savepoints (two statements
fewer per write); should a function raise, the whole transaction is rolled back and the batch runs
again with each function inside its own SAVEPOINT, so a function that raises rolls back only its
savepoint: its caller gets that error, the rest of the batch commits. An error that
makes SQLite abandon the whole transaction (a full disk, an I/O error) fails the write that caused
it and runs the other writes of the batch again in a new transaction. A failed COMMIT fails every
write of the batch (none was acknowledged). One disk sync is shared by every write of a batch, which
is what makes 500 answers a second cheap while each is still durable when its caller hears back.
Changes that many writes of a batch make to the same rows can be folded (`batch_fold`): each write
stages its changes, a write that succeeds keeps them, one that fails drops them, and the sums are
written once, just before the COMMIT (a failure there fails the batch as a failed COMMIT does).

Writes in a process are serialised and never see "database is locked"; across processes
BEGIN IMMEDIATE plus the busy timeout serialise them. Reads go through an aiosqlite connection
and see committed data.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiosqlite

from bot.core import phases
from bot.core.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
MAX_BATCH = 256
# What docs/operations.md ("Durability") promises for every connection, as (pragma, value read back).
DURABILITY = (
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("journal_mode", "wal"),
    ("synchronous", 2),  # FULL
    ("foreign_keys", 1),
)
TUNING = ("PRAGMA cache_size = -32000", "PRAGMA temp_store = MEMORY")
PRAGMAS = (*(f"PRAGMA {name} = {value}" for name, value in DURABILITY), *TUNING)
# The writer leaves checkpoints (copying the WAL into the database file, with its own disk syncs)
# to the checkpointer thread, so a COMMIT only ever waits for its own WAL sync. Should the
# checkpointer fall behind, the writer still checkpoints itself once the WAL holds this many pages.
WRITER_AUTOCHECKPOINT_PAGES = 20_000
CHECKPOINT_EVERY_S = 0.05  # the checkpointer runs at most this often, after a commit (a small WAL, reused)
T = TypeVar("T")
_STOP = object()


class Fold(Protocol):
    """Changes that the writes of one batch make to the same rows, summed and written once."""

    def keep(self) -> None:
        """The write that staged changes succeeded: they join the batch's."""

    def drop(self) -> None:
        """The write that staged changes failed: forget them."""

    def clear(self) -> None:
        """The transaction is over (committed or lost): forget everything."""

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the batch's sums (in the transaction, before its COMMIT)."""


F = TypeVar("F", bound=Fold)
_FOLDS: dict[int, dict[type, Fold]] = {}  # id of a group writer's connection -> its folds by type


def batch_fold(conn: Any, kind: type[F]) -> F | None:
    """The `kind` fold of the batch `conn` is writing, or None when `conn` is not a group writer's
    (the caller then writes its changes at once)."""
    folds = _FOLDS.get(id(conn))
    if folds is None:
        return None
    fold = folds.get(kind)
    if fold is None:
        fold = folds[kind] = kind()
    return fold  # type: ignore[return-value]


def apply_durability(conn: sqlite3.Connection) -> None:
    """Set the durability pragmas on a plain sqlite3 connection (autocommit mode)."""
    for name, value in DURABILITY:
        conn.execute(f"PRAGMA {name} = {value}")


def _first_row(conn: sqlite3.Connection, sql: str, params: tuple) -> Any:
    """On the reader's thread: run a query and keep its first row (the cursor closes with it)."""
    cursor = conn.execute(sql, params)
    try:
        return cursor.fetchone()
    finally:
        cursor.close()


def _writer_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT_PAGES}")
    return conn


class _Checkpointer:
    """A thread with its own connection that copies committed WAL frames into the database file
    (PASSIVE: it never blocks the writer or a reader), woken after commits, at most every
    `CHECKPOINT_EVERY_S`. A failed checkpoint is left to the next one (or the writer's own)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        for pragma in PRAGMAS:
            self.conn.execute(pragma)
        self.runs = 0
        self._wake = threading.Event()
        self._stopping = False
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="studybot-db-checkpointer", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Called by the writer after a commit."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._stopped.set()
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                self._wake.wait()
                if self._stopping:
                    return
                self._wake.clear()
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.runs += 1
                if self._stopped.wait(CHECKPOINT_EVERY_S):  # the pause ends early when stopping
                    return
        finally:
            self.conn.close()


@dataclass
class _Write:
    """One queued write: the function, and where to deliver its outcome once committed."""

    fn: Callable[[sqlite3.Connection], Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future
    outcome: Any = None
    failed: bool = False
    timings: dict[str, float] | None = None  # the caller's `phases`, when it tracks them
    # perf_counter stamps: queued, picked up by the writer, transaction begun, COMMIT started and done
    stamps: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0)

    def fail(self, exc: BaseException) -> None:
        self.outcome, self.failed = exc, True

    def settle(self) -> None:
        """On the caller's event loop: hand the outcome to the waiting caller."""
        if self.timings is not None:
            queued, picked, begun, committing, committed = self.stamps
            if committed:
                for name, seconds in (
                    ("write_queued", picked - queued),
                    ("write_begin", begun - picked),
                    ("write_tx", committing - begun),
                    ("commit", committed - committing),
                    ("write_ack", time.perf_counter() - committed),
                ):
                    phases.add(name, seconds, self.timings)
        if self.future.done():
            return  # the caller stopped waiting (cancelled); the write itself is settled
        if self.failed:
            self.future.set_exception(self.outcome)
        else:
            self.future.set_result(self.outcome)


def _settle_all(writes: list[_Write]) -> None:
    for write in writes:
        write.settle()


def deliver(batch: Iterable[_Write]) -> None:
    """Acknowledge every write of a batch: one wake-up per event loop, not one per write."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Write]] = {}
    for write in batch:
        by_loop.setdefault(write.loop, []).append(write)
    for loop, writes in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the caller's event loop is gone; nobody is waiting
            loop.call_soon_threadsafe(_settle_all, writes)


@dataclass
class WriteStats:
    """Writes acknowledged as committed, the commits that carried them, and the checkpointer's runs,
    since the store opened."""

    commits: int = 0
    writes: int = 0
    checkpoints: int = 0


class _GroupWriter:
    """The writer thread: batches of queued writes, each in a savepoint, one COMMIT per batch."""

    def __init__(self, conn: sqlite3.Connection, checkpointer: _Checkpointer | None = None) -> None:
        self.conn = conn
        self.checkpointer = checkpointer
        self.stats = WriteStats()
        self._picked = self._begun = 0.0  # when the writer took up its batch, and began its transaction
        self._guarded = False  # whether the batch being written runs each write in a savepoint
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._folds: dict[type, Fold] = {}
        _FOLDS[id(conn)] = self._folds
        self._thread = threading.Thread(target=self._run, name="studybot-db-writer", daemon=True)
        self._thread.start()

    def submit(self, write: _Write | object) -> None:
        self._queue.put(write)

    def join(self) -> None:
        self._thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch: list[_Write] = []
            item = self._queue.get()
            while True:
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
                if len(batch) >= MAX_BATCH:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._commit(batch, time.perf_counter())
        self._finish()

    def _commit(self, batch: list[_Write], picked: float) -> None:
        self._picked = picked
        self._guarded = False  # savepoints only once a write of this batch has failed
        pending = batch
        try:
            while pending:
                pending = self._attempt(pending)
        except BaseException as exc:  # never leave a caller waiting, never stop the writer
            self._each_fold("clear")
            with contextlib.suppress(sqlite3.Error):
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            error = StoreError(f"Saving to the database failed ({exc!r}); nothing was saved, try again.")
            for write in batch:
                if not write.failed:  # a write that failed on its own keeps its own error
                    write.fail(error)
        deliver(batch)

    def _attempt(self, writes: list[_Write]) -> list[_Write]:
        """Run `writes` in one transaction; return those to run again (their transaction was lost)."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._begun = time.perf_counter()
        except sqlite3.OperationalError as exc:
            error = StoreError(f"The database is busy or unavailable ({exc}); try again.")
            for write in writes:
                write.fail(error)
            return []
        if len(writes) == 1:  # alone in its transaction: no savepoint needed (two statements fewer)
            return self._attempt_one(writes[0])
        if not self._guarded:
            return self._attempt_unguarded(writes)
        done: list[_Write] = []
        for index, write in enumerate(writes):
            conn.execute("SAVEPOINT write")
            try:
                write.outcome, write.failed = self._run_one(write), False
            except BaseException as exc:  # the caller gets whatever its own write raised
                write.fail(exc)
                if not conn.in_transaction:
                    # SQLite abandoned the whole transaction: what ran before is gone too.
                    self._each_fold("clear")
                    return [w for w in done if not w.failed] + writes[index + 1 :]
                conn.execute("ROLLBACK TO write")
                self._each_fold("drop")
            else:
                self._each_fold("keep")
            conn.execute("RELEASE write")
            done.append(write)
        self._finish_transaction(writes)
        return []

    def _attempt_unguarded(self, writes: list[_Write]) -> list[_Write]:
        """Run `writes` without savepoints; if one raises, take the whole transaction back and ask
        for the batch again, this time with a savepoint per write (the failing write then fails
        alone). A write that ends the transaction itself fails the whole batch."""
        conn = self.conn
        for write in writes:
            try:
                write.outcome, write.failed = self._run_one(write), False
            except BaseException:
                self._each_fold("clear")
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self._guarded = True
                for again in writes:
                    again.outcome, again.failed = None, False
                return writes
            if not conn.in_transaction:  # the write ended the transaction itself: a bug, fail the batch
                raise sqlite3.OperationalError("a write ended the batch's transaction by itself")
            self._each_fold("keep")
        self._finish_transaction(writes)
        return []

    def _attempt_one(self, write: _Write) -> list[_Write]:
        """The one write of a batch, in the transaction already begun; a failure rolls it all back."""
        conn = self.conn
        try:
            write.outcome, write.failed = self._run_one(write), False
        except BaseException as exc:  # the caller gets whatever its own write raised
            write.fail(exc)
            self._each_fold("clear")
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return []
        self._each_fold("keep")
        self._finish_transaction([write])
        return []

    def _run_one(self, write: _Write) -> Any:
        """One write's own statements (timed when its caller tracks `phases`)."""
        if write.timings is None:
            return write.fn(self.conn)
        start = time.perf_counter()
        try:
            return write.fn(self.conn)
        finally:
            phases.add("write_own", time.perf_counter() - start, write.timings)

    def _finish_transaction(self, writes: list[_Write]) -> None:
        """COMMIT; on failure every write not failed on its own gets the error (none was saved)."""
        conn = self.conn
        try:
            for fold in self._folds.values():
                fold.flush(conn)
            committing = time.perf_counter()
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            error = StoreError(f"Saving to the database failed ({exc}); nothing was saved, try again.")
            for write in writes:
                if not write.failed:
                    write.fail(error)
            return
        finally:
            self._each_fold("clear")
        committed = time.perf_counter()
        for write in writes:
            if write.timings is not None:
                write.stamps = (write.stamps[0], self._picked, self._begun, committing, committed)
        self.stats.commits += 1
        self.stats.writes += sum(1 for w in writes if not w.failed)
        if self.checkpointer is not None:
            self.checkpointer.poke()

    def _each_fold(self, step: str) -> None:
        """Tell every fold of the batch what became of the write just run, or of the transaction."""
        for fold in self._folds.values():
            getattr(fold, step)()

    def _finish(self) -> None:
        _FOLDS.pop(id(self.conn), None)
        if self.checkpointer is not None:
            self.checkpointer.stop()
        try:
            self.conn.execute("PRAGMA optimize")
        except sqlite3.OperationalError:
            pass  # another process holds the write lock; optimising is only a courtesy
        finally:
            self.conn.close()


class Database:
    """A group-committing writer (on its own thread) and a reader on one file."""

    def __init__(self, path: Path, writer: _GroupWriter, reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._closed = False

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open the writer and the reader on `path` (the schema must already be migrated)."""
        try:
            writer = await asyncio.to_thread(_writer_connection, path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the database {path}: {exc}.") from exc
        try:
            reader = await aiosqlite.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            for pragma in PRAGMAS:
                await reader.execute(pragma)
            await reader.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            writer.close()
            raise StoreError(f"Cannot open the database {path}: {exc}.") from exc
        try:
            checkpointer = await asyncio.to_thread(_Checkpointer, path)
        except sqlite3.DatabaseError as exc:
            writer.close()
            await reader.close()
            raise StoreError(f"Cannot open the database {path}: {exc}.") from exc
        return cls(path, _GroupWriter(writer, checkpointer), reader)

    @property
    def stats(self) -> WriteStats:
        """How many writes were committed, in how many commits."""
        checkpointer = self._writer.checkpointer
        return WriteStats(
            self._writer.stats.commits,
            self._writer.stats.writes,
            0 if checkpointer is None else checkpointer.runs,
        )

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(connection)` in its own savepoint of the next group commit; return once committed.

        An exception from `fn` rolls back only what `fn` did and is raised here.
        """
        if self._closed:
            raise StoreError("The store is closed; restart studybot.")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        write = _Write(fn, loop, future)
        timings = phases.current()
        if timings is not None:
            write.timings, write.stamps = timings, (time.perf_counter(), 0.0, 0.0, 0.0, 0.0)
        self._writer.submit(write)
        return await future

    async def durability(self) -> dict[str, dict[str, Any]]:
        """The durability pragmas as each connection reports them: {"writer": {...}, "reader": {...}}."""
        names = [name for name, _ in DURABILITY]

        def read(conn: sqlite3.Connection) -> dict[str, Any]:
            return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in names}

        reader = {}
        for name in names:
            row = await self.fetchone(f"PRAGMA {name}")
            reader[name] = row[0]
        return {"writer": await self.write(read), "reader": reader}

    async def close(self) -> None:
        """Finish the queued writes, then close both connections."""
        if self._closed:
            return
        self._closed = True
        self._writer.submit(_STOP)
        await asyncio.to_thread(self._writer.join)
        await self._reader.close()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """Rows of a read-only query on committed data."""
        return list(await self._reader.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first row of a read-only query, or None.

        One trip to the reader thread instead of aiosqlite's three (execute, fetchone, close): the
        query runs through aiosqlite's own queue of calls for its thread (`_execute`).
        """
        return await self._reader._execute(_first_row, self._reader._conn, sql, tuple(params))
