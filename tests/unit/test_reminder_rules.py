"""Reminder timing, lead times and freeze events (pure rules)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.core.errors import InvalidInput
from bot.core.models import ChannelRef, MemberRef, Platform, Round, RoundStatus
from bot.core.reminder_rules import (
    ChannelReminders,
    ReminderPref,
    due_at,
    format_lead,
    freeze_event,
    parse_channel_reminders,
    parse_lead,
)
from bot.core.streaks import RoundMark

CHANNEL = ChannelRef(Platform.CONSOLE, "local", "general")
ANA = MemberRef(Platform.CONSOLE, "local", "ana")


def round_(opened: str, closes: str) -> Round:
    return Round(
        1,
        CHANNEL,
        date.fromisoformat(opened[:10]),
        "q",
        RoundStatus.OPEN,
        datetime.fromisoformat(opened),
        datetime.fromisoformat(closes),
    )


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2h", 120), ("90m", 90), ("1h30m", 90), ("45 min", 45), ("1 hour", 60), ("48h", 2880)],
)
def test_lead_times_are_read_in_hours_and_minutes(text, minutes):
    assert parse_lead(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "soon", "-2h", "2d", "h", "4m", "49h", "99999m"])
def test_bad_lead_times_are_refused(text):
    with pytest.raises(InvalidInput):
        parse_lead(text)


def test_lead_times_are_written_back_in_words():
    assert [format_lead(timedelta(minutes=m)) for m in (45, 60, 90)] == ["45m", "1h", "1h 30m"]


def test_the_channel_default_is_a_lead_time_on_or_off():
    assert parse_channel_reminders("off") == ChannelReminders(enabled=False)
    assert parse_channel_reminders("on") == ChannelReminders()
    assert parse_channel_reminders("30m").before == timedelta(minutes=30)
    with pytest.raises(InvalidInput, match="`remind=never`"):
        parse_channel_reminders("never")


def test_before_never_reaches_back_past_the_post():
    pref = ReminderPref(ANA, CHANNEL, True, timedelta(hours=30))
    r = round_("2026-03-02T08:00+00:00", "2026-03-03T08:00+00:00")
    assert due_at(pref, ChannelReminders(), r, "UTC") == r.opened_at


def test_at_inside_the_spring_forward_gap_moves_forward_by_the_gap():
    # Berlin skips 02:00-03:00 on 29 March 2026; 02:30 local becomes 03:30 CEST = 01:30 UTC
    pref = ReminderPref(ANA, CHANNEL, True, at=time(2, 30))
    r = round_("2026-03-28T08:00+00:00", "2026-03-29T07:00+00:00")
    assert due_at(pref, ChannelReminders(), r, "Europe/Berlin") == datetime.fromisoformat(
        "2026-03-29T01:30+00:00"
    )


def test_at_after_the_round_closes_gives_no_reminder():
    pref = ReminderPref(ANA, CHANNEL, True, at=time(8, 30))
    r = round_("2026-03-02T09:00+00:00", "2026-03-03T08:00+00:00")
    assert due_at(pref, ChannelReminders(), r, "UTC") is None


def test_a_freeze_is_earned_on_the_seventh_day_and_used_on_a_miss():
    days = [RoundMark(date(2026, 3, d), closed=True, answered=True) for d in range(2, 9)]
    miss = RoundMark(date(2026, 3, 9), closed=True, answered=False)
    assert freeze_event(days, date(2026, 3, 7)) is None
    assert freeze_event(days, date(2026, 3, 8)) == ("earned", 1)
    assert freeze_event([*days, miss], date(2026, 3, 9)) == ("used", 0)
    assert freeze_event([*days[:3], miss], date(2026, 3, 9)) is None  # no freeze held: the streak breaks
