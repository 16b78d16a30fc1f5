"""The stored streak fold per (channel, member) and how it is brought up to date.

`member_streaks` holds the fold of a member's *settled* rounds in a channel (every posted round up
to `settled_through` is answered or closed). Reading a streak folds only the rounds after that date,
so the cost does not grow with history. When an answer lands on a round at or before the settled
date (a late count) or an older round is claimed, the fold restarts from the channel's history.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from bot.core.models import StreakState, TodayStatus
from bot.core.streaks import RoundMark, StreakCounters, StreakProgress, advance, to_state, today_status

Fetch = Callable[[str, Sequence[Any]], Awaitable[list[Any]]]

_ROUNDS_AFTER = """
SELECT r.id, r.local_date, r.status,
       EXISTS (SELECT 1 FROM answers a WHERE a.member = ? AND a.round = r.id AND a.counted = 1)
FROM rounds r
WHERE r.channel = ? AND r.local_date > ? AND r.status <> 'skipped'
ORDER BY r.local_date
"""


async def progress(
    fetch: Fetch,
    channel_id: int,
    member_id: int,
    answering: tuple[int, date] | None = None,
) -> tuple[StreakProgress, list[RoundMark]]:
    """Fold the member's unsettled rounds onto the stored fold.

    `answering` is (round id, local date) of an answer being counted in the current transaction.
    Returns the progress and the marks that were folded.
    """
    rows = await fetch(
        "SELECT current, longest, freezes, run, settled_through FROM member_streaks "
        "WHERE channel = ? AND member = ?",
        (channel_id, member_id),
    )
    start, through = StreakCounters(), None
    if rows:
        current, longest, freezes, run, settled = rows[0]
        start = StreakCounters(current, longest, freezes, run)
        through = None if settled is None else date.fromisoformat(settled)
    if answering is not None and through is not None and answering[1] <= through:
        start, through = StreakCounters(), None
    found = await fetch(_ROUNDS_AFTER, (member_id, channel_id, through.isoformat() if through else ""))
    marks = [
        RoundMark(
            local_date=date.fromisoformat(local_date),
            closed=status == "closed",
            answered=bool(answered) or (answering is not None and rid == answering[0]),
        )
        for rid, local_date, status, answered in found
    ]
    return advance(start, through, marks), marks


async def save(conn_execute: Callable[..., Awaitable[Any]], channel_id: int, member_id: int,
               done: StreakProgress) -> None:
    """Persist the settled part of a fold."""
    c = done.settled
    await conn_execute(
        "INSERT INTO member_streaks (channel, member, current, longest, freezes, run, settled_through) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, member) DO UPDATE SET "
        "current = excluded.current, longest = excluded.longest, freezes = excluded.freezes, "
        "run = excluded.run, settled_through = excluded.settled_through",
        (channel_id, member_id, c.current, c.longest, c.freezes, c.run,
         None if done.settled_through is None else done.settled_through.isoformat()),
    )


async def status_on(fetch: Fetch, channel_id: int, member_id: int, today: date,
                    marks: Sequence[RoundMark]) -> TodayStatus:
    """Today's status, looking the day up when it is already settled (not among `marks`)."""
    if any(m.local_date == today for m in marks):
        return today_status(marks, today)
    rows = await fetch(
        "SELECT r.status, EXISTS (SELECT 1 FROM answers a WHERE a.member = ? AND a.round = r.id "
        "AND a.counted = 1) FROM rounds r WHERE r.channel = ? AND r.local_date = ?",
        (member_id, channel_id, today.isoformat()),
    )
    if not rows or rows[0][0] == "skipped":
        return TodayStatus.NOT_SCHEDULED
    status, answered = rows[0]
    return today_status([RoundMark(today, status == "closed", bool(answered))], today)


async def state(fetch: Fetch, channel_id: int, member_id: int, today: date) -> StreakState:
    """The member's streak in the channel as of now, with today's status."""
    done, marks = await progress(fetch, channel_id, member_id)
    return to_state(done.view, await status_on(fetch, channel_id, member_id, today, marks))
