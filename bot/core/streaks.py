"""Streaks over a channel's posted rounds, with earned freezes (pure rules, no I/O).

A channel's scheduled days are exactly the local dates that have a posted round (open or closed);
weekends, paused and skipped days have no posted round, so they neither extend nor break a streak.
Rounds carry their local date, which makes the rules immune to daylight-saving changes.

Walking the posted rounds oldest first:
- answered (the member has a counted answer): the streak grows by one, and so does the run of
  consecutive answered rounds since the last miss; every 7th round of that run earns a freeze,
  at most 2 held;
- closed without an answer (a miss): a held freeze is used (streak kept, not increased), otherwise
  the streak resets to 0; either way the run restarts;
- open without an answer: pending, it changes nothing yet.

The store keeps the fold of the *settled* prefix (every round up to a date answered or closed) and
folds only the rounds after it (`advance`); `streak_from_history` folds everything from scratch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.models import StreakState, TodayStatus

FREEZE_EVERY = 7
MAX_FREEZES = 2


@dataclass(frozen=True)
class RoundMark:
    """One posted round as a member's streak sees it."""

    local_date: date
    closed: bool
    answered: bool


@dataclass(frozen=True)
class StreakCounters:
    """The running totals of the fold; `run` counts answered rounds since the last miss."""

    current: int = 0
    longest: int = 0
    freezes: int = 0
    run: int = 0


@dataclass(frozen=True)
class StreakProgress:
    """The result of folding: `view` includes everything, `settled` stops at the first pending round."""

    view: StreakCounters
    settled: StreakCounters
    settled_through: date | None


def after_answer(c: StreakCounters) -> StreakCounters:
    """The counters after an answered round."""
    run = c.run + 1
    freezes = min(MAX_FREEZES, c.freezes + 1) if run % FREEZE_EVERY == 0 else c.freezes
    current = c.current + 1
    return StreakCounters(current, max(c.longest, current), freezes, run)


def after_miss(c: StreakCounters) -> StreakCounters:
    """The counters after a round that closed without an answer."""
    if c.freezes:
        return StreakCounters(c.current, c.longest, c.freezes - 1, 0)
    return StreakCounters(0, c.longest, 0, 0)


def advance(
    start: StreakCounters, settled_through: date | None, marks: Sequence[RoundMark]
) -> StreakProgress:
    """Fold `marks` (the rounds after `settled_through`, oldest first) onto `start`."""
    view = settled = start
    through = settled_through
    settling = True
    for mark in marks:
        if through is not None and mark.local_date <= through:
            raise ValueError(f"round {mark.local_date} is not after the settled date {through}")
        if mark.answered:
            view = after_answer(view)
        elif mark.closed:
            view = after_miss(view)
        else:
            settling = False
            continue
        if settling:
            settled, through = view, mark.local_date
    return StreakProgress(view, settled, through)


def today_status(marks: Sequence[RoundMark], today: date) -> TodayStatus:
    """The member's standing for the channel's local day `today`."""
    for mark in marks:
        if mark.local_date == today:
            if mark.answered:
                return TodayStatus.ANSWERED
            return TodayStatus.MISSED if mark.closed else TodayStatus.PENDING
    return TodayStatus.NOT_SCHEDULED


def to_state(counters: StreakCounters, today: TodayStatus) -> StreakState:
    """The public StreakState for a fold's view."""
    return StreakState(
        current=counters.current, longest=counters.longest, freezes=counters.freezes, today=today
    )


def streak_from_history(marks: Sequence[RoundMark], today: date) -> StreakState:
    """The member's streak from the channel's whole posted history (the reference computation)."""
    ordered = sorted(marks, key=lambda m: m.local_date)
    return to_state(advance(StreakCounters(), None, ordered).view, today_status(ordered, today))
