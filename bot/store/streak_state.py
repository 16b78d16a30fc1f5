"""The stored streak fold per (channel, member) and how it is brought up to date.

`member_streaks` holds the fold of a member's *settled* rounds in a channel (every posted round up
to `settled_through` is answered or closed). Reading a streak folds only the rounds after that date,
so the cost does not grow with history. When an answer lands on a round at or before the settled
date (a late count) or an older round is claimed, the fold restarts from the channel's history.
The queries are shared by the writer (plain sqlite3, inside a transaction) and the reader (async).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from typing import Any

from bot.core.models import StreakState, TodayStatus
from bot.core.streaks import RoundMark, StreakCounters, StreakProgress, advance, to_state, today_status
from bot.store.db import Database

Answering = tuple[int, date] | None  # (round id, local date) of an answer counted right now

STATE_SQL = (
    "SELECT current, longest, freezes, run, settled_through FROM member_streaks "
    "WHERE channel = ? AND member = ?"
)
ROUNDS_SQL = """
SELECT r.id, r.local_date, r.status,
       EXISTS (SELECT 1 FROM answers a WHERE a.member = ? AND a.round = r.id AND a.counted = 1)
FROM rounds r
WHERE r.channel = ? AND r.local_date > ? AND r.status <> 'skipped'
ORDER BY r.local_date
"""
TODAY_SQL = (
    "SELECT r.status, EXISTS (SELECT 1 FROM answers a WHERE a.member = ? AND a.round = r.id "
    "AND a.counted = 1) FROM rounds r WHERE r.channel = ? AND r.local_date = ?"
)
# Every stored fold of the given members with the rounds after its settled date, in one query.
BEST_SQL = """
SELECT s.member, s.channel, s.current, s.longest, s.freezes, s.run, s.settled_through,
       r.id, r.local_date, r.status,
       EXISTS (SELECT 1 FROM answers a WHERE a.member = s.member AND a.round = r.id AND a.counted = 1)
FROM member_streaks s
LEFT JOIN rounds r ON r.channel = s.channel AND r.local_date > COALESCE(s.settled_through, '')
     AND r.status <> 'skipped'
WHERE s.member IN ({marks})
ORDER BY s.member, s.channel, r.local_date
"""
SAVE_SQL = (
    "INSERT INTO member_streaks (channel, member, current, longest, freezes, run, settled_through) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, member) DO UPDATE SET "
    "current = excluded.current, longest = excluded.longest, freezes = excluded.freezes, "
    "run = excluded.run, settled_through = excluded.settled_through"
)


def _start(rows: Sequence[Any], answering: Answering) -> tuple[StreakCounters, date | None]:
    if not rows:
        return StreakCounters(), None
    current, longest, freezes, run, settled = rows[0]
    through = None if settled is None else date.fromisoformat(settled)
    if answering is not None and through is not None and answering[1] <= through:
        return StreakCounters(), None
    return StreakCounters(current, longest, freezes, run), through


def _marks(rows: Sequence[Any], answering: Answering) -> list[RoundMark]:
    return [
        RoundMark(
            local_date=date.fromisoformat(local_date),
            closed=status == "closed",
            answered=bool(answered) or (answering is not None and rid == answering[0]),
        )
        for rid, local_date, status, answered in rows
    ]


def _today(rows: Sequence[Any], today: date) -> TodayStatus:
    if not rows or rows[0][0] == "skipped":
        return TodayStatus.NOT_SCHEDULED
    status, answered = rows[0]
    return today_status([RoundMark(today, status == "closed", bool(answered))], today)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def progress(
    conn: sqlite3.Connection, channel_id: int, member_id: int, answering: Answering = None
) -> tuple[StreakProgress, list[RoundMark]]:
    """Inside a transaction: fold the unsettled rounds onto the stored fold; returns the marks too."""
    start, through = _start(conn.execute(STATE_SQL, (channel_id, member_id)).fetchall(), answering)
    marks = _marks(conn.execute(ROUNDS_SQL, (member_id, channel_id, _iso(through))).fetchall(), answering)
    return advance(start, through, marks), marks


def status_on(
    conn: sqlite3.Connection, channel_id: int, member_id: int, today: date, marks: Sequence[RoundMark]
) -> TodayStatus:
    """Inside a transaction: today's status (looked up when the day is already settled)."""
    if any(m.local_date == today for m in marks):
        return today_status(marks, today)
    return _today(conn.execute(TODAY_SQL, (member_id, channel_id, today.isoformat())).fetchall(), today)


def save(conn: sqlite3.Connection, channel_id: int, member_id: int, done: StreakProgress) -> None:
    """Inside a transaction: persist the settled part of a fold."""
    c = done.settled
    conn.execute(
        SAVE_SQL,
        (channel_id, member_id, c.current, c.longest, c.freezes, c.run, _iso(done.settled_through) or None),
    )


async def read_progress(db: Database, channel_id: int, member_id: int) -> tuple[StreakProgress, list]:
    """From committed data: the same fold as `progress`, without saving it."""
    start, through = _start(await db.fetchall(STATE_SQL, (channel_id, member_id)), None)
    marks = _marks(await db.fetchall(ROUNDS_SQL, (member_id, channel_id, _iso(through))), None)
    return advance(start, through, marks), marks


async def best_streaks(db: Database, member_ids: Iterable[int]) -> dict[int, int]:
    """From committed data: each member's highest current streak over the channels they answered in."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    rows = await db.fetchall(BEST_SQL.format(marks=",".join("?" * len(ids))), ids)
    best = dict.fromkeys(ids, 0)
    for (member, _), group in groupby(rows, key=lambda r: (r[0], r[1])):
        folded = list(group)
        start, through = _start([folded[0][2:7]], None)
        marks = _marks([r[7:] for r in folded if r[7] is not None], None)
        best[member] = max(best[member], advance(start, through, marks).view.current)
    return best


async def read_state(db: Database, channel_id: int, member_id: int, today: date) -> StreakState:
    """From committed data: the member's streak in the channel as of now, with today's status."""
    done, marks = await read_progress(db, channel_id, member_id)
    if any(m.local_date == today for m in marks):
        status = today_status(marks, today)
    else:
        status = _today(await db.fetchall(TODAY_SQL, (member_id, channel_id, today.isoformat())), today)
    return to_state(done.view, status)
