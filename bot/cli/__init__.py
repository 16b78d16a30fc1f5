"""The `studybot` command line: one sub-command module per area, each with `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import SettingsError

# Each module adds its sub-commands; the parsed namespace carries `func(args) -> int`.
COMMAND_MODULES = (
    "bot.cli.run",
    "bot.cli.console",
    "bot.cli.doctor",
    "bot.cli.health",
    "bot.cli.export",
    "bot.cli.regrade",
    "bot.cli.content",
    "bot.cli.db",
    "bot.cli.slack",
    "bot.cli.discord",
    "bot.cli.grade",
    "bot.cli.dashboard",
    "bot.cli.i18n",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studybot",
        description="Daily study questions with fair grading, streaks and leaderboards.",
    )
    parser.add_argument("--version", action="version", version=f"studybot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:  # one line per bad value, no traceback
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
