"""Reminder and freeze-note rules (pure): lead times, when a reminder is due, freezes earned or used.

A member opts in per channel with `/remind on [before=2h | at=HH:MM]`. Without a time the channel's
default applies (`/studybot setup remind=2h`, itself defaulting to DEFAULT_BEFORE):
- `before=D`: the reminder is due D before the round closes (never before the round opened);
- `at=HH:MM`: due at the first HH:MM local time (the schedule's zone) after the round opened, when
  that is before the round closes; otherwise that round gets no reminder.
Local times are turned into instants with zoneinfo, so a reminder keeps its wall-clock time across
daylight-saving changes (a time inside a spring-forward gap moves forward by the gap).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import InvalidInput
from bot.core.i18n import _
from bot.core.models import ChannelRef, MemberRef, Round
from bot.core.streaks import RoundMark, StreakCounters, advance

DEFAULT_BEFORE = timedelta(hours=2)
MIN_BEFORE = timedelta(minutes=5)
MAX_BEFORE = timedelta(hours=48)
LEAD = re.compile(r"^(?:(\d{1,2})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?|s)?)?)?$")


@dataclass(frozen=True)
class ReminderPref:
    """A member's reminder choice for one channel; `before` and `at` both None: the channel default."""

    member: MemberRef
    channel: ChannelRef
    enabled: bool
    before: timedelta | None = None
    at: time | None = None


@dataclass(frozen=True)
class ChannelReminders:
    """The channel's default lead time; `enabled` False when an admin turned reminders off there."""

    enabled: bool = True
    before: timedelta = DEFAULT_BEFORE


def parse_lead(value: str) -> timedelta:
    """`2h`, `90m`, `1h30m`, `45 min` -> a lead time between 5 minutes and 48 hours."""
    text = value.strip().lower().replace(" ", "")
    match = LEAD.match(text)
    if not text or match is None or not any(match.groups()):
        raise InvalidInput(
            _("`before={value}` is not a lead time; write hours and minutes such as 2h, 90m or "
              "1h30m.").format(
                value=value[:40])
        )
    lead = timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))
    if not MIN_BEFORE <= lead <= MAX_BEFORE:
        raise InvalidInput(
            _("`before={value}` is {lead}; choose from {low} to {high}.").format(
                value=value[:40], lead=format_lead(lead), low=format_lead(MIN_BEFORE),
                high=format_lead(MAX_BEFORE))
        )
    return lead


def parse_channel_reminders(value: str) -> ChannelReminders:
    """`/studybot setup remind=`: `off`, `on` (the default lead time) or a lead time such as `2h`."""
    text = value.strip().lower()
    if text == "off":
        return ChannelReminders(enabled=False)
    if text == "on":
        return ChannelReminders()
    try:
        return ChannelReminders(True, parse_lead(text))
    except InvalidInput as err:
        raise InvalidInput(
            _("{problem}; or remind=off.").format(
                problem=str(err).replace("`before=", "`remind=", 1).rstrip("."))
        ) from None


def format_lead(lead: timedelta) -> str:
    """A lead time in words: `2h`, `45m`, `1h 30m`."""
    minutes = int(lead.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h {rest}m"
    return f"{hours}h" if hours else f"{rest}m"


def describe(pref: ReminderPref | None, default: ChannelReminders) -> str:
    """When a member's reminders come, in words ("2h before the round closes", "at 18:00")."""
    if pref is None or not pref.enabled:
        return _("off")
    if pref.at is not None:
        return _("at {time} (the channel's time zone) while the question is open").format(
            time=f"{pref.at:%H:%M}")
    return _("{lead} before the round closes").format(lead=format_lead(pref.before or default.before))


def due_at(pref: ReminderPref, default: ChannelReminders, round_: Round, tz: str) -> datetime | None:
    """The instant the member's reminder for this round is due; None when there is none to send."""
    if not pref.enabled or round_.closes_at is None or round_.opened_at is None:
        return None
    if pref.at is None:
        return max(round_.closes_at - (pref.before or default.before), round_.opened_at)
    zone = ZoneInfo(tz)
    opened = round_.opened_at.astimezone(zone)
    for offset in range(3):  # rounds can stay open over a weekend
        wall = datetime.combine(opened.date() + timedelta(days=offset), pref.at, tzinfo=zone)
        instant = wall.astimezone(UTC)
        if instant > round_.opened_at:
            return instant if instant < round_.closes_at else None
    return None


def freeze_event(marks: Sequence[RoundMark], day: date) -> tuple[str, int] | None:
    """("earned" | "used", freezes held after) when the member's round on local date `day` earned or
    used a freeze, else None. `marks` are the channel's posted rounds as the member's streak sees them.
    """
    ordered = sorted(marks, key=lambda m: m.local_date)
    on_day = [m for m in ordered if m.local_date == day]
    if not on_day or not (on_day[0].answered or on_day[0].closed):
        return None
    before = advance(StreakCounters(), None, [m for m in ordered if m.local_date < on_day[0].local_date])
    after = advance(before.view, None, on_day).view
    if after.freezes > before.view.freezes:
        return "earned", after.freezes
    if after.freezes < before.view.freezes and not on_day[0].answered:
        return "used", after.freezes
    return None
