"""On-demand practice: `/quiz` picks a question for one member by spaced repetition."""

from __future__ import annotations

import difflib

from bot.core import selection
from bot.core.commands import parse_difficulty
from bot.core.context import ServiceContext, member_key
from bot.core.errors import NotFound
from bot.core.i18n import _
from bot.core.labels import label
from bot.core.models import MemberRef
from bot.core.results import QuizQuestion
from bot.core.spelling import spelling_key


class Practice(ServiceContext):
    """The `/quiz` use case."""

    async def quiz(
        self, member: MemberRef, topic: str | None = None, difficulty: str | None = None
    ) -> QuizQuestion:
        """Pick a practice question by spaced repetition for this member.

        Questions the member got wrong come back first once due, then unseen ones, then the one due
        soonest. Questions of rounds open right now are held back so practice never spoils them.
        """
        level = parse_difficulty(difficulty)
        topic = (topic or "").strip() or None
        pool = [q for q in self.bank.questions() if selection.matches(q, topic, level)]
        if not pool:
            raise NotFound(self._no_match(topic, level.value if level else None))
        open_now = {
            r.question_id
            for r in await self.store.open_rounds()
            if r.question_id and r.channel.community_id == member.community_id
        }
        reviews = await self.store.reviews(member)
        now = self.now()
        pick = selection.next_for_member(pool, reviews, now, member_key(member), open_now)
        if pick is None:  # every match is a live daily question: practise one of them anyway
            pick = selection.next_for_member(pool, reviews, now, member_key(member))
        if pick is None:
            raise NotFound(self._no_match(topic, level.value if level else None))
        return QuizQuestion(question=pick.question, reason=pick.reason)

    def _no_match(self, topic: str | None, level: str | None) -> str:
        topics = self.bank.topics()
        if topic and spelling_key(topic) not in {spelling_key(t) for t in topics}:
            close = difflib.get_close_matches(topic.lower(), topics, n=3, cutoff=0.5)
            suggestion = " " + _("Did you mean {topics}?").format(topics=", ".join(close)) if close else ""
            shown = ", ".join(topics[:20]) + (" …" if len(topics) > 20 else "")
            return (_("No questions on topic `{topic}`.").format(topic=topic) + suggestion + " "
                    + _("Topics: {topics}.").format(topics=shown or _("none loaded")))
        if topic and level:
            return _("No {level} questions on `{topic}`; try another difficulty or leave it out.").format(
                level=label(level), topic=topic)
        if level:
            return _("No {level} questions are loaded; try another difficulty.").format(level=label(level))
        return _("No questions are loaded; ask the operator to add a content pack.")
