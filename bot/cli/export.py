"""`studybot export`: answers, standings or streaks as CSV, filtered by channel, cohort and dates."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import environment, parse_settings
from bot.core.errors import StudybotError
from bot.core.export import StreakRow, answers_csv, standings_csv, streaks_csv
from bot.core.models import ChannelRef, MemberRef, Standing
from bot.core.ports import AnswerRow, Store
from bot.core.scoring import rank_standings
from bot.database_url import DatabaseTarget, parse_target
from bot.store import open_store
from bot.store.backends import require_existing


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` option value; argparse shows the message when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write answers, standings or streaks as CSV")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default $STUDYBOT_DB)")
    p.add_argument("--what", choices=("answers", "standings", "streaks"), default="answers",
                   help="what to export (default answers)")
    p.add_argument("--channel", help="only this channel id (Discord channel or Slack channel id)")
    p.add_argument("--cohort", help="only members of this cohort")
    p.add_argument("--since", type=parse_day, help="from this date, inclusive (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=parse_day, help="up to this date, inclusive (YYYY-MM-DD, UTC)")
    p.add_argument("--no-text", action="store_true", help="leave the members' answer text out")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=run)


@dataclass(frozen=True)
class Selection:
    """The answers an export covers."""

    channel: str | None = None
    cohort: str | None = None
    since: date | None = None
    until: date | None = None


async def select_answers(store: Store, sel: Selection) -> list[AnswerRow]:
    """Stored answers matching the selection, oldest first."""
    since = datetime.combine(sel.since, time(), UTC) if sel.since else None
    until = datetime.combine(sel.until + timedelta(days=1), time(), UTC) if sel.until else None
    rows = [r async for r in store.iter_answers(cohort=sel.cohort, since=since, until=until)]
    if sel.channel is not None:
        rows = [r for r in rows if r.channel is not None and r.channel.channel_id == sel.channel]
    return rows


def _member_key(m: MemberRef) -> tuple[str, str, str]:
    return (m.platform.value, m.community_id, m.user_id)


async def streak_rows(store: Store, rows: list[AnswerRow], now: datetime) -> list[StreakRow]:
    """Each member's streak in each channel they answered a daily round in, as of today there."""
    pairs: dict[tuple, tuple[ChannelRef, MemberRef]] = {}
    for r in rows:
        if r.channel is not None and r.round_id is not None:
            key = (r.channel.platform, r.channel.community_id, r.channel.channel_id, _member_key(r.member))
            pairs[key] = (r.channel, r.member)  # the latest display names win
    out = []
    for channel, member in pairs.values():
        schedule = await store.get_schedule(channel)
        today = now.astimezone(ZoneInfo(schedule.tz if schedule else "UTC")).date()
        out.append(StreakRow(channel, member, await store.member_streak(channel, member, today), today))
    return sorted(out, key=lambda s: (s.channel.channel_id, -s.streak.current, s.member.name))


def standings(rows: list[AnswerRow], streaks: list[StreakRow]) -> list[Standing]:
    """Members ranked by points of their counted answers; ties share a rank."""
    totals: dict[tuple, list] = {}
    for r in rows:
        if not r.counted:
            continue
        entry = totals.setdefault(_member_key(r.member), [r.member, 0, 0, 0])
        entry[0] = r.member
        entry[1] += r.points
        entry[2] += 1
        entry[3] += r.verdict == "correct"
    best_streak: dict[tuple, int] = {}
    for s in streaks:
        key = _member_key(s.member)
        best_streak[key] = max(best_streak.get(key, 0), s.streak.current)
    unranked = [
        Standing(0, member, points, answers, correct, best_streak.get(key, 0))
        for key, (member, points, answers, correct) in sorted(totals.items(), key=lambda kv: kv[1][0].name)
    ]
    return rank_standings(unranked)


async def build_csv(
    store: Store, what: str, sel: Selection, include_text: bool, now: datetime
) -> tuple[str, int]:
    """The CSV text and its number of data rows."""
    rows = await select_answers(store, sel)
    if what == "answers":
        return answers_csv(rows, include_text=include_text), len(rows)
    streaks = await streak_rows(store, rows, now)
    if what == "streaks":
        return streaks_csv(streaks), len(streaks)
    table = standings(rows, streaks)
    return standings_csv(table, period="selection", cohort=sel.cohort), len(table)


async def _export(db_path: DatabaseTarget, args: argparse.Namespace) -> tuple[str, int]:
    store = await open_store(db_path)
    try:
        sel = Selection(args.channel, args.cohort, args.since, args.until)
        return await build_csv(store, args.what, sel, not args.no_text, datetime.now(UTC))
    finally:
        await store.close()


def run(args: argparse.Namespace) -> int:
    settings, _ = parse_settings(environment())
    if args.since and args.until and args.since > args.until:
        print(f"studybot export: --since {args.since} is after --until {args.until}", file=sys.stderr)
        return 2
    try:
        db = require_existing(parse_target(args.db) if args.db else settings.database)
        text, count = asyncio.run(_export(db, args))
    except StudybotError as exc:
        print(f"studybot export: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {count} {args.what} row(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
