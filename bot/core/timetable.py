"""When a schedule posts and closes: local post days and instants, correct across DST changes (pure)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import _, format_day
from bot.core.models import Schedule

LOOKAHEAD_DAYS = 15  # a schedule posts at least once a week, so two weeks always find the next day


def zone(tz: str) -> ZoneInfo:
    """The ZoneInfo of an IANA name (validated earlier by `commands.parse_tz`)."""
    return ZoneInfo(tz)


def local_date(schedule: Schedule, instant: datetime) -> date:
    """The schedule's local calendar date at an instant."""
    return instant.astimezone(zone(schedule.tz)).date()


def post_instant(schedule: Schedule, day: date) -> datetime:
    """The aware post time of a local day in the schedule's zone.

    A post time inside a spring-forward gap moves forward by the gap (02:30 becomes 03:30); in the
    repeated hour of a fall-back change the first occurrence is used.
    """
    tz = zone(schedule.tz)
    wall = datetime.combine(day, schedule.post_time, tzinfo=tz)
    return wall.astimezone(UTC).astimezone(tz)


def is_post_day(schedule: Schedule, day: date) -> bool:
    """True when the schedule's days include this local date's weekday (pause is not considered)."""
    return day.weekday() in schedule.days


def post_days_from(schedule: Schedule, first: date, days: int = LOOKAHEAD_DAYS) -> Iterator[date]:
    """Post days from `first` (inclusive) over the next `days` local dates."""
    for offset in range(days):
        day = first + timedelta(days=offset)
        if is_post_day(schedule, day):
            yield day


def next_post_instant(schedule: Schedule, after: datetime) -> datetime | None:
    """The first post instant strictly after `after`, ignoring pause; None when no day is set."""
    start = local_date(schedule, after)
    for day in post_days_from(schedule, start):
        instant = post_instant(schedule, day)
        if instant > after:
            return instant
    return None


def close_instant(schedule: Schedule, day: date) -> datetime | None:
    """When the round of `day` closes: the configured close time, else the next post day's post time."""
    tz = zone(schedule.tz)
    if schedule.close_time is not None:
        close_day = day if schedule.close_time > schedule.post_time else day + timedelta(days=1)
        wall = datetime.combine(close_day, schedule.close_time, tzinfo=tz)
        return wall.astimezone(UTC).astimezone(tz)
    for later in post_days_from(schedule, day + timedelta(days=1)):
        return post_instant(schedule, later)
    return None


def due_days(schedule: Schedule, since: datetime, now: datetime) -> list[date]:
    """Local post days whose post instant falls in (since, now], oldest first (pause not considered)."""
    if now <= since:
        return []
    first = local_date(schedule, since) - timedelta(days=1)
    span = (local_date(schedule, now) - first).days + 2
    return [
        day
        for day in post_days_from(schedule, first, span)
        if since < post_instant(schedule, day) <= now
    ]


def describe_instant(instant: datetime | None, tz: str) -> str:
    """`Mon 2 Mar 09:00 CET` in the given zone, or `not scheduled`."""
    if instant is None:
        return _("not scheduled")
    local = instant.astimezone(zone(tz))
    return f"{format_day(local.date())} {local:%H:%M} {local.tzname() or tz}"
