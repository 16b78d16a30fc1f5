"""Online backup of the SQLite database, and a restore that refuses to overwrite a live database.

Backup uses SQLite's online backup API in one step: it reads a consistent snapshot (every
transaction committed before it started) while the bot keeps writing (WAL readers do not block
writers). The copy is written next to the target under a temporary name, switched to a
self-contained rollback-journal file, checked with `PRAGMA integrity_check`, then renamed into place.
Backups and the saved pre-restore copy are created owner-only (0600; a folder created for them 0700),
like the database: they hold the same (encrypted) tokens and every member's answers.

Restore detects a running bot by asking SQLite for an exclusive lock on the database with
`locking_mode=EXCLUSIVE` and no busy wait. Every open connection (a running studybot keeps one for
its whole life; in WAL mode each holds a shared lock on the file) makes that fail, so restore stops
with `DatabaseInUse`. Otherwise the lock is kept for the whole restore, so a bot started meanwhile
waits instead of reading a half-copied file. The database being replaced is first saved next to it
as `<name>.pre-restore.db`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import StoreError
from bot.store.file_modes import create_private_file, make_folder, prepare_database


class DatabaseInUse(StoreError):
    """Another connection (normally the running bot) has the database open."""


@dataclass(frozen=True)
class CopyResult:
    """What a backup or restore wrote."""

    path: Path
    size_bytes: int
    pages: int
    seconds: float
    saved_previous: Path | None = None


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA integrity_check` lines; empty when the database is sound."""
    lines = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if lines == ["ok"] else lines


def _connect_existing(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"no database at {path}; check the path (STUDYBOT_DB or --db)")
    mode = "ro" if readonly else "rw"
    try:
        return sqlite3.connect(f"file:{path.resolve()}?mode={mode}", uri=True, timeout=10,
                               isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be opened as SQLite: {exc}") from exc


def backup(db_path: Path, dest: Path) -> CopyResult:
    """Copy the database at `db_path` to `dest` while it may be in use; returns what was written."""
    dest = Path(dest)
    if dest.resolve() == Path(db_path).resolve():
        raise StoreError("the backup path is the database itself; choose another file")
    if dest.is_dir():
        raise StoreError(f"{dest} is a directory; name the backup file, e.g. {dest / 'studybot-backup.db'}")
    make_folder(dest.parent)
    started = time.monotonic()
    tmp = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)
    src = _connect_existing(Path(db_path))
    try:
        out = sqlite3.connect(tmp, isolation_level=None)
        try:
            src.backup(out)  # pages=-1: one step, so one consistent snapshot
            out.execute("PRAGMA journal_mode=DELETE")
            problems = integrity_problems(out)
            pages = out.execute("PRAGMA page_count").fetchone()[0]
        finally:
            out.close()
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"backup of {db_path} failed: {exc}") from exc
    finally:
        src.close()
    if problems:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            f"the copy failed PRAGMA integrity_check ({problems[0]}); the database may be damaged"
        )
    os.replace(tmp, dest)
    return CopyResult(dest, dest.stat().st_size, pages, time.monotonic() - started)


@contextlib.contextmanager
def exclusive(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection holding SQLite's exclusive lock on `db_path`; DatabaseInUse when anyone has it open."""
    conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            # Taking a write lock once makes an EXCLUSIVE-mode connection keep it until closed.
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise DatabaseInUse(
                f"{db_path} is in use (a running studybot or another program has it open): {exc}. "
                "Stop the bot first (e.g. `docker compose stop studybot`) and run the restore again."
            ) from exc
        yield conn
    finally:
        conn.close()


def in_use(db_path: Path) -> bool:
    """True when another connection has the database open (restore would refuse)."""
    if not Path(db_path).is_file():
        return False
    try:
        with exclusive(db_path):
            return False
    except DatabaseInUse:
        return True


def restore(backup_path: Path, db_path: Path, required_table: str | None = None) -> CopyResult:
    """Replace the database at `db_path` with `backup_path`; refuses while the database is live.

    `required_table` names a table a studybot database must have (the migrations table), so a
    random SQLite file is not restored by mistake.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    if backup_path.resolve() == db_path.resolve():
        raise StoreError("the backup is the database itself; nothing to restore")
    started = time.monotonic()
    src = _connect_existing(backup_path, readonly=True)
    try:
        try:
            problems = integrity_problems(src)
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{backup_path} is not a SQLite database: {exc}") from exc
        if problems:
            raise StoreError(f"{backup_path} fails PRAGMA integrity_check ({problems[0]}); not restored")
        if required_table and required_table not in tables:
            raise StoreError(
                f"{backup_path} is not a studybot database (no {required_table} table); not restored"
            )
        existed = db_path.is_file() and db_path.stat().st_size > 0
        prepare_database(db_path)
        with exclusive(db_path) as live:
            saved = None
            if existed:
                saved = db_path.with_name(db_path.name + ".pre-restore.db")
                saved.unlink(missing_ok=True)
                create_private_file(saved)
                keep = sqlite3.connect(saved, isolation_level=None)
                try:
                    live.backup(keep)
                    keep.execute("PRAGMA journal_mode=DELETE")
                finally:
                    keep.close()
            src.backup(live)
            live.execute("PRAGMA journal_mode=WAL")
            pages = live.execute("PRAGMA page_count").fetchone()[0]
    finally:
        src.close()
    return CopyResult(db_path, db_path.stat().st_size, pages, time.monotonic() - started, saved)
