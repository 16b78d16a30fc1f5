"""On-demand practice: `/quiz` picks a question for one member by spaced repetition."""

from __future__ import annotations

import difflib

from bot.core import selection
from bot.core.commands import parse_difficulty
from bot.core.context import ServiceContext, member_key
from bot.core.errors import NotFound
from bot.core.i18n import N_, _
from bot.core.labels import label
from bot.core.models import ChannelRef, MemberRef, Question, Schedule
from bot.core.results import QuizQuestion
from bot.core.spelling import spelling_key

EVERY_PACK = N_("every loaded pack")


class Practice(ServiceContext):
    """The `/quiz` use case."""

    async def quiz(
        self,
        member: MemberRef,
        topic: str | None = None,
        difficulty: str | None = None,
        channel: ChannelRef | None = None,
    ) -> QuizQuestion:
        """Pick a practice question by spaced repetition for this member, from the questions the
        rounds draw from (`practice_pool`; `channel` is where /quiz was asked).

        Questions the member got wrong come back first once due, then unseen ones, then the one due
        soonest. Questions of rounds open right now are held back so practice never spoils them.
        """
        level = parse_difficulty(difficulty)
        topic = (topic or "").strip() or None
        source = await self.practice_pool(member, channel)
        pool = [q for q in source if selection.matches(q, topic, level)]
        if not pool:
            searched = await self._searched(member, channel)
            raise NotFound(self._no_match(topic, level.value if level else None, source, searched))
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
            searched = await self._searched(member, channel)
            raise NotFound(self._no_match(topic, level.value if level else None, source, searched))
        return QuizQuestion(question=pick.question, reason=pick.reason)

    async def _practice_schedules(
        self, member: MemberRef, channel: ChannelRef | None
    ) -> tuple[list[Schedule], str]:
        """The schedules /quiz draws from (see `practice_pool`) and, in words, whose they are."""
        own = await self.store.get_schedule(channel) if channel is not None else None
        if own is not None:
            return [own], N_("this channel's packs")
        community = (member.platform, member.community_id)
        schedules = [
            s for s in await self.store.list_schedules()
            if (s.channel.platform, s.channel.community_id) == community
        ]
        if schedules:
            return schedules, N_("the packs of this community's schedules")
        place = channel or ChannelRef(member.platform, member.community_id, "")
        return [Schedule(channel=place)], EVERY_PACK  # what a new schedule would draw from

    async def _searched(self, member: MemberRef, channel: ChannelRef | None) -> str:
        """What /quiz searched, in the current language, e.g. "this channel's packs (test, community)"."""
        schedules, whose = await self._practice_schedules(member, channel)
        named = sorted({p for s in schedules for p in s.packs})
        if not named or any(not s.packs for s in schedules):
            if whose == EVERY_PACK:
                return _(EVERY_PACK)
            return _("{whose} ({packs})").format(whose=_(whose), packs=_(EVERY_PACK))
        return _("{whose} ({packs})").format(whose=_(whose), packs=", ".join(named))

    async def practice_pool(self, member: MemberRef, channel: ChannelRef | None = None) -> list[Question]:
        """The questions the member's rounds draw from: the packs of the channel's schedule; in a
        channel without one, those of every schedule of the community; with none, every pack."""
        schedules, _whose = await self._practice_schedules(member, channel)
        found: dict[str, Question] = {}
        for schedule in schedules:
            for question in self.pool(schedule):
                found.setdefault(question.id, question)
        return list(found.values())

    async def quiz_topics(self, member: MemberRef, channel: ChannelRef | None = None) -> list[str]:
        """The topics /quiz can pick from for this member in `channel` (its autocomplete)."""
        return sorted({t for q in await self.practice_pool(member, channel) for t in q.topics})

    async def practice_question(self, member: MemberRef, question_id: str) -> Question | None:
        """The question of a /quiz pick, for its answer form; None when the member's community has no
        such question (any more)."""
        return await self.find_question(member, question_id)

    def _no_match(self, topic: str | None, level: str | None, source: list[Question], searched: str) -> str:
        topics = sorted({t for q in source for t in q.topics})
        if topic and spelling_key(topic) not in {spelling_key(t) for t in topics}:
            close = difflib.get_close_matches(topic.lower(), topics, n=3, cutoff=0.5)
            suggestion = " " + _("Did you mean {topics}?").format(topics=", ".join(close)) if close else ""
            shown = ", ".join(topics[:20]) + (" …" if len(topics) > 20 else "")
            return (_("No questions on topic `{topic}`.").format(topic=topic) + suggestion + " "
                    + _("Topics: {topics}.").format(topics=shown or _("none loaded")))
        more = _("an admin can add packs with `/studybot setup packs=...` (`/studybot packs` lists them)")
        if topic and level:
            return _("No {level} questions on `{topic}` in {searched}; try another difficulty or leave it "
                     "out, or {more}.").format(level=label(level), topic=topic, searched=searched, more=more)
        if level:
            return _("No {level} questions in {searched}; try another difficulty, or {more}.").format(
                level=label(level), searched=searched, more=more)
        return _("No questions are loaded; ask the operator to add a content pack.")
