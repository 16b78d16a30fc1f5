"""`studybot run`: start the bot with every frontend whose tokens are set."""

from __future__ import annotations

import argparse

from bot.config import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the bot (the console when no tokens are set)")
    p.add_argument("--db", help="SQLite database file (default $STUDYBOT_DB or ./data/studybot.db)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    print("studybot: frontends and the variables that enable them")
    print(f"  console  always available (database {args.db or settings.db_path})")
    print(f"  discord  DISCORD_TOKEN {'set' if settings.discord_enabled else 'not set'}")
    print(f"  slack    SLACK_BOT_TOKEN or SLACK_CLIENT_ID+SLACK_CLIENT_SECRET "
          f"{'set' if settings.slack_enabled else 'not set'}")
    return 0
