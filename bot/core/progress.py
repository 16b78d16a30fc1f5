"""`/progress`: questions seen of the pool, per-topic strength, streak and freezes, reviews due.

A read use case returning plain data; chat frontends render it as text and the web dashboard can
draw it. A topic's strength is the share of the member's seen questions on that topic whose latest
answer was correct (so it follows what they know now, not their first try).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.context import ServiceContext
from bot.core.models import ChannelRef, MemberRef, StreakState, Verdict
from bot.core.streaks import FREEZE_EVERY, MAX_FREEZES, StreakCounters, advance


@dataclass(frozen=True)
class TopicStrength:
    """How a member does on one topic: questions seen and how many of those they now answer correctly."""

    topic: str
    seen: int
    correct: int
    total: int  # questions on the topic in the pool

    @property
    def share(self) -> float:
        return self.correct / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class ProgressView:
    """A member's progress in a channel's question pool.

    `next_freeze_in` is the number of answered days still needed for the next freeze (None while the
    member holds the most freezes allowed); `run` the answered days in a row since the last miss.
    """

    member: MemberRef
    channel: ChannelRef
    seen: int
    pool: int
    answers: int
    correct: int
    topics: tuple[TopicStrength, ...]
    streak: StreakState
    run: int
    next_freeze_in: int | None
    reviews_due: int


class Progress(ServiceContext):
    """The `/progress` use case."""

    async def progress(self, channel: ChannelRef, member: MemberRef) -> ProgressView:
        """Questions seen of the channel's pool (every loaded question without a schedule), topic
        strengths, streak, freezes and how the next is earned, and practice reviews due now."""
        schedule = await self.store.get_schedule(channel)
        pool = self.pool(schedule) if schedule else self.bank.questions()
        pool_ids = {q.id for q in pool}
        latest: dict[str, str] = {}
        answers = await self.store.member_answers(member)
        for a in answers:  # newest first: the first seen per question is its latest verdict
            latest.setdefault(a.question_id, a.verdict)
        topics: dict[str, list[int]] = {}
        for q in pool:
            for topic in q.topics:
                row = topics.setdefault(topic, [0, 0, 0])
                row[2] += 1
                if q.id in latest:
                    row[0] += 1
                    row[1] += latest[q.id] == Verdict.CORRECT
        strengths = tuple(
            TopicStrength(t, seen, correct, total)
            for t, (seen, correct, total) in sorted(topics.items(), key=lambda kv: (-kv[1][0], kv[0]))
        )
        streak = await self.store.member_streak(channel, member, self.today(schedule))
        run = advance(StreakCounters(), None, await self.store.streak_marks(channel, member)).view.run
        now = self.now()
        due = sum(1 for r in (await self.store.reviews(member)).values() if r.due <= now)
        return ProgressView(
            member=member,
            channel=channel,
            seen=len(pool_ids & set(latest)),
            pool=len(pool_ids),
            answers=len(answers),
            correct=sum(1 for a in answers if a.verdict == Verdict.CORRECT),
            topics=strengths,
            streak=streak,
            run=run,
            next_freeze_in=None if streak.freezes >= MAX_FREEZES else FREEZE_EVERY - run % FREEZE_EVERY,
            reviews_due=due,
        )
