"""Plain data the whole bot shares: questions and packs, schedules, rounds, grades, streaks, standings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class Platform(StrEnum):
    """Where a community lives."""

    CONSOLE = "console"
    DISCORD = "discord"
    SLACK = "slack"


class Difficulty(StrEnum):
    """How hard a question is; sets the points multiplier."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    BONUS = "bonus"

    @property
    def multiplier(self) -> float:
        return {"beginner": 1.0, "intermediate": 1.5, "advanced": 2.0, "bonus": 2.0}[self.value]


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"


class QuestionType(StrEnum):
    """How a question is answered and graded."""

    FREE = "free"  # free text, graded against the rubric
    CHOICE = "choice"  # pick one or more of 2-6 options
    SHORT = "short"  # a word, a term or a number, matched against accepted answers


class Order(StrEnum):
    """How a channel walks through its question pool."""

    SEQUENTIAL = "sequential"
    SHUFFLED = "shuffled"
    ADAPTIVE = "adaptive"


class AnswerMode(StrEnum):
    """Where members may answer a daily round: the private form, the post's thread, or both."""

    FORM = "form"
    THREAD = "thread"
    BOTH = "both"


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    SKIPPED = "skipped"


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


class TodayStatus(StrEnum):
    """A member's standing for the channel's current local day."""

    ANSWERED = "answered"  # answered today's round in time
    PENDING = "pending"  # today's round is open and not yet answered
    MISSED = "missed"  # today's round closed without an answer
    NOT_SCHEDULED = "not_scheduled"  # no round today (weekend, paused, skipped)


# --- content -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """Something asserted of something: a subject (any phrasing) bound to a property, in one clause."""

    subject: tuple[str, ...]
    property: tuple[str, ...]


@dataclass(frozen=True)
class KeyPoint:
    """One thing a good answer says. `text` is shown in feedback; `claims` and `phrases` are matched.

    A claim earns the point when a clause asserts the property of the subject. A phrase earns it
    when it appears un-negated; on a key point with claims, or one that is not a `naming` point, a
    phrase of a single content word earns nothing by itself (a term is not a statement).
    """

    text: str
    phrases: tuple[str, ...]
    weight: float = 1.0
    claims: tuple[Claim, ...] = ()
    naming: bool = False


@dataclass(frozen=True)
class Misconception:
    """A wrong statement people commonly make; stating it lowers the score and is named in feedback.

    `core` misconceptions cap a reply below correct; others only lower its score.
    """

    text: str
    phrases: tuple[str, ...]
    claims: tuple[Claim, ...] = ()
    core: bool = True


@dataclass(frozen=True)
class Contrast:
    """A property that belongs to one thing and not to another: giving it to `not_to` is wrong."""

    text: str
    property: tuple[str, ...]
    belongs_to: tuple[str, ...]
    not_to: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """A rubric self-test: a reply and the verdict the rubric must give it."""

    reply: str
    verdict: str
    line: int = 0  # where the example is written in its pack file (0 when unknown)


@dataclass(frozen=True)
class Option:
    """One option of a choice question, with why it is right or wrong (shown after answering)."""

    text: str
    correct: bool = False
    explanation: str = ""


@dataclass(frozen=True)
class Accepted:
    """An accepted answer of a short question: its text and aliases, or a number within a tolerance."""

    text: str
    aliases: tuple[str, ...] = ()
    number: float | None = None
    tolerance: float = 0.0


@dataclass(frozen=True)
class Thresholds:
    """Score boundaries for verdicts: correct >= `correct`, partial >= `partial`, else incorrect."""

    correct: float = 0.75
    partial: float = 0.35

    def verdict(self, score: float) -> Verdict:
        if score >= self.correct:
            return Verdict.CORRECT
        if score >= self.partial:
            return Verdict.PARTIAL
        return Verdict.INCORRECT


@dataclass(frozen=True)
class Question:
    """A question with its model answer and rubric. `key_points` may be empty (derived at grading)."""

    id: str
    prompt: str
    difficulty: Difficulty
    answer: str
    topics: tuple[str, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    hints: tuple[str, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    examples: tuple[Example, ...] = ()
    kind: QuestionType = QuestionType.FREE
    pack_id: str = ""
    thresholds: Thresholds = field(default_factory=Thresholds)
    options: tuple[Option, ...] = ()  # choice questions
    accepted: tuple[Accepted, ...] = ()  # short questions
    author: str = ""  # who suggested it (community pack questions): credited when it is posted
    language: str = "en"  # the pack's language: rubrics match it, replies in another one get a note


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    license: str
    source: str
    questions: tuple[Question, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    language: str = "en"  # language of the questions and rubrics (a `language:` code in the pack)


@dataclass(frozen=True)
class ContentBank:
    """Every loaded pack, with look-ups by question id and topic."""

    packs: tuple[Pack, ...]

    def question(self, question_id: str) -> Question | None:
        for pack in self.packs:
            for q in pack.questions:
                if q.id == question_id:
                    return q
        return None

    def pack(self, pack_id: str) -> Pack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    def questions(self, pack_ids: tuple[str, ...] = ()) -> list[Question]:
        """Questions of the named packs (all packs when none are named), in pack order."""
        return [q for p in self.packs if not pack_ids or p.id in pack_ids for q in p.questions]

    def topics(self) -> list[str]:
        return sorted({t for q in self.questions() for t in q.topics})


# --- grading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    """The grader's judgement of one reply. `covered`/`missed` hold key-point texts."""

    score: float
    verdict: Verdict
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    misconceptions: tuple[str, ...] = ()
    grader_version: str = ""
    note: str | None = None  # why a gate fired, in words for the member ("this repeats the question")


# --- communities, channels, schedules ----------------------------------------------------------


@dataclass(frozen=True)
class ChannelRef:
    """A channel on one platform. `community_id` is the Discord guild or Slack team ("local" on console)."""

    platform: Platform
    community_id: str
    channel_id: str
    name: str = ""


@dataclass(frozen=True)
class MemberRef:
    """A person in one community. `name` is a display name, refreshed whenever the member acts."""

    platform: Platform
    community_id: str
    user_id: str
    name: str = ""


@dataclass(frozen=True)
class Actor:
    """The member running a command, and whether the frontend found them to be an admin."""

    member: MemberRef
    is_admin: bool = False


ALL_WEEKDAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))  # Monday=0 .. Friday=4


@dataclass(frozen=True)
class Schedule:
    """When and how a channel gets its daily question. Days are weekday numbers, Monday = 0."""

    channel: ChannelRef
    post_time: time = time(9, 0)
    tz: str = "UTC"
    days: frozenset[int] = WEEKDAYS
    packs: tuple[str, ...] = ()  # empty: every loaded pack
    order: Order = Order.SEQUENTIAL
    answers: AnswerMode = AnswerMode.FORM
    paused: bool = False
    close_time: time | None = None  # None: the round closes when the next one opens
    grace: timedelta = timedelta(hours=6)
    locale: str | None = None  # language of the channel's public posts; None: the bot's default


# --- rounds and answers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """One scheduled day's question in one channel; unique per channel and local date."""

    id: int
    channel: ChannelRef
    local_date: date
    question_id: str | None  # None for a skipped day
    status: RoundStatus
    opened_at: datetime | None
    closes_at: datetime | None
    message_ref: str | None = None


@dataclass(frozen=True)
class StreakState:
    current: int = 0
    longest: int = 0
    freezes: int = 0
    today: TodayStatus = TodayStatus.NOT_SCHEDULED


@dataclass(frozen=True)
class AnswerDraft:
    """What the service asks the store to record. `countable` is False for quiz and late answers."""

    member: MemberRef
    question_id: str
    difficulty: Difficulty
    text: str
    grade: Grade
    submitted_at: datetime
    round_id: int | None = None
    countable: bool = True
    source: str = "form"  # form | thread | quiz | console


@dataclass(frozen=True)
class RecordedAnswer:
    """The store's answer to `record_answer`: whether it counted, its points, the streak after it."""

    answer_id: int
    counted: bool
    points: int
    streak: StreakState | None
    answered: int | None = None  # the round's live count after a counted answer


# --- standings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """One row of a leaderboard. Ties share a rank."""

    rank: int
    member: MemberRef
    points: int
    answers: int
    correct: int
    streak: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Leaderboard:
    period: Period
    cohort: str | None
    rows: tuple[Standing, ...]  # the top 10
    me: Standing | None = None
    neighbours: tuple[Standing, ...] = ()  # the caller's row with the rows just above and below


@dataclass(frozen=True)
class CohortStanding:
    rank: int
    cohort: str
    points: int
    answers: int
    correct: int
    members: int


@dataclass(frozen=True)
class Cohort:
    name: str
    members: int = 0
    role_id: str | None = None  # a Discord role or Slack user group the cohort follows


@dataclass(frozen=True)
class RoundStats:
    answers: int
    correct: int
    most_missed: str | None

    @property
    def correct_share(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Appeal:
    id: int
    answer_id: int
    member: MemberRef
    question_id: str
    reply: str
    score: float
    note: str
    status: str = "open"  # open | accepted | rejected
