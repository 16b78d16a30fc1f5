"""`studybot db migrate|status|backup|restore|copy`: migrations for SQLite and PostgreSQL, SQLite
copies, and moving a SQLite database into an empty PostgreSQL one (`bot.store.postgres.copy`).

PostgreSQL is backed up and restored with its own tools (`pg_dump -Fc`, `pg_restore`); see
docs/postgres.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import environment, load_settings, parse_settings
from bot.core.errors import StoreError, StudybotError
from bot.database_url import DatabaseTarget, PostgresUrl, parse_target
from bot.store import backup as backups
from bot.store.backends import migrate as migrate_target
from bot.store.backends import migration_status

DB_HELP = "SQLite file or postgresql:// URL (default $STUDYBOT_DB or ./data/studybot.db)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database migrations (migrate, status), backup and restore")
    actions = p.add_subparsers(dest="db_command", metavar="ACTION")
    for name, helptext, func in (
        ("migrate", "apply pending migrations", migrate),
        ("status", "list applied and pending migrations", status),
    ):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("--db", help=DB_HELP)
        a.set_defaults(func=func)
    for name, helptext, func in (
        ("backup", "copy the database to PATH while the bot runs (SQLite online backup)", backup),
        ("restore", "replace the database with the backup at PATH (refused while the bot runs)", restore),
    ):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("file", type=Path, metavar="PATH")
        a.add_argument("--db", help="SQLite database file (default $STUDYBOT_DB or ./data/studybot.db)")
        a.set_defaults(func=func)
    c = actions.add_parser("copy", help="copy a SQLite database into an empty PostgreSQL database")
    c.add_argument("--from", dest="source", type=Path, required=True, metavar="PATH",
                   help="the SQLite database file to copy (it is only read)")
    c.add_argument("--to", dest="target", required=True, metavar="URL",
                   help="the empty PostgreSQL database, e.g. postgresql://studybot@127.0.0.1:5432/studybot")
    c.set_defaults(func=copy)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _target(args: argparse.Namespace) -> DatabaseTarget:
    return parse_target(args.db) if args.db else load_settings().database


def _path(args: argparse.Namespace) -> Path:
    """The SQLite file for backup and restore (StoreError for PostgreSQL, which has its own tools)."""
    target = _target(args)
    if isinstance(target, PostgresUrl):
        raise StoreError(
            f"{target.describe} is PostgreSQL: back it up with `pg_dump -Fc -f studybot.dump <url>` and "
            "restore into an empty database with `pg_restore -d <url> studybot.dump` (docs/postgres.md)"
        )
    return target


def migrate(args: argparse.Namespace) -> int:
    """Apply every pending migration, then encrypt stored tokens still in plain text."""
    try:
        path = _target(args)
        secret_key = parse_settings(environment())[0].secret_key
        done, encrypted = migrate_target(path, secret_key)
    except StudybotError as exc:
        print(f"studybot db migrate: {exc}", file=sys.stderr)
        for problem in getattr(exc, "problems", None) or ():
            if str(problem) not in str(exc):
                print(f"  {problem}", file=sys.stderr)
        return 1
    if encrypted:
        print(f"{path}: encrypted {encrypted} stored installation row(s)")
    if not done:
        print(f"{path}: up to date, nothing to apply.")
    for m in done:
        print(f"{path}: applied {m.name}")
    return 0


def status(args: argparse.Namespace) -> int:
    """Print applied and pending migrations."""
    try:
        path = _target(args)
        state = migration_status(path)
    except StudybotError as exc:
        print(f"studybot db status: {exc}", file=sys.stderr)
        return 1
    print(f"database {path}")
    for _version, name, applied_at in state.applied:
        print(f"  applied  {name}  ({applied_at})")
    for m in state.pending:
        print(f"  pending  {m.name}")
    if not state.applied and not state.pending:
        print("  no migrations found")
    print(f"{len(state.applied)} applied, {len(state.pending)} pending")
    return 0


def backup(args: argparse.Namespace) -> int:
    """Copy the live database to PATH (consistent snapshot, checked, written atomically)."""
    try:
        path = _path(args)
        done = backups.backup(path, args.file)
    except StoreError as exc:
        print(f"studybot db backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {path} to {done.path}: {done.size_bytes} bytes, integrity ok, {done.seconds:.2f} s")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Replace the database with PATH; refused while any process has the database open."""
    try:
        path = _path(args)
        done = backups.restore(args.file, path, required_table="schema_migrations")
    except StoreError as exc:
        print(f"studybot db restore: {exc}", file=sys.stderr)
        return 1
    kept = f"; the replaced database was saved as {done.saved_previous}" if done.saved_previous else ""
    print(f"restored {path} from {args.file}{kept}")
    return 0


def copy(args: argparse.Namespace) -> int:
    """Copy a SQLite database into an empty PostgreSQL one and print what was copied and verified."""
    from bot.secret_key import KeySource
    from bot.store.postgres import postgres_keys
    from bot.store.postgres.copy import copy_database

    try:
        target = parse_target(args.target)
        if not isinstance(target, PostgresUrl):
            raise StoreError(
                f"--to {args.target} is not a PostgreSQL URL; write it like "
                "postgresql://studybot@127.0.0.1:5432/studybot (the database must exist and be empty)"
            )
        source = parse_target(str(args.source))
        if isinstance(source, PostgresUrl):
            raise StoreError(f"--from {source.describe} is PostgreSQL; give the SQLite database file to copy")
        env_key = parse_settings(environment())[0].secret_key
        report = copy_database(source, target, postgres_keys(target, env_key), KeySource(source, env_key))
    except StudybotError as exc:
        print(f"studybot db copy: {exc}", file=sys.stderr)
        return 1
    width = max(len(t) for t in report.rows) if report.rows else 0
    print(f"copied {source} to {target.describe}: {len(report.rows)} tables, {report.total_rows} rows "
          f"in {report.seconds:.1f} s")
    for table, rows in report.rows.items():
        print(f"  {table:<{width}}  {rows:>9}")
    print(f"verified: every table's row count matches; {report.counted_answers} counted answers and "
          f"{report.points} points over {report.members_with_points} members match")
    if report.sequences:
        print(f"ids: new rows continue after the copied ones ({len(report.sequences)} id columns advanced)")
    if report.tokens_checked:
        print("Slack tokens: the secret key the bot will use on PostgreSQL reads them")
    if report.replaced_nul:
        print(f"{report.replaced_nul} text value(s) held NUL, stored as U+FFFD (PostgreSQL text has no NUL)")
    print(f"next: set STUDYBOT_DB={target.describe} for every bot process and start them")
    return 0
