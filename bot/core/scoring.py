"""Points for counted answers, shared-rank ordering, neighbours and period starts (pure rules).

- Points: `round(score x 10 x difficulty multiplier)` with halves rounded up, plus 1 when the streak
  after the answer is 3 or more. An incorrect verdict earns 0 (the answer still keeps the streak).
  Practice earns 0.
- Ranks: rows ordered by points, highest first; ties share a rank (1, 2, 2, 4). Among tied rows the
  incoming order is kept (the store orders ties by when the member first appeared).
- Periods: a week starts on Monday 00:00 in the schedule's timezone, a month on the 1st at 00:00;
  when local midnight does not exist (a daylight-saving gap) the period starts at the day's first
  instant. `all` has no start.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import InvalidInput
from bot.core.models import Difficulty, MemberRef, Period, Standing, Verdict

STREAK_BONUS_FROM = 3


def points(score: float, difficulty: Difficulty, streak: int, verdict: Verdict | str | None = None) -> int:
    """Points for one counted daily answer given the member's streak after it; 0 when `verdict` is
    incorrect (a wrong answer keeps the streak but earns nothing, streak bonus included)."""
    if verdict is not None and str(verdict) == Verdict.INCORRECT:
        return 0
    clamped = min(max(float(score), 0.0), 1.0) if math.isfinite(score) else 0.0
    base = math.floor(clamped * 10 * Difficulty(difficulty).multiplier + 0.5)
    return base + (1 if streak >= STREAK_BONUS_FROM else 0)


def shared_ranks(values: Sequence[float]) -> list[int]:
    """Ranks for values already sorted highest first; equal values share the better rank."""
    ranks: list[int] = []
    for i, value in enumerate(values):
        ranks.append(ranks[-1] if i and value == values[i - 1] else i + 1)
    return ranks


def rank_standings(rows: Iterable[Standing], first_rank: int = 1) -> list[Standing]:
    """Order rows by points (stable among ties) and give tied rows the same rank: 1, 2, 2, 4.

    `first_rank` is the rank of the first row when `rows` is a slice starting lower in the table.
    """
    ordered = sorted(rows, key=lambda r: -r.points)
    ranks = shared_ranks([r.points for r in ordered])
    return [replace(r, rank=rank + first_rank - 1) for r, rank in zip(ordered, ranks, strict=True)]


def same_member(a: MemberRef, b: MemberRef) -> bool:
    """Whether two references name the same person (display names may differ)."""
    return (a.platform, a.community_id, a.user_id) == (b.platform, b.community_id, b.user_id)


def neighbours(rows: Sequence[Standing], member: MemberRef, k: int = 1) -> tuple[Standing, ...]:
    """The member's row with up to `k` rows just above and below it; empty when the member is absent."""
    for i, row in enumerate(rows):
        if same_member(row.member, member):
            return tuple(rows[max(0, i - k) : i + k + 1])
    return ()


def zone(tz: str) -> ZoneInfo:
    """The IANA zone named `tz`, or InvalidInput naming the problem."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvalidInput(f"Unknown timezone {tz!r}; use an IANA name such as Europe/Berlin.") from exc


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of `day` in `tz`, in UTC (a skipped midnight yields the gap's end)."""
    first = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    # A midnight inside a gap resolves to an instant on the previous local day in a few zones;
    # walk forward to the first instant whose local date is `day`.
    while first.astimezone(tz).date() < day:
        first += timedelta(minutes=15)
    return first


def period_start(period: Period, now_utc: datetime, tz: str) -> datetime | None:
    """When the current week (Monday) or month (the 1st) began in `tz`, as a UTC instant; None for all."""
    period = Period(period)
    if period is Period.ALL:
        return None
    if now_utc.tzinfo is None:
        now_utc = now_utc.replace(tzinfo=UTC)
    zi = zone(tz)
    today = now_utc.astimezone(zi).date()
    first = today - timedelta(days=today.weekday()) if period is Period.WEEK else today.replace(day=1)
    return local_midnight(first, zi)
