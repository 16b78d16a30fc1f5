"""`studybot doctor`: checks configuration, database, secret key, file modes, content and tokens."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.cli.platform_checks import CheckResult, check_platforms
from bot.cli.storage_checks import file_mode_checks, override_checks, secret_key_check
from bot.config import environment, parse_settings, unknown_variables, validate
from bot.content.loader import load_bank
from bot.core.errors import ContentError, StoreError
from bot.database_url import DatabaseTarget, DatabaseUrlError, PostgresUrl, parse_target
from bot.store.backends import migration_status

MIN_FREE_BYTES = 100 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check configuration, database, secret key, file modes, content and tokens; 0 when all pass",
    )
    p.add_argument("--db", help="database file or postgresql:// URL (default $STUDYBOT_DB)")
    p.add_argument("--content", type=Path, help="content directory (default $STUDYBOT_CONTENT)")
    p.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for Discord and Slack (default 5)"
    )
    p.add_argument("--offline", action="store_true", help="skip asking Discord and Slack about the tokens")
    p.set_defaults(func=run)


def config_checks(env: dict[str, str]) -> list[CheckResult]:
    """The configuration row (every bad value named) plus a warning per likely-misspelt variable."""
    settings, problems = parse_settings(env)
    problems += validate(settings)
    rows = [
        CheckResult("config", "FAIL", p) for p in problems
    ] or [CheckResult("config", "ok", _frontends(settings.discord_enabled, settings.slack_enabled))]
    rows += [CheckResult("config", "warn", note) for note in unknown_variables(env)]
    return rows


def _frontends(discord: bool, slack: bool) -> str:
    names = [n for n, on in (("Discord", discord), ("Slack", slack)) if on]
    return "valid; frontends: " + (" and ".join(names) if names else "console only (no tokens set)")


def _human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def database_checks(
    db_path: Path, migration_check: Callable[[Path], CheckResult] | None = None
) -> list[CheckResult]:
    """Opens the file read-only; integrity, WAL, free disk, and (when given) the migration check."""
    if not db_path.exists():
        return [CheckResult(
            "database", "FAIL",
            f"no database at {db_path}; `studybot db migrate` or starting the bot creates it "
            "(check STUDYBOT_DB and the volume mount)",
        )]
    rows: list[CheckResult] = []
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [CheckResult("database", "FAIL", f"{db_path} cannot be read as SQLite: {exc}")]
    rows.append(CheckResult("database", "ok", f"{db_path} ({_human_bytes(db_path.stat().st_size)})"))
    if integrity == ["ok"]:
        rows.append(CheckResult("integrity", "ok", "PRAGMA integrity_check: ok"))
    else:
        shown = "; ".join(integrity[:3]) + (" ..." if len(integrity) > 3 else "")
        rows.append(CheckResult("integrity", "FAIL", f"{shown} -- restore the latest backup"))
    if mode.lower() == "wal":
        rows.append(CheckResult("wal", "ok", "journal mode: wal"))
    else:
        rows.append(CheckResult(
            "wal", "FAIL", f"journal mode is {mode}, expected wal; start the bot once to set it"
        ))
    free = shutil.disk_usage(db_path.resolve().parent).free
    status = "ok" if free >= MIN_FREE_BYTES else "FAIL"
    needed = _human_bytes(MIN_FREE_BYTES)
    rows.append(CheckResult("disk", status, f"{_human_bytes(free)} free (needs {needed})"))
    if migration_check is not None:
        rows.append(migration_check(db_path))
    return rows


def migration_check(db_path: DatabaseTarget) -> CheckResult:
    """All migration files applied and unchanged (pending ones run at start-up or `db migrate`)."""
    try:
        state = migration_status(db_path)
    except StoreError as exc:
        return CheckResult("migrations", "FAIL", str(exc))
    if state.pending:
        names = ", ".join(m.name for m in state.pending)
        hint = "run `studybot db migrate` or start the bot"
        return CheckResult("migrations", "FAIL", f"{len(state.pending)} pending ({names}); {hint}")
    latest = state.applied[-1][1] if state.applied else "none"
    return CheckResult("migrations", "ok", f"{len(state.applied)} applied, none pending (latest {latest})")


def storage_rows(target: DatabaseTarget, env_key: str | None) -> list[CheckResult]:
    """The database, migration, file and secret-key rows for a SQLite file or a PostgreSQL URL."""
    if isinstance(target, PostgresUrl):
        from bot.cli.postgres_checks import database_row, secret_key_row

        database = database_row(target)
        if database.failed:
            return [database]
        return [database, migration_check(target), secret_key_row(target, env_key)]
    return [
        *database_checks(target, migration_check),
        *file_mode_checks(target),
        secret_key_check(target, env_key),
    ]


def content_check(content_dir: Path, shown: int = 5) -> CheckResult:
    """The content lint: every pack loads; otherwise the first problems with file and line."""
    try:
        bank = load_bank([content_dir])
    except ContentError as exc:
        more = len(exc.problems) - shown
        listed = "; ".join(exc.problems[:shown]) + (f"; and {more} more" if more > 0 else "")
        return CheckResult("content", "FAIL", f"{exc}: {listed} (run `studybot content lint`)")
    questions = len(bank.questions())
    return CheckResult("content", "ok", f"{len(bank.packs)} pack(s), {questions} questions in {content_dir}")


def print_table(rows: Sequence[CheckResult], out: TextIO) -> None:
    """A fixed-width table: check, result, detail."""
    width = max([len(r.name) for r in rows] + [5])
    out.write(f"{'CHECK':<{width}}  {'RESULT':<6}  DETAIL\n")
    for r in rows:
        out.write(f"{r.name:<{width}}  {r.status:<6}  {r.detail}\n")
    failed = sum(r.failed for r in rows)
    out.write(f"\n{failed} check(s) failed\n" if failed else "\nall checks passed\n")


def run(args: argparse.Namespace) -> int:
    env = environment()
    settings, _ = parse_settings(env)
    rows = config_checks(env)
    rows += override_checks(settings)
    try:
        db_path = parse_target(args.db or (env.get("STUDYBOT_DB") or "").strip() or settings.database)
    except DatabaseUrlError as exc:
        rows.append(CheckResult("database", "FAIL", str(exc)))
    else:
        rows += storage_rows(db_path, settings.secret_key)
    rows.append(content_check(args.content or settings.content_dir))
    if args.offline:
        rows.append(CheckResult("platforms", "skip", "--offline: tokens not checked"))
    else:
        rows += asyncio.run(check_platforms(
            settings.discord_token, settings.discord_api_base,
            settings.slack_bot_token, settings.slack_api_url, args.timeout,
        ))
    print_table(rows, sys.stdout)
    return 1 if any(r.failed for r in rows) else 0
