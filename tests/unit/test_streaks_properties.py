"""Property: streaks over random schedules, pauses, skips, zones and DST dates match a day-by-day model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.models import TodayStatus
from bot.core.streaks import RoundMark, StreakCounters, advance, streak_from_history

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Tehran",
]
# Weeks around daylight-saving changes in both hemispheres.
DST_STARTS = [
    date(2024, 3, 25),
    date(2024, 10, 21),
    date(2023, 3, 6),
    date(2024, 9, 2),
    date(2025, 3, 24),
    date(2025, 10, 1),
    date(2022, 11, 1),
]


@dataclass
class Plan:
    """A generated channel: which calendar days post a round, and what the member did."""

    tz: str
    post_time: time
    start: date
    days: int
    weekdays: frozenset[int]
    paused: frozenset[int]
    skipped: frozenset[int]
    outcomes: list[str]  # per calendar day: "answer" | "miss"
    open_tail: int  # how many of the latest posted rounds are still open
    today_offset: int


plans = st.builds(
    Plan,
    tz=st.sampled_from(ZONES),
    post_time=st.times(),
    start=st.sampled_from(DST_STARTS),
    days=st.integers(1, 70),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    paused=st.frozensets(st.integers(0, 69), max_size=20),
    skipped=st.frozensets(st.integers(0, 69), max_size=10),
    outcomes=st.lists(st.sampled_from(["answer", "answer", "answer", "miss"]), min_size=70, max_size=70),
    open_tail=st.integers(0, 2),
    today_offset=st.integers(-3, 3),
)


def posted_rounds(plan: Plan) -> list[tuple[date, str]]:
    """The (local date, outcome) of each posted round; the local date comes from the UTC post instant."""
    zone = ZoneInfo(plan.tz)
    rounds = []
    for i in range(plan.days):
        day = plan.start + timedelta(days=i)
        if day.weekday() not in plan.weekdays or i in plan.paused or i in plan.skipped:
            continue
        # fold=0 resolves a post time inside a spring-forward gap to later that same day.
        opened = datetime.combine(day, plan.post_time.replace(fold=0), tzinfo=zone).astimezone(UTC)
        rounds.append((opened.astimezone(zone).date(), plan.outcomes[i]))
    return rounds


def reference(plan: Plan, today: date) -> tuple[int, int, int, TodayStatus]:
    """Walk the calendar one day at a time, the way the product describes streaks."""
    rounds = posted_rounds(plan)
    open_dates = {d for d, _ in rounds[len(rounds) - plan.open_tail :]} if plan.open_tail else set()
    by_day = dict(rounds)
    current = longest = freezes = since_freeze = 0
    status = TodayStatus.NOT_SCHEDULED
    for i in range(plan.days):
        day = plan.start + timedelta(days=i)
        if day not in by_day:
            continue
        answered = by_day[day] == "answer"
        if answered:
            current += 1
            longest = max(longest, current)
            since_freeze += 1
            if since_freeze == 7:
                freezes, since_freeze = min(2, freezes + 1), 0
        elif day in open_dates:
            pass
        else:
            since_freeze = 0
            if freezes:
                freezes -= 1
            else:
                current = 0
        if day == today:
            if answered:
                status = TodayStatus.ANSWERED
            else:
                status = TodayStatus.PENDING if day in open_dates else TodayStatus.MISSED
    return current, longest, freezes, status


def marks_for(plan: Plan) -> list[RoundMark]:
    rounds = posted_rounds(plan)
    tail = {d for d, _ in rounds[len(rounds) - plan.open_tail :]} if plan.open_tail else set()
    return [RoundMark(d, closed=d not in tail, answered=o == "answer") for d, o in rounds]


@settings(max_examples=400, deadline=None)
@given(plan=plans)
def test_streak_from_history_matches_the_day_by_day_model(plan: Plan):
    today = plan.start + timedelta(days=plan.days - 1 + plan.today_offset)
    state = streak_from_history(marks_for(plan), today)
    assert (state.current, state.longest, state.freezes, state.today) == reference(plan, today)


@settings(max_examples=300, deadline=None)
@given(plan=plans, cuts=st.lists(st.integers(0, 70), max_size=6))
def test_folding_in_stored_steps_agrees_with_folding_everything_at_once(plan: Plan, cuts: list[int]):
    history = marks_for(plan)
    whole = advance(StreakCounters(), None, history).view
    stored, through = StreakCounters(), None
    for cut in sorted(cuts):
        # Each step persists only its settled part, as the store does after a counted answer.
        step = advance(
            stored, through, [m for m in history[:cut] if through is None or m.local_date > through]
        )
        stored, through = step.settled, step.settled_through
    rest = [m for m in history if through is None or m.local_date > through]
    assert advance(stored, through, rest).view == whole
