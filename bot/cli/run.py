"""`studybot run`: the scheduler and every frontend whose tokens are set, or the console when none are."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import environment, load_settings
from bot.core.errors import StudybotError
from bot.database_url import parse_target


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="start the bot (Discord/Slack when their tokens are set, else the console)",
        description="Start the scheduler and every frontend whose tokens are set, in one process. "
        "With no DISCORD_TOKEN or SLACK_* tokens it starts the console. Stops cleanly on Ctrl-C "
        "or SIGTERM.",
    )
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default $STUDYBOT_DB or data/studybot.db)")
    p.add_argument("--discord-shards", metavar="IDS",
                   help="Discord shard ids this process runs, e.g. 0-3 or 0,2,4-6 (default $DISCORD_SHARDS; "
                   "needs --shard-count)")
    p.add_argument("--shard-count", type=int, metavar="N",
                   help="total Discord shards across every process (default $DISCORD_SHARD_COUNT)")
    p.set_defaults(func=run)


def with_shards(env: dict[str, str], args: argparse.Namespace) -> dict[str, str]:
    """The environment with --discord-shards / --shard-count in place of their variables."""
    if args.discord_shards is not None:
        env["DISCORD_SHARDS"] = args.discord_shards
    if args.shard_count is not None:
        env["DISCORD_SHARD_COUNT"] = str(args.shard_count)
    return env


def run(args: argparse.Namespace) -> int:
    """Load settings, configure logging and run until stopped."""
    from bot.app import run_bot
    from bot.logs import configure_logging

    try:
        settings = load_settings(with_shards(environment(), args))
        configure_logging(settings.log_level, settings.log_format, settings.secrets())
        return asyncio.run(run_bot(settings, parse_target(args.db) if args.db else settings.database))
    except StudybotError as err:
        print(f"studybot: {err}", file=sys.stderr)
        for problem in getattr(err, "problems", None) or ():
            if str(problem) not in str(err):  # settings errors already list theirs
                print(f"  {problem}", file=sys.stderr)
        return 1
