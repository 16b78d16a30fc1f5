"""Streak rules a member notices: growth, misses, freezes earned and used, pending days, today's status."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.models import TodayStatus
from bot.core.streaks import RoundMark, StreakCounters, advance, streak_from_history

MONDAY = date(2024, 3, 4)


def marks(pattern: str, start: date = MONDAY) -> list[RoundMark]:
    """One posted round a day: A answered, M missed (closed), P pending (open, unanswered)."""
    return [
        RoundMark(start + timedelta(days=i), closed=c != "P", answered=c == "A")
        for i, c in enumerate(pattern)
    ]


def last_day(pattern: str) -> date:
    return MONDAY + timedelta(days=len(pattern) - 1)


def test_answering_every_round_grows_the_streak():
    state = streak_from_history(marks("AAAA"), last_day("AAAA"))
    assert (state.current, state.longest, state.today) == (4, 4, TodayStatus.ANSWERED)


def test_a_missed_round_without_a_freeze_resets_the_streak_but_keeps_the_longest():
    state = streak_from_history(marks("AAAMA"), last_day("AAAMA"))
    assert (state.current, state.longest, state.freezes) == (1, 3, 0)


def test_seven_answered_rounds_earn_a_freeze_that_covers_the_next_miss():
    state = streak_from_history(marks("AAAAAAA"), last_day("AAAAAAA"))
    assert (state.current, state.freezes) == (7, 1)
    covered = streak_from_history(marks("AAAAAAAMA"), last_day("AAAAAAAMA"))
    assert (covered.current, covered.freezes, covered.longest) == (8, 0, 8)


def test_a_freeze_keeps_the_streak_without_increasing_it():
    state = streak_from_history(marks("AAAAAAAM"), last_day("AAAAAAAM"))
    assert (state.current, state.freezes, state.today) == (7, 0, TodayStatus.MISSED)


def test_at_most_two_freezes_are_held():
    pattern = "A" * 28
    state = streak_from_history(marks(pattern), last_day(pattern))
    assert (state.current, state.freezes) == (28, 2)


def test_the_run_towards_a_freeze_restarts_after_a_covered_miss():
    pattern = "A" * 7 + "M" + "A" * 6
    state = streak_from_history(marks(pattern), last_day(pattern))
    assert (state.current, state.freezes) == (13, 0)
    state = streak_from_history(marks(pattern + "A"), last_day(pattern + "A"))
    assert (state.current, state.freezes) == (14, 1)


def test_an_open_unanswered_round_is_pending_not_missed():
    state = streak_from_history(marks("AAP"), last_day("AAP"))
    assert (state.current, state.today) == (2, TodayStatus.PENDING)


def test_days_without_a_posted_round_neither_extend_nor_break_the_streak():
    friday = [RoundMark(date(2024, 3, 8), True, True)]
    monday = [RoundMark(date(2024, 3, 11), False, True)]
    state = streak_from_history(friday + monday, date(2024, 3, 10))
    assert (state.current, state.today) == (2, TodayStatus.NOT_SCHEDULED)


def test_history_order_does_not_matter_to_the_result():
    history = marks("AAMAAAP")
    assert streak_from_history(list(reversed(history)), MONDAY) == streak_from_history(history, MONDAY)


def test_the_settled_part_stops_at_the_first_pending_round():
    done = advance(StreakCounters(), None, marks("AAPA"))
    assert done.view.current == 3
    assert done.settled.current == 2
    assert done.settled_through == MONDAY + timedelta(days=1)


def test_folding_from_a_settled_prefix_gives_the_same_view_as_from_scratch():
    history = marks("AAAAAAAMAAPA")
    whole = advance(StreakCounters(), None, history)
    first = advance(StreakCounters(), None, history[:5])
    rest = advance(first.settled, first.settled_through, history[5:])
    assert rest.view == whole.view
