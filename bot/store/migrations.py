"""Numbered, forward-only SQL migrations applied in order, each in one transaction, with checksums.

Files are `bot/migrations/NNNN_name.sql`: package data, so an installed wheel carries them. Every
applied file is recorded in `schema_migrations` with the sha256 of its bytes. The runner refuses
(StoreError) when an applied file changed or disappeared, or when the database has migrations this
code does not know (a newer database).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core.errors import StoreError
from bot.store.db import apply_durability
from bot.store.file_modes import prepare_database

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"  # bot/migrations, inside the package
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

LEDGER_SQL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str
    sha256: str


@dataclass(frozen=True)
class MigrationStatus:
    """What is applied to a database and what is waiting."""

    applied: list[tuple[int, str, str]]  # (version, name, applied_at)
    pending: list[Migration]


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration file in `directory`, ordered by number."""
    if not directory.is_dir():
        raise StoreError(f"The migrations folder {directory} is missing; reinstall studybot.")
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise StoreError(f"Migration file {path.name} must be named like 0001_short_name.sql.")
        version = int(match.group(1))
        if version in found:
            raise StoreError(f"Two migration files share number {version:04d}: rename one of them.")
        data = path.read_bytes()
        found[version] = Migration(version, path.name, data.decode("utf-8"), hashlib.sha256(data).hexdigest())
    return [found[v] for v in sorted(found)]


def _applied(conn: sqlite3.Connection) -> dict[int, tuple[str, str, str]]:
    rows = conn.execute("SELECT version, name, sha256, applied_at FROM schema_migrations").fetchall()
    return {int(v): (n, s, a) for v, n, s, a in rows}


def check_applied(applied: dict[int, tuple[str, str, str]], known: list[Migration]) -> list[Migration]:
    """Raise when the database and the files disagree; return the pending migrations."""
    by_version = {m.version: m for m in known}
    unknown = sorted(v for v in applied if v not in by_version)
    if unknown:
        names = ", ".join(applied[v][0] for v in unknown)
        raise StoreError(
            f"The database has migrations this version of studybot does not know ({names}): "
            "it was used by a newer studybot. Upgrade studybot or use a backup of the database."
        )
    for version, (name, digest, _) in applied.items():
        if by_version[version].sha256 != digest:
            raise StoreError(
                f"Migration {name} was changed after it was applied to this database. "
                "Restore the original file and add a new numbered migration instead."
            )
    return [m for m in known if m.version not in applied]


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection in autocommit mode with the pragmas the store relies on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    apply_durability(conn)
    return conn


def status(path: Path, directory: Path = MIGRATIONS_DIR) -> MigrationStatus:
    """Applied and pending migrations of the database at `path` (raises on a mismatch)."""
    known = discover(directory)
    if not path.exists():
        return MigrationStatus([], known)
    conn = _open_existing(path)
    try:
        conn.execute(LEDGER_SQL)
        applied = _applied(conn)
        pending = check_applied(applied, known)
    finally:
        conn.close()
    rows = [(v, applied[v][0], applied[v][2]) for v in sorted(applied)]
    return MigrationStatus(rows, pending)


def _open_existing(path: Path) -> sqlite3.Connection:
    try:
        return connect(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Cannot open the database {path}: {exc}. Check the path and the file.") from exc


def migrate(path: Path, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; return those applied now.

    A new database and folder are created owner-only; existing database files are made owner-only.
    """
    known = discover(directory)
    prepare_database(path)
    conn = _open_existing(path)
    done: list[Migration] = []
    try:
        conn.execute(LEDGER_SQL)
        for migration in check_applied(_applied(conn), known):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have applied it while we waited for the write lock.
                if migration.version in _applied(conn):
                    conn.execute("ROLLBACK")
                    continue
                for statement in _statements(migration.sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)",
                    (migration.version, migration.name, migration.sha256, datetime.now(UTC).isoformat()),
                )
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                conn.execute("ROLLBACK")
                raise StoreError(f"Migration {migration.name} failed and was rolled back: {exc}") from exc
            done.append(migration)
        check_applied(_applied(conn), known)
    finally:
        conn.close()
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration into complete statements (comments and blank text dropped)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(x.strip().startswith("--") for x in buffer.splitlines() if x.strip()):
        raise StoreError("A migration ends with an incomplete SQL statement; add the missing ';'.")
    return statements
