"""What the core needs from the outside world: a clock, a messenger per platform, and a store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from bot.core.models import (
    AnswerDraft,
    Appeal,
    ChannelRef,
    Cohort,
    CohortStanding,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    Question,
    RecordedAnswer,
    Round,
    RoundStats,
    Schedule,
    StreakState,
)
from bot.core.reminder_rules import ChannelReminders, ReminderPref
from bot.core.reports import (
    DayActivity,
    MemberInsight,
    MemberRound,
    MissedPoint,
    RoundRecord,
    ScoredAnswer,
    TopicResult,
)
from bot.core.streaks import RoundMark
from bot.core.suggestion_models import SuggestionStore


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


# --- outbound messages -------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundPost:
    """Everything a frontend needs to render a daily post."""

    round_id: int
    channel: ChannelRef
    question: Question
    local_date: date
    closes_at: datetime | None
    tz: str
    answers_mode: str  # AnswerMode value
    answered: int = 0


@dataclass(frozen=True)
class RoundSummary:
    """What is revealed when a round closes, posted under the original post."""

    round_id: int
    channel: ChannelRef
    message_ref: str | None
    question: Question
    stats: RoundStats
    picks: tuple[int, ...] = ()  # choice questions: counted answers per option (index 0 is option 1)


@dataclass(frozen=True)
class PrivateNote:
    """A private message to one member: a reminder (`kind` "reminder") or a freeze note ("freeze").

    `text` is the whole message in words; the other fields let a frontend add its own touches
    (a link to the channel, the question, the close time in the schedule's zone).
    """

    kind: str  # "reminder" | "freeze"
    member: MemberRef
    channel: ChannelRef
    text: str
    round_id: int | None = None
    closes_at: datetime | None = None
    tz: str = "UTC"
    prompt: str = ""
    event: str = ""  # freeze notes: "earned" | "used"
    freezes: int = 0


class Messenger(Protocol):
    """Posts to channels of one platform. Implemented by each frontend."""

    platform: Platform

    async def post_round(self, post: RoundPost) -> str:
        """Post a daily question; return a reference to the message (used for edits and threads)."""
        ...

    async def update_answer_count(
        self, channel: ChannelRef, message_ref: str, round_id: int, answered: int
    ) -> None:
        """Show the live count on the post. Frontends coalesce bursts."""
        ...

    async def post_round_closed(self, summary: RoundSummary) -> None:
        """Reply under the original post with the model answer and the round's stats."""
        ...

    async def send_notice(self, channel: ChannelRef, text: str) -> None:
        """A plain operational message to a channel (e.g. a post that failed after retries)."""
        ...

    async def send_private(self, note: PrivateNote) -> None:
        """Send a note to one member privately (a DM); raise when it cannot be delivered."""
        ...


# --- persistence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewState:
    """A member's spaced-repetition state for one question (`card` is the fsrs card as JSON)."""

    question_id: str
    card: str
    due: datetime
    last_score: float
    reviews: int


ReviewUpdate = Callable[[ReviewState | None], ReviewState]
"""The member's new review state for a question, given the stored one (None before the first)."""


@dataclass(frozen=True)
class AnswerRow:
    """A stored answer as export and regrade read it."""

    id: int
    member: MemberRef
    channel: ChannelRef | None
    round_id: int | None
    local_date: date | None
    question_id: str
    text: str
    score: float
    verdict: str
    points: int
    counted: bool
    grader_version: str
    submitted_at: datetime
    source: str


@dataclass(frozen=True)
class AdminChange:
    """One change to a community's list of added admins: who (`by_user_id`) added or removed whom."""

    action: str  # "add" | "remove"
    user_id: str
    by_user_id: str
    at: datetime


@dataclass(frozen=True)
class AddedAdmin:
    """A member an admin added; `added_by`/`added_at` are None for those added before changes were kept."""

    user_id: str
    added_by: str | None
    added_at: datetime | None


class InsightReads(Protocol):
    """The read-only queries behind the dashboard and chart images (bot/core/insights.py)."""

    async def find_communities(self, external_id: str) -> list[tuple[Platform, str]]: ...
    async def find_members(self, community: tuple[Platform, str], text: str) -> list[MemberRef]: ...
    async def community_size(self, community: tuple[Platform, str]) -> int: ...
    async def daily_activity(self, community: tuple[Platform, str], since: date) -> list[DayActivity]: ...
    async def current_streaks(self, community: tuple[Platform, str]) -> list[int]: ...
    async def topic_results(self, community: tuple[Platform, str]) -> list[TopicResult]: ...
    async def missed_points(self, community: tuple[Platform, str], limit: int = 15) -> list[MissedPoint]: ...
    async def member_rounds(self, member: MemberRef) -> list[MemberRound]: ...
    async def member_scores(
        self, member: MemberRef, since: datetime | None = None
    ) -> list[ScoredAnswer]: ...
    async def round_records(self, community: tuple[Platform, str], limit: int = 60) -> list[RoundRecord]: ...


class Store(InsightReads, SuggestionStore, Protocol):
    """Durable state. Every method is one transaction; writes are serialised."""

    async def close(self) -> None: ...

    # schedules and channels
    async def save_schedule(self, schedule: Schedule) -> Schedule: ...
    async def get_schedule(self, channel: ChannelRef) -> Schedule | None: ...
    async def list_schedules(self) -> list[Schedule]: ...

    # rounds: the unique (channel, local_date) key makes posting exactly-once
    async def claim_round(
        self,
        channel: ChannelRef,
        local_date: date,
        question_id: str,
        opened_at: datetime,
        closes_at: datetime | None,
    ) -> Round | None:
        """Create the open round for that day, or return None when that day already has a round."""
        ...

    async def skip_day(self, channel: ChannelRef, local_date: date, reason: str) -> bool:
        """Record a day as skipped (no post, no streak effect). False when the day already has a round."""
        ...

    async def set_round_message(self, round_id: int, message_ref: str) -> None: ...
    async def get_round(self, round_id: int) -> Round | None: ...
    async def round_on(self, channel: ChannelRef, local_date: date) -> Round | None: ...
    async def open_rounds(self, channel: ChannelRef | None = None) -> list[Round]: ...
    async def close_round(self, round_id: int, closed_at: datetime) -> bool:
        """Mark a round closed; True only for the caller that closed it."""
        ...

    async def channel_rounds(self, channel: ChannelRef) -> list[Round]:
        """Every round of the channel, oldest first (selection and history)."""
        ...

    async def take_over_post(self, round_id: int, stale_seconds: float) -> bool:
        """Atomically take the posting lease of an unposted round whose lease is older than
        `stale_seconds` of wall-clock time; True only for the one caller that took it."""
        ...

    async def unposted_rounds(self) -> list[Round]:
        """Open rounds whose post never got a message reference (a crash between claim and post)."""
        ...

    # answers
    async def record_answer(self, draft: AnswerDraft, review: ReviewUpdate | None = None) -> RecordedAnswer:
        """Store an answer. When `countable` and it is the member's first for the round, it counts:
        points, streak, the period and cohort aggregates and the round's live count (returned as
        `answered`) move in the same transaction. Otherwise it is practice. With `review`, the
        member's review state for the question becomes `review(stored state)` in that transaction
        too. Acknowledged means durable: the call returns only after the transaction committed.

        A backend with several writers must serialise one member's answers to a channel (a row lock
        on the member's streak row does it) and take shared counter rows last, in a fixed order."""
        ...

    async def get_answer(self, answer_id: int) -> AnswerRow | None:
        """One stored answer by id, or None."""
        ...

    async def round_stats(self, round_id: int) -> RoundStats: ...
    async def answer_count(self, round_id: int) -> int:
        """Members with a counted answer for the round: a counter kept on the round, not a scan."""
        ...

    async def question_scores(self, channel: ChannelRef) -> dict[str, list[float]]:
        """Counted scores per question asked in the channel (adaptive order uses them)."""
        ...

    async def iter_answers(
        self,
        *,
        channel: ChannelRef | None = None,
        cohort: str | None = None,
        community: tuple[Platform, str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AsyncIterator[AnswerRow]: ...

    async def update_answer_grade(
        self, answer_id: int, score: float, verdict: str, points: int, grader_version: str
    ) -> None: ...

    # streaks and standings
    async def member_streak(
        self, channel: ChannelRef, member: MemberRef, today: date
    ) -> StreakState: ...

    async def leaderboard(
        self,
        community: tuple[Platform, str],
        period: Period,
        since: datetime | None,
        cohort: str | None,
        member: MemberRef | None,
        limit: int = 10,
    ) -> Leaderboard: ...

    async def cohort_standings(
        self, community: tuple[Platform, str], since: datetime | None
    ) -> list[CohortStanding]: ...

    # cohorts
    async def create_cohort(
        self, community: tuple[Platform, str], name: str, role_id: str | None = None
    ) -> Cohort: ...
    async def join_cohort(self, member: MemberRef, name: str) -> Cohort: ...
    async def leave_cohort(self, member: MemberRef, name: str) -> Cohort: ...
    async def list_cohorts(self, community: tuple[Platform, str]) -> list[Cohort]: ...
    async def member_cohorts(self, member: MemberRef) -> list[str]: ...

    # spaced repetition
    async def reviews(self, member: MemberRef) -> dict[str, ReviewState]: ...
    async def save_review(self, member: MemberRef, state: ReviewState) -> None: ...

    # appeals and admins
    async def create_appeal(self, answer_id: int, member: MemberRef, note: str) -> Appeal: ...
    async def list_appeals(
        self, community: tuple[Platform, str], status: str = "open"
    ) -> list[Appeal]: ...
    async def resolve_appeal(self, appeal_id: int, accepted: bool, resolver: MemberRef) -> Appeal: ...
    async def add_admin(
        self, community: tuple[Platform, str], user_id: str, by_user_id: str = "", at: datetime | None = None
    ) -> bool:
        """Add an admin and record who added them, in one transaction; False (nothing recorded)
        when the user already was one."""
        ...

    async def remove_admin(
        self, community: tuple[Platform, str], user_id: str, by_user_id: str, at: datetime
    ) -> bool:
        """Remove an added admin and record who removed them; False (nothing recorded) when the user
        was not on the list."""
        ...

    async def is_admin(self, community: tuple[Platform, str], user_id: str) -> bool: ...
    async def list_admins(self, community: tuple[Platform, str]) -> list[AddedAdmin]:
        """The added admins, with who added them and when, oldest first."""
        ...

    async def admin_changes(self, community: tuple[Platform, str], limit: int = 10) -> list[AdminChange]:
        """The latest additions and removals of admins, newest first."""
        ...

    # member history (/history, /today, /progress)
    async def member_answers(
        self, member: MemberRef, *, round_id: int | None = None, limit: int | None = None
    ) -> list[AnswerRow]:
        """The member's answers (practice included), newest first; only one round's with `round_id`."""
        ...

    # reminders and private notes
    async def set_reminder(self, pref: ReminderPref, at: datetime) -> None: ...
    async def get_reminder(self, channel: ChannelRef, member: MemberRef) -> ReminderPref | None: ...
    async def reminder_subscribers(self, channel: ChannelRef) -> list[ReminderPref]:
        """Members with reminders on in the channel."""
        ...

    async def reminder_channels(self) -> list[ChannelRef]:
        """Channels where at least one member has reminders on."""
        ...

    async def set_channel_reminders(
        self, channel: ChannelRef, setting: ChannelReminders, at: datetime
    ) -> None: ...
    async def channel_reminders(self, channel: ChannelRef) -> ChannelReminders:
        """The channel's default (DEFAULT_BEFORE, on, when an admin never set one)."""
        ...

    async def claim_notice(self, kind: str, round_id: int, member: MemberRef, at: datetime) -> bool:
        """Claim the one note of this kind for (round, member); False when it was claimed before."""
        ...

    async def settle_notice(
        self, kind: str, round_id: int, member: MemberRef, status: str, detail: str
    ) -> None:
        """Record how a claimed note went: "sent" or "failed" with the reason."""
        ...

    async def noticed(self, kind: str, round_id: int) -> set[str]:
        """User ids of the members whose note of this kind for the round was already claimed."""
        ...

    async def notice_status(self, kind: str, round_id: int, member: MemberRef) -> str | None: ...
    async def unchecked_closed_rounds(self, since: datetime) -> list[Round]:
        """Rounds closed at or after `since` whose freeze uses nobody looked at yet."""
        ...

    async def claim_round_checks(self, round_ids: list[int], at: datetime) -> set[int]:
        """Claim looking at closed rounds' freeze uses (one transaction); the ids this caller got."""
        ...

    async def freeze_candidates(self, channel: ChannelRef, min_counted: int) -> list[MemberRef]:
        """Members with at least `min_counted` counted answers in the channel."""
        ...

    async def streak_marks(self, channel: ChannelRef, member: MemberRef) -> list[RoundMark]:
        """Every posted round of the channel as the member's streak sees it, oldest first."""
        ...

    # platform event de-duplication (Slack retries, Discord re-deliveries)
    async def first_delivery(self, platform: Platform, event_id: str) -> bool:
        """True the first time an event id is seen, False for every repeat."""
        ...

    async def remember_reply(self, platform: Platform, event_id: str, reply: str) -> None:
        """Keep the reply given to a delivery, so a repeat of it is answered the same way."""
        ...

    async def recorded_reply(self, platform: Platform, event_id: str) -> str | None:
        """The reply kept for a delivery; None while the first delivery is still being handled."""
        ...

    async def forget_delivery(self, platform: Platform, event_id: str) -> None:
        """Forget a delivery whose handling failed, so that sending it again is handled afresh."""
        ...


class ChartPainter(Protocol):
    """Draws the chart images attached in chat (PNG bytes); implemented by `bot.charts`."""

    def member_png(self, insight: MemberInsight) -> bytes:
        """The member's streak calendar above their per-topic strength."""
        ...

    def standings_png(self, board: Leaderboard) -> bytes:
        """The leaderboard's rows as labelled bars."""
        ...


class Frontend(Protocol):
    """A running chat frontend (Discord, Slack, console) as the composition root sees it.

    Each frontend package offers `build(service, settings, ...) -> Frontend`; `bot/app.py` starts
    every frontend whose tokens are set in one event loop and stops them on SIGINT/SIGTERM.
    """

    name: str
    messenger: Messenger

    async def start(self) -> None:
        """Connect and begin handling events; returns once the frontend is serving."""
        ...

    async def stop(self) -> None:
        """Finish in-flight work and disconnect."""
        ...
