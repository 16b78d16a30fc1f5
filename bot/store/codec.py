"""How values are written to and read from SQLite text columns (instants, dates, schedules)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from bot.core.models import AnswerMode, ChannelRef, Order, Schedule

_INSTANT = "%Y-%m-%dT%H:%M:%S.%fZ"


def instant(value: datetime) -> str:
    """A sortable UTC text for an aware instant (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    utc = value.astimezone(UTC)
    if utc.year < 1000:  # strftime leaves such years unpadded; kept as it always wrote them
        return utc.strftime(_INSTANT)
    return f"{utc.replace(tzinfo=None).isoformat(timespec='microseconds')}Z"  # same text, a third of the time


def opt_instant(value: datetime | None) -> str | None:
    return None if value is None else instant(value)


def read_instant(text: str | None) -> datetime | None:
    """The aware UTC instant stored by `instant`."""
    if text is None:
        return None
    return datetime.strptime(text, _INSTANT).replace(tzinfo=UTC)


def read_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def schedule_row(schedule: Schedule, channel_id: int, now: datetime) -> tuple:
    """The `schedules` row for a schedule, in column order."""
    return (
        channel_id,
        schedule.post_time.strftime("%H:%M"),
        schedule.tz,
        ",".join(str(d) for d in sorted(schedule.days)),
        json.dumps(list(schedule.packs)),
        Order(schedule.order).value,
        AnswerMode(schedule.answers).value,
        int(schedule.paused),
        None if schedule.close_time is None else schedule.close_time.strftime("%H:%M"),
        int(schedule.grace.total_seconds()),
        schedule.locale,
        instant(now),
    )


def read_schedule(row: tuple, channel: ChannelRef) -> Schedule:
    """A Schedule from (post_time, tz, days, packs, order, answers, paused, close_time, grace_seconds,
    locale)."""
    post_time, tz, days, packs, order, answers, paused, close_time, grace, locale = row
    return Schedule(
        channel=channel,
        post_time=time.fromisoformat(post_time),
        tz=tz,
        days=frozenset(int(d) for d in days.split(",") if d),
        packs=tuple(json.loads(packs)),
        order=Order(order),
        answers=AnswerMode(answers),
        paused=bool(paused),
        close_time=None if close_time is None else time.fromisoformat(close_time),
        grace=timedelta(seconds=grace),
        locale=locale or None,
    )
