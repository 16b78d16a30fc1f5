"""Points, shared ranks, neighbours and period starts as members see them on leaderboards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.core.models import Difficulty, MemberRef, Period, Platform, Standing
from bot.core.scoring import neighbours, period_start, points, rank_standings


def member(uid: str) -> MemberRef:
    return MemberRef(Platform.CONSOLE, "local", uid, uid.upper())


def row(uid: str, pts: int) -> Standing:
    return Standing(rank=0, member=member(uid), points=pts, answers=1, correct=1)


def test_points_are_score_times_ten_times_the_difficulty_multiplier():
    assert points(0.8, Difficulty.BEGINNER, 0) == 8
    assert points(0.8, Difficulty.INTERMEDIATE, 0) == 12
    assert points(1.0, Difficulty.ADVANCED, 0) == 20
    assert points(1.0, Difficulty.BONUS, 0) == 20


def test_a_streak_of_three_or_more_adds_one_point():
    assert points(0.5, Difficulty.BEGINNER, 2) == 5
    assert points(0.5, Difficulty.BEGINNER, 3) == 6
    assert points(0.0, Difficulty.BEGINNER, 10) == 1


def test_halves_round_up_and_out_of_range_scores_are_clamped():
    assert points(0.25, Difficulty.BEGINNER, 0) == 3
    assert points(0.05, Difficulty.INTERMEDIATE, 0) == 1
    assert points(1.7, Difficulty.BEGINNER, 0) == 10
    assert points(-1.0, Difficulty.BEGINNER, 0) == 0
    assert points(float("nan"), Difficulty.BEGINNER, 0) == 0


def test_tied_members_share_a_rank_and_the_next_rank_is_skipped():
    ranked = rank_standings([row("a", 30), row("b", 20), row("c", 20), row("d", 10)])
    assert [(r.member.user_id, r.rank) for r in ranked] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_ranking_sorts_by_points_and_keeps_the_given_order_among_ties():
    ranked = rank_standings([row("low", 1), row("x", 5), row("y", 5)])
    assert [r.member.user_id for r in ranked] == ["x", "y", "low"]
    assert [r.rank for r in ranked] == [1, 1, 3]


def test_neighbours_are_the_rows_just_above_and_below_the_member():
    rows = rank_standings([row(c, 50 - i) for i, c in enumerate("abcde")])
    assert [r.member.user_id for r in neighbours(rows, member("c"))] == ["b", "c", "d"]
    assert [r.member.user_id for r in neighbours(rows, member("a"))] == ["a", "b"]
    assert [r.member.user_id for r in neighbours(rows, member("e"), k=2)] == ["c", "d", "e"]
    assert neighbours(rows, member("nobody")) == ()


def test_neighbours_find_the_member_even_when_the_display_name_changed():
    rows = rank_standings([row("a", 3), row("b", 2)])
    renamed = MemberRef(Platform.CONSOLE, "local", "b", "New name")
    assert [r.member.user_id for r in neighbours(rows, renamed)] == ["a", "b"]


def test_the_week_starts_on_monday_midnight_in_the_schedule_zone():
    # Sunday 23:30 UTC is already Monday 00:30 in Berlin (summer time, UTC+2 -> 01:30).
    now = datetime(2024, 6, 9, 23, 30, tzinfo=UTC)
    assert period_start(Period.WEEK, now, "Europe/Berlin") == datetime(2024, 6, 9, 22, 0, tzinfo=UTC)
    assert period_start(Period.WEEK, now, "UTC") == datetime(2024, 6, 3, 0, 0, tzinfo=UTC)


def test_a_week_spanning_the_clock_change_starts_at_local_midnight_before_it():
    # Berlin moved to summer time on Sunday 31 March 2024; that week began Monday 25 March, UTC+1.
    now = datetime(2024, 3, 31, 20, 0, tzinfo=UTC)
    assert period_start(Period.WEEK, now, "Europe/Berlin") == datetime(2024, 3, 24, 23, 0, tzinfo=UTC)


def test_the_month_starts_on_the_first_and_all_time_has_no_start():
    now = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)
    assert period_start(Period.MONTH, now, "America/New_York") == datetime(2024, 11, 1, 4, 0, tzinfo=UTC)
    assert period_start(Period.ALL, now, "America/New_York") is None


def test_a_midnight_skipped_by_daylight_saving_starts_the_day_at_the_gap_end():
    # Santiago skipped 00:00-01:00 on Sunday 8 September 2024; the month began normally, the day at 01:00.
    now = datetime(2024, 9, 30, 12, 0, tzinfo=UTC)
    start = period_start(Period.MONTH, now, "America/Santiago")
    assert start == datetime(2024, 9, 1, 4, 0, tzinfo=UTC)
    sunday = datetime(2024, 9, 8, 12, 0, tzinfo=UTC)
    assert period_start(Period.WEEK, sunday, "America/Santiago") == datetime(2024, 9, 2, 4, 0, tzinfo=UTC)


def test_an_unknown_timezone_is_refused_with_a_hint():
    with pytest.raises(InvalidInput, match="IANA"):
        period_start(Period.WEEK, datetime(2024, 1, 1, tzinfo=UTC), "Mars/Olympus")


ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Africa/Casablanca",
    "Asia/Gaza",
]


@settings(max_examples=300, deadline=None)
@given(
    now=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 1, 1)),
    tz=st.sampled_from(ZONES),
    period=st.sampled_from([Period.WEEK, Period.MONTH]),
)
def test_a_period_starts_at_the_first_local_instant_of_its_monday_or_first(now, tz, period):
    now = now.replace(tzinfo=UTC)
    zone = ZoneInfo(tz)
    start = period_start(period, now, tz)
    local = start.astimezone(zone)
    assert start <= now
    assert (start - timedelta(microseconds=1)).astimezone(zone).date() < local.date()
    today = now.astimezone(zone).date()
    if period is Period.WEEK:
        assert local.weekday() == 0 and 0 <= (today - local.date()).days < 7
    else:
        assert local.day == 1 and (local.year, local.month) == (today.year, today.month)
