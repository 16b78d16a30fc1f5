"""Helpers for the store's integration tests: references, drafts and a store on a temp file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.core.models import (
    AnswerDraft,
    ChannelRef,
    Difficulty,
    Grade,
    MemberRef,
    Platform,
    Round,
    Schedule,
    Verdict,
)

COMMUNITY = (Platform.DISCORD, "guild-1")
CHANNEL = ChannelRef(Platform.DISCORD, "guild-1", "chan-1", "study")
OTHER_CHANNEL = ChannelRef(Platform.DISCORD, "guild-1", "chan-2", "evening")


def person(uid: str, name: str = "") -> MemberRef:
    return MemberRef(Platform.DISCORD, "guild-1", uid, name or uid.capitalize())


def grade(score: float = 0.8, missed: tuple[str, ...] = ()) -> Grade:
    verdict = Verdict.CORRECT if score >= 0.75 else Verdict.PARTIAL if score >= 0.35 else Verdict.INCORRECT
    return Grade(score, verdict, (), missed, grader_version="g1")


def opened(day: date, tz: str = "UTC") -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(9), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def draft(
    who: MemberRef,
    rnd: Round | None,
    score: float = 0.8,
    *,
    countable: bool = True,
    difficulty: Difficulty = Difficulty.BEGINNER,
    at: datetime | None = None,
    missed: tuple[str, ...] = (),
    question: str = "q1",
) -> AnswerDraft:
    when = at or (opened(rnd.local_date) + timedelta(hours=1) if rnd else datetime(2024, 3, 4, tzinfo=UTC))
    return AnswerDraft(
        member=who,
        question_id=rnd.question_id if rnd else question,
        difficulty=difficulty,
        text="an answer",
        grade=grade(score, missed),
        submitted_at=when,
        round_id=rnd.id if rnd else None,
        countable=countable,
        source="form" if rnd else "quiz",
    )


async def post(store, day: date, channel: ChannelRef = CHANNEL, question: str | None = None) -> Round:
    rnd = await store.claim_round(channel, day, question or f"q-{day}", opened(day), None)
    assert rnd is not None
    return rnd


def schedule(channel: ChannelRef = CHANNEL, tz: str = "UTC") -> Schedule:
    return Schedule(channel=channel, tz=tz)
