"""`studybot db migrate|status`: apply pending migrations or list applied and pending ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import environment, load_settings, parse_settings
from bot.core.errors import StoreError, StudybotError
from bot.store import backup as backups
from bot.store import migrations


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database migrations (migrate, status), backup and restore")
    actions = p.add_subparsers(dest="db_command", metavar="ACTION")
    for name, helptext, func in (
        ("migrate", "apply pending migrations", migrate),
        ("status", "list applied and pending migrations", status),
    ):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("--db", help="SQLite database file (default $STUDYBOT_DB or ./data/studybot.db)")
        a.set_defaults(func=func)
    for name, helptext, func in (
        ("backup", "copy the database to PATH while the bot runs (SQLite online backup)", backup),
        ("restore", "replace the database with the backup at PATH (refused while the bot runs)", restore),
    ):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("file", type=Path, metavar="PATH")
        a.add_argument("--db", help="SQLite database file (default $STUDYBOT_DB or ./data/studybot.db)")
        a.set_defaults(func=func)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else load_settings().db_path


def migrate(args: argparse.Namespace) -> int:
    """Apply every pending migration, then encrypt stored tokens still in plain text."""
    from bot.secret_key import KeySource
    from bot.store.token_rows import secure_tokens

    try:
        path = _path(args)
        secret_key = parse_settings(environment())[0].secret_key
        done = migrations.migrate(path)
        encrypted = secure_tokens(path, KeySource(path, secret_key))
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
    path = _path(args)
    try:
        state = migrations.status(path)
    except StoreError as exc:
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
    path = _path(args)
    try:
        done = backups.backup(path, args.file)
    except StoreError as exc:
        print(f"studybot db backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {path} to {done.path}: {done.size_bytes} bytes, integrity ok, {done.seconds:.2f} s")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Replace the database with PATH; refused while any process has the database open."""
    path = _path(args)
    try:
        done = backups.restore(args.file, path, required_table="schema_migrations")
    except StoreError as exc:
        print(f"studybot db restore: {exc}", file=sys.stderr)
        return 1
    kept = f"; the replaced database was saved as {done.saved_previous}" if done.saved_previous else ""
    print(f"restored {path} from {args.file}{kept}")
    return 0
