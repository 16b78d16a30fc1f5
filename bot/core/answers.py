"""Answering: grading a reply to a daily round or a practice question, recording it, and hints."""

from __future__ import annotations

import time

from bot.core import phases, selection
from bot.core.commands import valid_text
from bot.core.context import ServiceContext, log
from bot.core.errors import InvalidInput, NotFound
from bot.core.grade_notes import shown_grade
from bot.core.grading import check_reply
from bot.core.i18n import _, ngettext, use_locale
from bot.core.models import (
    AnswerDraft,
    AnswerMode,
    ChannelRef,
    MemberRef,
    Question,
    Round,
    RoundStatus,
)
from bot.core.placement import check_place
from bot.core.results import Feedback, Hint

PRACTICE_ALREADY = "already answered"
PRACTICE_CLOSED = "round closed"
PRACTICE_QUIZ = "quiz"


class Answering(ServiceContext):
    """Members' answers and hints."""

    async def _round(self, round_id: int) -> Round:
        round_ = await self.store.get_round(round_id)
        if round_ is None or not round_.question_id:
            raise NotFound(_("There is no daily question with number {id}; check the post you "
                             "answered.").format(
                id=round_id))
        return round_

    async def round_for(self, member: MemberRef, round_id: int, channel: ChannelRef | None = None) -> Round:
        """The round, once the member is found to belong to its community (and `channel`, when the
        frontend knows where the member acted, is the round's channel); NotAllowed otherwise."""
        round_ = await self._round(round_id)
        check_place(round_, member, channel)
        return round_

    async def answer_form(
        self, member: MemberRef, round_id: int, channel: ChannelRef | None = None
    ) -> Question:
        """The question an Answer button opens a form for, after the same checks as `submit_answer`."""
        round_ = await self.round_for(member, round_id, channel)
        return await self.question_for(round_.channel, round_.question_id)

    async def submit_answer(
        self,
        member: MemberRef,
        round_id: int,
        text: str,
        *,
        source: str = "form",
        channel: ChannelRef | None = None,
    ) -> Feedback:
        """Grade and record an answer to a daily round. The first in-time answer counts.

        Empty and over-long replies, and non-answers (`nonanswer`: "idk", the question copied back, a
        bare list of terms, no option picked), are refused before anything is recorded (no attempt is used).
        So is an answer from a member of another community than the round's, or (when the frontend
        passes the `channel` the member acted in) from another channel: NotAllowed, nothing stored.
        Answers after the round closed, and further answers to a round the member already answered,
        are graded and stored as practice; `practice_reason` says which.
        """
        text = check_reply(valid_text(text))  # undecodable bytes never reach the store
        started = time.perf_counter()
        round_ = await self.round_for(member, round_id, channel)
        phases.add("read_round", time.perf_counter() - started)
        if source == "thread":
            schedule = await self.store.get_schedule(round_.channel)
            if schedule is not None and schedule.answers == AnswerMode.FORM:
                raise InvalidInput(
                    _("This channel takes answers through the Answer button, not thread replies.")
                )
        question = await self.question_for(round_.channel, round_.question_id)
        text, result = await self.grading.grade_attempt(question, text)  # non-answers: refused, no attempt
        now = self.now()
        in_time = round_.status == RoundStatus.OPEN and (round_.closes_at is None or now < round_.closes_at)
        recorded = await self.store.record_answer(
            AnswerDraft(
                member=member,
                question_id=question.id,
                difficulty=question.difficulty,
                text=text,
                grade=result,
                submitted_at=now,
                round_id=round_.id,
                countable=in_time,
                source=source,
            ),
            review=lambda state: selection.review(state, question.id, result, now),
        )
        reason = None if recorded.counted else (PRACTICE_ALREADY if in_time else PRACTICE_CLOSED)
        if recorded.counted and round_.message_ref:
            await self._update_count(round_, recorded.answered)
        return Feedback(
            answer_id=recorded.answer_id,
            question=question,
            grade=shown_grade(result),
            counted=recorded.counted,
            points=recorded.points,
            practice_reason=reason,
            streak=recorded.streak,
            round_id=round_.id,
        )

    async def _update_count(self, round_: Round, count: int | None = None) -> None:
        try:
            if count is None:
                count = await self.store.answer_count(round_.id)
            with use_locale(await self.channel_locale(round_.channel)):
                await self.messenger_for(round_.channel).update_answer_count(
                    round_.channel, round_.message_ref or "", round_.id, count
                )
        except Exception:
            log.exception("updating the answer count failed", extra={"round": round_.id})

    async def submit_quiz_answer(self, member: MemberRef, question_id: str, text: str) -> Feedback:
        """Grade a practice answer: recorded and fed to spaced repetition, never counted for points."""
        text = check_reply(valid_text(text))
        question = await self.question_for(member, question_id)
        text, result = await self.grading.grade_attempt(question, text)
        now = self.now()
        recorded = await self.store.record_answer(
            AnswerDraft(
                member=member,
                question_id=question.id,
                difficulty=question.difficulty,
                text=text,
                grade=result,
                submitted_at=now,
                round_id=None,
                countable=False,
                source="quiz",
            ),
            review=lambda state: selection.review(state, question.id, result, now),
        )
        return Feedback(
            answer_id=recorded.answer_id,
            question=question,
            grade=shown_grade(result),
            counted=False,
            points=0,
            practice_reason=PRACTICE_QUIZ,
            streak=None,
        )

    async def hint(
        self, member: MemberRef, round_id: int, number: int = 1, *, channel: ChannelRef | None = None
    ) -> Hint:
        """Hint `number` (1-based) of the round's question; past the last one, the last one again.

        Members of another community (or, when `channel` is given, another channel) are refused.
        """
        round_ = await self.round_for(member, round_id, channel)
        return self.hint_for(await self.question_for(round_.channel, round_.question_id), number)

    def hint_for(self, question: Question, number: int = 1) -> Hint:
        """A hint of any question; one built from its topics when the pack gives none."""
        hints = list(question.hints)
        if not hints:
            topics = ", ".join(question.topics) or _("the question's core idea")
            points = len(question.key_points)
            extra = " " + ngettext("A full answer covers {n} key point.", "A full answer covers {n} key "
                                                                          "points.",
                                   points).format(n=points) if points else ""
            hints = [_("Think about {topics}.").format(topics=topics) + extra]
        index = min(max(number, 1), len(hints))
        return Hint(question_id=question.id, text=hints[index - 1], number=index, total=len(hints))
