"""Read models of the dashboard and chart images, and the pure rules that build them from stored rows.

Everything here is plain data: the web frontend renders it as HTML tables beside charts, the chart
module draws it, and chat frontends attach the pictures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.models import ChannelRef, CohortStanding, Leaderboard, MemberRef, Platform, RoundStatus
from bot.core.streaks import RoundMark, StreakCounters, after_answer, after_miss

ANSWERED, FROZEN, MISSED, PENDING, NO_ROUND = "answered", "frozen", "missed", "pending", "no round"
STREAK_BUCKETS = (
    (0, 0, "0"),
    (1, 2, "1-2"),
    (3, 6, "3-6"),
    (7, 13, "7-13"),
    (14, 29, "14-29"),
    (30, 10**9, "30+"),
)
ALL_MEMBERS = "all members"


# --- rows the store returns ----------------------------------------------------------------------
@dataclass(frozen=True)
class DayActivity:
    """One local date of a community: rounds posted, members who answered, answers and correct ones."""

    local_date: date
    rounds: int
    answered: int
    answers: int
    correct: int

    @property
    def correct_share(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class TopicResult:
    """Counted answers to one question by one cohort's members (cohort None: every member)."""

    cohort: str | None
    question_id: str
    answers: int
    correct: int


@dataclass(frozen=True)
class MissedPoint:
    """How often a key point of a question was missed in counted answers."""

    question_id: str
    key_point: str
    misses: int
    answers: int


@dataclass(frozen=True)
class MemberRound:
    """A posted round of one of the community's channels as one member's streak sees it."""

    channel: ChannelRef
    local_date: date
    status: RoundStatus
    answered: bool


@dataclass(frozen=True)
class ScoredAnswer:
    """One of a member's answers: when, which question, its score and whether it counted."""

    submitted_at: datetime
    local_date: date | None
    question_id: str
    score: float
    verdict: str
    counted: bool


@dataclass(frozen=True)
class RoundRecord:
    """A past round with its counted answers, correct ones, mean score and most-missed key point."""

    round_id: int
    channel: ChannelRef
    local_date: date
    question_id: str
    status: RoundStatus
    answers: int
    correct: int
    mean_score: float
    most_missed: str | None


# --- what the service returns --------------------------------------------------------------------
@dataclass(frozen=True)
class UpcomingPost:
    """A channel's schedule and its next post (None when paused)."""

    channel: ChannelRef
    when: str  # "09:00 Europe/Berlin, weekdays (mon-fri)"
    next_post: datetime | None
    paused: bool


@dataclass(frozen=True)
class CommunityOverview:
    platform: Platform
    community_id: str
    members: int
    days: tuple[DayActivity, ...]  # scheduled days, oldest first
    streaks: tuple[tuple[str, int], ...]  # (bucket, members) of current streaks
    upcoming: tuple[UpcomingPost, ...]


@dataclass(frozen=True)
class BoardView:
    leaderboard: Leaderboard
    cohorts: tuple[CohortStanding, ...]
    cohort_names: tuple[str, ...]


@dataclass(frozen=True)
class MasteryCell:
    answers: int
    correct: int

    @property
    def share(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class MasteryRow:
    cohort: str
    cells: tuple[MasteryCell, ...]  # one per topic, in TopicsView.topics order


@dataclass(frozen=True)
class MissedView:
    question_id: str
    prompt: str
    key_point: str
    misses: int
    answers: int


@dataclass(frozen=True)
class TopicsView:
    topics: tuple[str, ...]
    rows: tuple[MasteryRow, ...]
    missed: tuple[MissedView, ...]


@dataclass(frozen=True)
class CalendarDay:
    local_date: date
    state: str  # answered | frozen | missed | pending | no round


@dataclass(frozen=True)
class TopicStrength:
    topic: str
    answers: int
    mean_score: float


@dataclass(frozen=True)
class DueReview:
    question_id: str
    prompt: str
    due: datetime


@dataclass(frozen=True)
class MemberInsight:
    member: MemberRef
    channel: ChannelRef | None  # the channel of the calendar (where the member answers most)
    calendar: tuple[CalendarDay, ...]
    current_streak: int
    scores: tuple[ScoredAnswer, ...]  # oldest first
    topics: tuple[TopicStrength, ...]
    due: tuple[DueReview, ...]


@dataclass(frozen=True)
class RoundView:
    record: RoundRecord
    prompt: str
    model_answer: str


# --- pure rules ----------------------------------------------------------------------------------
def calendar(rounds: Sequence[MemberRound], start: date, end: date) -> tuple[tuple[CalendarDay, ...], int]:
    """One cell per date from `start` to `end`, and the current streak, folding every round (oldest
    first) by the streak rules so a miss covered by a freeze shows as frozen."""
    counters = StreakCounters()
    states: dict[date, str] = {}
    for r in sorted(rounds, key=lambda r: r.local_date):
        mark = RoundMark(r.local_date, r.status is RoundStatus.CLOSED, r.answered)
        if mark.answered:
            counters, state = after_answer(counters), ANSWERED
        elif mark.closed:
            state = FROZEN if counters.freezes else MISSED
            counters = after_miss(counters)
        else:
            state = PENDING
        states[r.local_date] = state
    days = tuple(
        CalendarDay(start + timedelta(n), states.get(start + timedelta(n), NO_ROUND))
        for n in range((end - start).days + 1)
    )
    return days, counters.current


def streak_buckets(currents: Iterable[int], members: int) -> tuple[tuple[str, int], ...]:
    """How many members hold a current streak in each bucket; members without one count as 0."""
    counts = dict.fromkeys((label for _, _, label in STREAK_BUCKETS), 0)
    seen = 0
    for value in currents:
        seen += 1
        for low, high, label in STREAK_BUCKETS:
            if low <= value <= high:
                counts[label] += 1
                break
    counts["0"] += max(0, members - seen)
    return tuple(counts.items())


def mastery(
    results: Iterable[TopicResult], topics_of: Callable[[str], Sequence[str]]
) -> tuple[tuple[str, ...], tuple[MasteryRow, ...]]:
    """Share correct per (cohort, topic): every member's row first, then cohorts by name."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    cohorts: set[str] = set()
    topics: set[str] = set()
    for r in results:
        label = r.cohort or ALL_MEMBERS
        cohorts.add(label)
        for topic in topics_of(r.question_id) or ("other",):
            topics.add(topic)
            cell = totals[(label, topic)]
            cell[0] += r.answers
            cell[1] += r.correct
    ordered = tuple(sorted(topics))
    labels = sorted(cohorts - {ALL_MEMBERS}, key=str.casefold)
    if ALL_MEMBERS in cohorts:
        labels.insert(0, ALL_MEMBERS)
    rows = tuple(
        MasteryRow(label, tuple(MasteryCell(*totals.get((label, t), (0, 0))) for t in ordered))
        for label in labels
    )
    return ordered, rows


def topic_strengths(
    answers: Iterable[ScoredAnswer], topics_of: Callable[[str], Sequence[str]]
) -> tuple[TopicStrength, ...]:
    """Mean score per topic over the member's answers (daily and practice), weakest first."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for a in answers:
        for topic in topics_of(a.question_id) or ("other",):
            sums[topic][0] += 1
            sums[topic][1] += a.score
    rows = [TopicStrength(t, int(n), total / n) for t, (n, total) in sums.items()]
    return tuple(sorted(rows, key=lambda s: (s.mean_score, s.topic)))
