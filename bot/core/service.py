"""StudyService: the use cases every frontend calls. Results are plain data; frontends render them."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import (
    Actor,
    ChannelRef,
    ContentBank,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    Round,
    StreakState,
)
from bot.core.ports import Clock, Messenger, RoundSummary, Store
from bot.core.results import (
    AppealResult,
    ChannelStats,
    ChannelStatus,
    CohortComparison,
    CohortResult,
    Feedback,
    Hint,
    PackInfo,
    QuizQuestion,
    ScheduleChange,
)

MAX_ANSWER_CHARS = 4000


class StudyService:
    """One instance per process, shared by every frontend and the scheduler."""

    def __init__(self, store: Store, bank: ContentBank, clock: Clock) -> None:
        self.store = store
        self.bank = bank
        self.clock = clock
        self.messengers: dict[Platform, Messenger] = {}

    def register_messenger(self, messenger: Messenger) -> None:
        """Frontends register themselves so rounds on their platform can be posted."""
        self.messengers[messenger.platform] = messenger

    # --- admin: schedules --------------------------------------------------------------------
    async def setup(self, channel: ChannelRef, actor: Actor, options: dict[str, str]) -> ScheduleChange:
        """Create or change the channel's schedule from command options
        (`time`, `tz`, `days`, `packs`, `order`, `answers`); unspecified options keep their value."""
        raise NotImplementedError

    async def pause(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        raise NotImplementedError

    async def resume(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        raise NotImplementedError

    async def skip(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        """Skip the next (or today's unposted) day; streaks are unaffected."""
        raise NotImplementedError

    async def post_now(self, channel: ChannelRef, actor: Actor) -> Round:
        """Open today's round immediately (Conflict when today already has one)."""
        raise NotImplementedError

    async def status(self, channel: ChannelRef) -> ChannelStatus:
        raise NotImplementedError

    async def stats(self, channel: ChannelRef, actor: Actor) -> ChannelStats:
        raise NotImplementedError

    async def packs(self) -> list[PackInfo]:
        raise NotImplementedError

    def topics(self) -> list[str]:
        """Every topic of the loaded content (autocomplete)."""
        return self.bank.topics()

    # --- scheduler -----------------------------------------------------------------------------
    async def open_round(self, channel: ChannelRef, local_date: date) -> Round | None:
        """Claim the day's round in the store, then post it. None when the day already had one."""
        raise NotImplementedError

    async def close_round(self, round_id: int) -> RoundSummary | None:
        """Close the round and post the reveal. None when it was already closed."""
        raise NotImplementedError

    async def catch_up(self) -> list[Round]:
        """At start-up: post missed rounds still inside the grace window, skip the rest."""
        raise NotImplementedError

    # --- members -----------------------------------------------------------------------------
    async def submit_answer(
        self, member: MemberRef, round_id: int, text: str, *, source: str = "form"
    ) -> Feedback:
        """Grade and record an answer to a daily round. The first in-time answer counts."""
        raise NotImplementedError

    async def hint(self, member: MemberRef, round_id: int, number: int = 1) -> Hint:
        raise NotImplementedError

    async def quiz(
        self, member: MemberRef, topic: str | None = None, difficulty: str | None = None
    ) -> QuizQuestion:
        """Pick a practice question by spaced repetition for this member."""
        raise NotImplementedError

    async def submit_quiz_answer(self, member: MemberRef, question_id: str, text: str) -> Feedback:
        raise NotImplementedError

    async def streak(self, channel: ChannelRef, member: MemberRef) -> StreakState:
        raise NotImplementedError

    async def leaderboard(
        self, channel: ChannelRef, member: MemberRef, period: Period, cohort: str | None = None
    ) -> Leaderboard:
        raise NotImplementedError

    async def compare_cohorts(self, channel: ChannelRef, period: Period) -> CohortComparison:
        raise NotImplementedError

    # --- cohorts -------------------------------------------------------------------------------
    async def cohort_create(self, actor: Actor, name: str, role_id: str | None = None) -> CohortResult:
        raise NotImplementedError

    async def cohort_join(self, member: MemberRef, name: str) -> CohortResult:
        raise NotImplementedError

    async def cohort_leave(self, member: MemberRef, name: str) -> CohortResult:
        raise NotImplementedError

    async def cohort_list(self, member: MemberRef) -> list:
        raise NotImplementedError

    # --- appeals -------------------------------------------------------------------------------
    async def appeal(self, member: MemberRef, answer_id: int, note: str = "") -> AppealResult:
        raise NotImplementedError

    async def appeals(self, actor: Actor) -> list:
        raise NotImplementedError

    async def resolve_appeal(
        self, actor: Actor, appeal_id: int, accept: bool, add_phrase: bool = False
    ) -> AppealResult:
        raise NotImplementedError

    # --- export ----------------------------------------------------------------------------------
    async def export_csv(
        self, actor: Actor, channel: ChannelRef | None = None, since: datetime | None = None
    ) -> str:
        raise NotImplementedError
