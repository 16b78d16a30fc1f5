"""`studybot db copy`: a SQLite database into an empty PostgreSQL one, in one transaction, verified.

The copy knows no table by name: it takes every table of the SQLite schema (its migrations' ledger
aside), orders them so a table comes after the tables its foreign keys point at (on either side), and
requires the PostgreSQL schema, made by `bot/migrations/postgres/`, to have the same tables and
columns; a table or column on one side only stops it before anything is written. Rows go over with
COPY, each value converted to the PostgreSQL column's type (NUL in text becomes U+FFFD, as the store
does).

The source is read in one read transaction (a consistent snapshot even while a bot writes to it) and
never changed. On the target, the migrations run first (each in its own transaction, as `db migrate`
does); then one transaction locks every table, checks they are empty, copies, advances each identity
column's sequence past the copied ids, compares the row count of every table and the answers' totals
(counted answers and points per member) with the source, and checks that the secret key the bot will
use on PostgreSQL reads the copied Slack tokens. Any failure rolls that transaction back: the target
keeps its empty schema and the copy can simply run again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bot.core.errors import StoreError
from bot.database_url import PostgresUrl
from bot.secret_key import ENV_NAME, KeySource, SecretKeyError
from bot.store.migrations import MIGRATIONS_DIR, check_applied, discover
from bot.store.postgres import migrations as pg_migrations
from bot.store.postgres.connection import NUL_STAND_IN, PgConnection, connect
from bot.store.token_rows import encrypt_rows

BATCH = 5000
LEDGER = "schema_migrations"  # each backend keeps its own; never copied
INTEGER_TYPES = {"int2", "int4", "int8"}
FLOAT_TYPES = {"float4", "float8", "numeric"}
TOTALS_SQL = (
    "SELECT member, SUM(points), COUNT(*) FROM answers WHERE counted = 1 GROUP BY member ORDER BY member"
)


@dataclass
class CopyReport:
    """What `copy_database` did, for the summary it prints."""

    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied, in copy order
    sequences: list[str] = field(default_factory=list)  # "table.column" identity columns advanced
    members_with_points: int = 0
    counted_answers: int = 0
    points: int = 0
    replaced_nul: int = 0
    migrations_applied: int = 0
    tokens_checked: bool = False
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class CopyError(StoreError):
    """The copy was refused or failed; nothing was written to the target's tables."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- the source --------------------------------------------------------------------------------------


def open_source(path: Path) -> sqlite3.Connection:
    """A read-only connection to an up-to-date studybot SQLite database (CopyError otherwise)."""
    if not path.is_file():
        raise CopyError(f"There is no SQLite database at {path}; give the bot's database file with --from.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.execute("BEGIN")  # one snapshot for the whole copy, even while a bot writes
        has_ledger = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (LEDGER,)
        ).fetchone()
        ledger = f"SELECT version, name, sha256, applied_at FROM {LEDGER}"
        rows = conn.execute(ledger).fetchall() if has_ledger else []
    except sqlite3.DatabaseError as exc:
        raise CopyError(f"{path} cannot be read as a SQLite database ({exc}); check --from.") from exc
    if not has_ledger:
        conn.close()
        raise CopyError(f"{path} is not a studybot database (it has no {LEDGER} table); check --from.")
    pending = check_applied({int(v): (n, s, a) for v, n, s, a in rows}, discover(MIGRATIONS_DIR))
    if pending:
        conn.close()
        names = ", ".join(m.name for m in pending)
        raise CopyError(
            f"{path} is not up to date (pending: {names}); run `studybot db migrate --db {path}` first, "
            "then copy again."
        )
    return conn


def source_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table of the SQLite schema but the migrations' ledger: name -> column names in order."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? "
            "ORDER BY name",
            (LEDGER,),
        )
    ]
    return {name: [r[1] for r in conn.execute(f"PRAGMA table_info({_quoted(name)})")] for name in names}


def source_references(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, set[str]]:
    """table -> the tables its foreign keys point at, in the SQLite schema."""
    return {t: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({_quoted(t)})")} for t in tables}


# -- the target --------------------------------------------------------------------------------------


def target_tables(conn: psycopg.Connection) -> dict[str, dict[str, str]]:
    """Every table of the current schema but the ledger: name -> {column: type name}."""
    rows = conn.execute(
        "SELECT c.table_name, c.column_name, c.udt_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> %s "
        "ORDER BY c.table_name, c.ordinal_position",
        (LEDGER,),
    ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        found.setdefault(table, {})[column] = kind
    return found


def target_references(conn: psycopg.Connection) -> dict[str, set[str]]:
    """table -> the tables its foreign keys point at, in the current PostgreSQL schema."""
    rows = conn.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = current_schema()"
    ).fetchall()
    found: dict[str, set[str]] = {}
    for table, parent in rows:
        found.setdefault(table.split(".")[-1].strip('"'), set()).add(parent.split(".")[-1].strip('"'))
    return found


def foreign_key_order(tables: Iterable[str], references: dict[str, set[str]]) -> list[str]:
    """`tables` with every table after the tables it references (self-references aside), by name
    where the keys leave a choice; CopyError on a cycle."""
    names = set(tables)
    left = {t: {p for p in references.get(t, set()) if p in names and p != t} for t in names}
    order: list[str] = []
    while left:
        ready = sorted(t for t, parents in left.items() if not parents & set(left))
        if not ready:
            raise CopyError(f"The foreign keys of {', '.join(sorted(left))} form a cycle; nothing copied.")
        for t in ready:
            order.append(t)
            del left[t]
    return order


def compare_schemas(source: dict[str, list[str]], target: dict[str, dict[str, str]]) -> None:
    """CopyError naming every table or column found on one side only."""
    problems = [f"table {t} is only in the SQLite database" for t in sorted(set(source) - set(target))]
    problems += [f"table {t} is only in the PostgreSQL schema" for t in sorted(set(target) - set(source))]
    for table in sorted(set(source) & set(target)):
        only_source = [c for c in source[table] if c not in target[table]]
        only_target = [c for c in target[table] if c not in source[table]]
        problems += [f"column {table}.{c} is only in the SQLite database" for c in only_source]
        problems += [f"column {table}.{c} is only in the PostgreSQL schema" for c in only_target]
    if problems:
        raise CopyError(
            "The SQLite and PostgreSQL schemas differ: " + "; ".join(problems) + ". Each schema change "
            "needs a migration in bot/migrations/ and in bot/migrations/postgres/; nothing was copied."
        )


def _converter(kind: str, report: CopyReport) -> Callable[[Any], Any]:
    """A function turning a SQLite value into one PostgreSQL's column of type `kind` takes."""
    if kind in INTEGER_TYPES:
        return lambda v: int(v) if isinstance(v, float) and v.is_integer() else v
    if kind in FLOAT_TYPES:
        return lambda v: float(v) if isinstance(v, int) else v
    if kind in ("text", "varchar", "bpchar"):

        def text(v: Any) -> Any:
            if v is None or (isinstance(v, str) and "\x00" not in v):
                return v
            value = v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            if "\x00" in value:
                report.replaced_nul += 1
                value = value.replace("\x00", NUL_STAND_IN)
            return value

        return text
    return lambda v: v


def copy_table(
    source: sqlite3.Connection, target: psycopg.Connection, table: str, columns: dict[str, str],
    report: CopyReport,
) -> int:
    """COPY every row of `table` from SQLite into PostgreSQL; the number of rows copied."""
    names = list(columns)
    convert = [_converter(columns[c], report) for c in names]
    select = f"SELECT {', '.join(_quoted(c) for c in names)} FROM {_quoted(table)} ORDER BY rowid"
    try:
        cursor = source.execute(select)
    except sqlite3.OperationalError:  # a WITHOUT ROWID table
        cursor = source.execute(select.rsplit(" ORDER BY", 1)[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in names)
    )
    copied = 0
    with target.cursor().copy(statement) as copy:
        copy.set_types([columns[c] for c in names])
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                copy.write_row([f(v) for f, v in zip(convert, row, strict=True)])
            copied += len(batch)
    return copied


def advance_sequences(target: psycopg.Connection, tables: dict[str, dict[str, str]]) -> list[str]:
    """Set each identity or serial column's sequence past the largest copied id; the columns done."""
    done = []
    for table in sorted(tables):
        for column in tables[table]:
            row = target.execute(
                "SELECT pg_get_serial_sequence(%s, %s)", (_quoted(table), column)
            ).fetchone()
            if row is None or row[0] is None:
                continue
            target.execute(
                sql.SQL("SELECT setval(%s, COALESCE((SELECT max({}) FROM {}), 0) + 1, false)").format(
                    sql.Identifier(column), sql.Identifier(table)
                ),
                (row[0],),
            )
            done.append(f"{table}.{column}")
    return done


def _count(conn: Any, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchone()[0])


def verify(source: sqlite3.Connection, target: psycopg.Connection, report: CopyReport) -> None:
    """Compare every table's row count and the answers' totals per member; CopyError on a difference."""
    differ = []
    for table, copied in report.rows.items():
        in_source, in_target = _count(source, table), _count(target, table)
        if not in_source == in_target == copied:
            differ.append(f"{table}: {in_source} in SQLite, {copied} copied, {in_target} in PostgreSQL")
    if differ:
        raise CopyError("Row counts differ after the copy (" + "; ".join(differ) + "); it was rolled back.")
    if "answers" not in report.rows:
        return
    theirs = [tuple(int(x) for x in r) for r in source.execute(TOTALS_SQL).fetchall()]
    ours = [tuple(int(x) for x in r) for r in target.execute(TOTALS_SQL).fetchall()]
    if theirs != ours:
        raise CopyError(
            "The counted answers or points per member differ between SQLite and PostgreSQL after the "
            "copy; it was rolled back."
        )
    report.members_with_points = len(ours)
    report.counted_answers = sum(r[2] for r in ours)
    report.points = sum(r[1] for r in ours)


def check_keys(target: psycopg.Connection, keys: KeySource, source_keys: KeySource, source: Path) -> bool:
    """Check that `keys` (what the bot on PostgreSQL will use) reads the copied Slack tokens, and
    encrypt any still in plain text; True when there were tokens to check."""
    has_tokens = target.execute(
        "SELECT EXISTS (SELECT 1 FROM secret_key_check) OR EXISTS (SELECT 1 FROM installations)"
    ).fetchone()[0]
    try:
        encrypt_rows(PgConnection(target), keys)  # type: ignore[arg-type]
    except SecretKeyError as exc:
        origin = source_keys.describe if source_keys.env_key else str(source_keys.key_file)
        raise CopyError(
            f"The Slack tokens in {source} are encrypted with the key from {origin}, but the bot on "
            f"PostgreSQL would read its key from {keys.describe}, which cannot decrypt them ({exc}). Set "
            f"{ENV_NAME} to the key in {origin} (in every bot process too) and copy again; nothing was "
            "copied."
        ) from exc
    return bool(has_tokens)


def _refuse_foreign_tables(url: PostgresUrl) -> None:
    """CopyError when the target holds tables but no studybot ledger (someone else's database)."""
    with connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )]
    if tables and LEDGER not in tables:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise CopyError(
            f"{url.describe} is not empty: it holds tables that are not studybot's ({shown}). Copy into a "
            "new database (createdb studybot) or another schema; nothing was written."
        )


def _refuse_rows(conn: psycopg.Connection, url: PostgresUrl, tables: Iterable[str]) -> None:
    filled = [(t, _count(conn, t)) for t in sorted(tables)]
    filled = [(t, n) for t, n in filled if n]
    if filled:
        shown = ", ".join(f"{n} in {t}" for t, n in filled[:5]) + (" ..." if len(filled) > 5 else "")
        raise CopyError(
            f"{url.describe} is not empty: it already holds studybot rows ({shown}). `db copy` only fills an "
            "empty database, so nothing is merged or overwritten: copy into a new database (createdb) or "
            "drop this one's tables first if they are not needed (back it up with pg_dump before)."
        )


def copy_database(source: Path, url: PostgresUrl, keys: KeySource, source_keys: KeySource) -> CopyReport:
    """Copy the SQLite database at `source` into the empty PostgreSQL database `url` (see the module)."""
    started = time.perf_counter()
    report = CopyReport()
    src = open_source(source)
    try:
        tables = source_tables(src)
        _refuse_foreign_tables(url)
        report.migrations_applied = len(pg_migrations.migrate(url))
        with connect(url) as target:
            try:
                with target.transaction():
                    found = target_tables(target)
                    target.execute(
                        sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(
                            sql.SQL(", ").join(sql.Identifier(t) for t in sorted(found))
                        )
                    )
                    _refuse_rows(target, url, found)
                    compare_schemas(tables, found)
                    references = source_references(src, tables)
                    for table, parents in target_references(target).items():
                        references.setdefault(table, set()).update(parents)
                    for table in foreign_key_order(tables, references):
                        report.rows[table] = copy_table(src, target, table, found[table], report)
                    report.sequences = advance_sequences(target, found)
                    verify(src, target, report)
                    report.tokens_checked = check_keys(target, keys, source_keys, source)
            except psycopg.Error as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise CopyError(
                    f"Copying into {url.describe} failed and was rolled back ({reason}); nothing was "
                    "written. Fix the cause and run the copy again."
                ) from exc
    finally:
        src.close()
    report.seconds = time.perf_counter() - started
    return report
