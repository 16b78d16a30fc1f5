"""Post days and instants in a schedule's own zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core import timetable
from bot.core.models import ChannelRef, Platform, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
CHANNEL = ChannelRef(Platform.CONSOLE, "local", "general")


def schedule(**changes) -> Schedule:
    return Schedule(channel=CHANNEL, tz="Europe/Berlin", **changes)


def test_post_instants_keep_local_time_across_the_spring_change():
    s = schedule(post_time=time(9, 0))
    assert timetable.post_instant(s, date(2026, 3, 27)).isoformat() == "2026-03-27T09:00:00+01:00"
    assert timetable.post_instant(s, date(2026, 3, 30)).isoformat() == "2026-03-30T09:00:00+02:00"


def test_a_post_time_inside_the_spring_gap_moves_forward_by_the_gap():
    s = schedule(post_time=time(2, 30), days=frozenset(range(7)))
    assert timetable.post_instant(s, date(2026, 3, 29)).isoformat() == "2026-03-29T03:30:00+02:00"


def test_a_post_time_in_the_repeated_autumn_hour_uses_the_first_occurrence():
    s = schedule(post_time=time(2, 30), days=frozenset(range(7)))
    assert timetable.post_instant(s, date(2026, 10, 25)).isoformat() == "2026-10-25T02:30:00+02:00"


def test_the_next_post_skips_days_off():
    s = schedule(post_time=time(9, 0))  # Monday to Friday
    friday_noon = datetime(2026, 3, 27, 12, 0, tzinfo=BERLIN)
    assert timetable.next_post_instant(s, friday_noon).isoformat() == "2026-03-30T09:00:00+02:00"
    assert timetable.next_post_instant(schedule(days=frozenset()), friday_noon) is None


def test_a_round_closes_at_the_next_post_or_at_the_close_time():
    s = schedule(post_time=time(9, 0))
    assert timetable.close_instant(s, date(2026, 3, 27)).isoformat() == "2026-03-30T09:00:00+02:00"
    evening = schedule(post_time=time(9, 0), close_time=time(17, 0))
    assert timetable.close_instant(evening, date(2026, 3, 27)).isoformat() == "2026-03-27T17:00:00+01:00"
    overnight = schedule(post_time=time(20, 0), close_time=time(8, 0))
    assert timetable.close_instant(overnight, date(2026, 3, 27)).isoformat() == "2026-03-28T08:00:00+01:00"


def test_due_days_are_the_post_days_whose_post_time_fell_in_the_window():
    s = schedule(post_time=time(9, 0))
    since = datetime(2026, 3, 26, 10, 0, tzinfo=BERLIN)
    now = datetime(2026, 3, 31, 9, 0, tzinfo=BERLIN)
    assert timetable.due_days(s, since, now) == [date(2026, 3, 27), date(2026, 3, 30), date(2026, 3, 31)]
    assert timetable.due_days(s, now, since) == []


def test_instants_are_described_in_the_schedules_zone():
    instant = datetime(2026, 3, 30, 7, 0, tzinfo=ZoneInfo("UTC"))
    assert timetable.describe_instant(instant, "Europe/Berlin") == "Mon 30 Mar 09:00 CEST"
    assert timetable.describe_instant(None, "UTC") == "not scheduled"
