"""The study record as admins handle it: appeals against a grade, and the CSV export."""

from __future__ import annotations

from datetime import datetime

from bot.core.commands import valid_text
from bot.core.community import community_of
from bot.core.context import ServiceContext
from bot.core.errors import Conflict, NotFound
from bot.core.export import answers_csv
from bot.core.i18n import _
from bot.core.models import Actor, Appeal, ChannelRef, Difficulty, MemberRef, Question, Verdict
from bot.core.placement import check_place
from bot.core.ports import AnswerRow
from bot.core.results import AppealResult
from bot.core.scoring import STREAK_BONUS_FROM, points
from bot.core.wording import count

APPEAL_NOTE_CHARS = 500
APPEAL_GRADER = "appeal"
FULL_SCORE = 1.0 - 1e-9


def full_score(score: float) -> bool:
    """Whether a score is already 100 % (an appeal could not raise it)."""
    return score >= FULL_SCORE


class Records(ServiceContext):
    """Appeals and exports."""

    async def check_appeal(
        self, member: MemberRef, answer_id: int, channel: ChannelRef | None = None
    ) -> None:
        """Refuse (before anything is stored) an appeal on an answer to a round of another community,
        or, when the frontend says where the member acted (`channel`), of another channel."""
        row = await self.store.get_answer(answer_id)
        if row is None:
            raise NotFound(_("There is no answer {id}; check the number on your feedback.").format(
                id=answer_id))
        if full_score(row.score):
            raise Conflict(_("That answer already scored 100 %: there is nothing to appeal."))
        if row.round_id is None:
            return
        round_ = await self.store.get_round(row.round_id)
        if round_ is not None:
            check_place(round_, member, channel)

    async def appeal(
        self, member: MemberRef, answer_id: int, note: str = "", *, channel: ChannelRef | None = None
    ) -> AppealResult:
        """Ask the admins to look at a grade ("I think this is right").

        Only the member who gave the answer may appeal it, from the answer's community (and channel,
        when `channel` is given); anything else is refused and nothing is stored.
        """
        await self.check_appeal(member, answer_id, channel)
        text = valid_text(note or "").strip()[:APPEAL_NOTE_CHARS]
        appeal = await self.store.create_appeal(answer_id, member, text)
        return AppealResult(
            appeal, _("Thanks: your appeal is with the admins. If they accept it, the answer counts as "
                      "correct.")
        )

    async def appeals(self, actor: Actor) -> list[Appeal]:
        """Open appeals of the admin's server or workspace."""
        self.require_admin(actor, _("see appeals"))
        return await self.store.list_appeals(community_of(actor.member))

    async def _answer(self, actor: Actor, answer_id: int) -> AnswerRow | None:
        async for row in self.store.iter_answers(community=community_of(actor.member)):
            if row.id == answer_id:
                return row
        return None

    async def resolve_appeal(
        self, actor: Actor, appeal_id: int, accept: bool, add_phrase: bool = False
    ) -> AppealResult:
        """Accept (the answer's score becomes full and its points are recomputed) or reject an appeal.

        `add_phrase` keeps the member's reply as an accepted phrasing: it stays stored with the
        accepted appeal, where `studybot export` and the appeals list show it to content editors, who
        add it to the question's key points so the grader accepts it from then on.
        """
        self.require_admin(actor, _("resolve appeals"))
        open_ids = {a.id for a in await self.store.list_appeals(community_of(actor.member))}
        if appeal_id not in open_ids:
            raise NotFound(_("There is no open appeal {id}; `/studybot appeals` lists them.").format(
                id=appeal_id))
        appeal = await self.store.resolve_appeal(appeal_id, accept, actor.member)
        if not accept:
            return AppealResult(appeal, _("Appeal {id} rejected; the grade stays as it was.").format(
                id=appeal_id))
        row = await self._answer(actor, appeal.answer_id)
        earned = 0
        if row is not None:
            earned = _full_points(row, await self.find_question(actor.member, row.question_id))
            await self.store.update_answer_grade(row.id, 1.0, Verdict.CORRECT.value, earned, APPEAL_GRADER)
        counted = row is not None and row.counted
        message = (_("Appeal {id} accepted: the answer now counts as correct ({points}).").format(
                       id=appeal_id, points=count(earned, "point")) if counted
                   else _("Appeal {id} accepted: the answer now counts as correct (practice, no "
                          "points).").format(
                       id=appeal_id))
        if add_phrase:
            message += (
                " " + _("The reply is kept with the accepted appeal for the content editors of "
                        "{question}: add its "
                        "phrasing to a key point so the grader accepts it next time.").format(
                    question=appeal.question_id)
            )
        return AppealResult(appeal, message)

    async def export_csv(
        self, actor: Actor, channel: ChannelRef | None = None, since: datetime | None = None
    ) -> str:
        """CSV of the server's or workspace's answers (one channel when given), oldest first."""
        self.require_admin(actor, _("export results"))
        rows = [
            row
            async for row in self.store.iter_answers(
                channel=channel, community=community_of(actor.member), since=since
            )
        ]
        return answers_csv(rows)


def _full_points(row: AnswerRow, question: Question | None) -> int:
    """Points for a counted answer regraded to full marks, keeping its streak bonus."""
    if not row.counted:
        return 0
    difficulty = question.difficulty if question else Difficulty.BEGINNER
    had_bonus = row.points > points(row.score, difficulty, 0)
    return points(1.0, difficulty, STREAK_BONUS_FROM if had_bonus else 0)
