"""What a member reads about themselves: `/today` (the open question again) and `/history`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core import timetable
from bot.core.context import ServiceContext
from bot.core.errors import NotFound
from bot.core.grade_notes import shown_grade
from bot.core.grading import grade
from bot.core.i18n import _
from bot.core.models import ChannelRef, Grade, MemberRef, Question, Round, StreakState, Verdict
from bot.core.ports import AnswerRow
from bot.core.results import Feedback

HISTORY_ROWS = 10


@dataclass(frozen=True)
class TodayView:
    """The channel's open question for one member: time left and whether they answered.

    `round` is None when nothing is open; `next_post` then says when the next question comes.
    `answer` is the member's counted answer to the round (or their first one when none counted).
    """

    channel: ChannelRef
    tz: str
    round: Round | None
    question: Question | None
    closes_at: datetime | None  # in the schedule's zone
    time_left: timedelta | None
    answer: AnswerRow | None
    streak: StreakState
    next_post: datetime | None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True)
class HistoryRow:
    """One past answer: the question, verdict, score and the local date it was given."""

    answer_id: int
    question_id: str
    prompt: str
    verdict: str
    score: float
    points: int
    counted: bool
    source: str
    day: date
    channel: str | None


@dataclass(frozen=True)
class HistoryView:
    rows: tuple[HistoryRow, ...]


class MemberViews(ServiceContext):
    """`/today` and `/history`."""

    async def today_view(self, channel: ChannelRef, member: MemberRef) -> TodayView:
        """The open question of the channel again, with the time left and the member's answer."""
        schedule = await self.schedule_of(channel)
        now = self.now()
        open_rounds = [r for r in await self.store.open_rounds(channel) if r.question_id]
        round_ = open_rounds[-1] if open_rounds else None
        streak = await self.store.member_streak(channel, member, self.today(schedule, now))
        if round_ is None:
            upcoming = await self.next_post(schedule, now)
            local = upcoming.astimezone(timetable.zone(schedule.tz)) if upcoming else None
            return TodayView(channel, schedule.tz, None, None, None, None, None, streak, local)
        answers = await self.store.member_answers(member, round_id=round_.id)
        answer = next((a for a in answers if a.counted), answers[-1] if answers else None)
        closes = round_.closes_at.astimezone(timetable.zone(schedule.tz)) if round_.closes_at else None
        left = max(round_.closes_at - now, timedelta(0)) if round_.closes_at else None
        return TodayView(
            channel,
            schedule.tz,
            round_,
            await self.question_for(round_.channel, round_.question_id),
            closes,
            left,
            answer,
            streak,
            None,
        )

    async def history(self, member: MemberRef, limit: int = HISTORY_ROWS) -> HistoryView:
        """The member's last answers (daily and practice), newest first, in their community."""
        rows = []
        for a in await self.store.member_answers(member, limit=limit):
            question = await self.find_question(member, a.question_id)
            rows.append(
                HistoryRow(
                    answer_id=a.id,
                    question_id=a.question_id,
                    prompt=question.prompt if question else f"(question {a.question_id} is no longer loaded)",
                    verdict=a.verdict,
                    score=a.score,
                    points=a.points,
                    counted=a.counted,
                    source=a.source,
                    day=a.local_date or a.submitted_at.astimezone(timetable.zone(self.default_tz)).date(),
                    channel=a.channel.name or a.channel.channel_id if a.channel else None,
                )
            )
        return HistoryView(tuple(rows))

    async def answer_feedback(self, member: MemberRef, answer_id: int) -> Feedback:
        """The feedback of one of the member's past answers again.

        Verdict, score and points are the stored ones; the key points covered and missed come from
        grading the stored reply again (grading is deterministic; after a rubric change they follow
        the current rubric). Another member's answer is NotFound, as if it did not exist.
        """
        row = await self.store.get_answer(answer_id)
        if row is None or (row.member.platform, row.member.community_id, row.member.user_id) != (
            member.platform,
            member.community_id,
            member.user_id,
        ):
            raise NotFound(
                _("You have no answer number {id}; `/history` lists yours with their numbers.").format(
                    id=answer_id)
            )
        question = await self.question_for(member, row.question_id)
        again = grade(question, row.text)
        shown = Grade(
            score=row.score,
            verdict=Verdict(row.verdict),
            covered=again.covered,
            missed=again.missed,
            misconceptions=again.misconceptions,
            grader_version=row.grader_version,
            note=again.note,
        )
        reason = None if row.counted else ("quiz" if row.source == "quiz" else "practice")
        return Feedback(
            answer_id=row.id,
            question=question,
            grade=shown_grade(shown),
            counted=row.counted,
            points=row.points,
            practice_reason=reason,
            streak=None,
            round_id=row.round_id,
        )
