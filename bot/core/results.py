"""Plain results the study service returns; each frontend renders them in its own idiom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.models import (
    Appeal,
    Cohort,
    CohortStanding,
    Grade,
    Question,
    Round,
    RoundStats,
    Schedule,
    StreakState,
)
from bot.core.ports import AddedAdmin, AdminChange


@dataclass(frozen=True)
class Feedback:
    """What a member sees privately after answering.

    `counted` is True when the answer earned points and streak credit; otherwise `practice_reason`
    says why it was practice ("already answered", "round closed", "quiz").
    """

    answer_id: int
    question: Question
    grade: Grade
    counted: bool
    points: int
    practice_reason: str | None
    streak: StreakState | None
    round_id: int | None = None

    @property
    def model_answer(self) -> str:
        return self.question.answer


@dataclass(frozen=True)
class ScheduleChange:
    """Confirmation of an admin change, in words, with the next post time in the schedule's zone."""

    schedule: Schedule
    message: str
    next_post: datetime | None  # aware, in the schedule's timezone; None when paused


@dataclass(frozen=True)
class Hint:
    question_id: str
    text: str
    number: int  # 1-based
    total: int


@dataclass(frozen=True)
class QuizQuestion:
    """A practice question picked for one member by spaced repetition."""

    question: Question
    reason: str  # "due for review" | "new" | "least recently practised"


@dataclass(frozen=True)
class ChannelStatus:
    schedule: Schedule | None
    open_round: Round | None
    next_post: datetime | None
    answered_today: int
    admin_changes: tuple[AdminChange, ...] = ()  # the community's latest admin additions/removals
    open_question: Question | None = None  # the open round's question, named in replies


@dataclass(frozen=True)
class ChannelStats:
    rounds: int
    answers: int
    correct_share: float
    participants: int
    hardest: tuple[tuple[str, float], ...]  # (question id, mean score), lowest first
    recent: tuple[tuple[date, str, RoundStats], ...]  # (local date, question id, stats)


@dataclass(frozen=True)
class PackInfo:
    id: str
    title: str
    version: str
    questions: int
    source: str


@dataclass(frozen=True)
class CohortResult:
    cohort: Cohort
    message: str


@dataclass(frozen=True)
class CohortComparison:
    rows: tuple[CohortStanding, ...]


@dataclass(frozen=True)
class AppealResult:
    appeal: Appeal
    message: str


@dataclass(frozen=True)
class AdminResult:
    """An admin added (`action` "add") or removed ("remove"); `remaining` added admins are left."""

    action: str
    user_id: str
    remaining: int


@dataclass(frozen=True)
class AdminList:
    """The admins added by command and the latest changes to that list, newest first."""

    added: tuple[AddedAdmin, ...]
    changes: tuple[AdminChange, ...]
