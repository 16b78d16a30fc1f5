"""`studybot console`: the bot in a terminal on a simulated clock; `--json` for scripts and tests."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.config import load_settings
from bot.core.errors import StudybotError
from bot.database_url import parse_target


def _instant(value: str) -> datetime:
    try:
        instant = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time; use e.g. 2026-03-02T09:00+01:00 or 2026-03-02T08:00Z"
        ) from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no offset; add one, e.g. {value}Z or {value}+01:00")
    return instant


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "console",
        help="try the bot in a terminal (member `you`, channel `general`, movable clock)",
        description="The same commands as on Discord and Slack, in a terminal. You start as member "
        "`you` in channel `general`; /help lists commands, /clock +1d moves the simulated clock and "
        "runs what falls due. With --json every output is one JSON object per line.",
    )
    p.add_argument("--db", help="SQLite database file (default $STUDYBOT_DB or ./data/studybot.db)")
    p.add_argument("--now", type=_instant, help="start the simulated clock here (ISO 8601 with offset or Z); "
                   "not before the database's time, which is kept and resumed without --now")
    p.add_argument("--content", help="directory of content packs (default $STUDYBOT_CONTENT or bundled)")
    p.add_argument("--json", action="store_true", help="read commands from stdin, print JSON lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the console until end of input or /quit."""
    from bot.app import ConsoleOptions, run_console
    from bot.logs import configure_logging

    try:
        settings = load_settings()
        configure_logging("WARNING" if settings.log_level == "INFO" else settings.log_level,
                          settings.log_format, settings.secrets())
        options = ConsoleOptions(
            db=parse_target(args.db) if args.db else settings.database,
            content=Path(args.content) if args.content else settings.content_dir,
            now=args.now,
            json_mode=args.json,
            live=not args.json and args.now is None,
        )
        return asyncio.run(run_console(settings, options))
    except StudybotError as err:
        print(f"studybot: {err}", file=sys.stderr)
        for problem in getattr(err, "problems", None) or ():
            if str(problem) not in str(err):  # settings errors already list theirs
                print(f"  {problem}", file=sys.stderr)
        return 1
