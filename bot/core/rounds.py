"""Daily rounds: which days are due, claiming and posting a round, closing it with the reveal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.core import selection, timetable
from bot.core.choices import distribution
from bot.core.context import ServiceContext, channel_key, log
from bot.core.i18n import N_, _, format_day, use_locale
from bot.core.models import ChannelRef, Question, QuestionType, Round, RoundStatus, Schedule
from bot.core.ports import RoundPost, RoundSummary

LOOKBACK_DAYS = 14  # start-up catch-up looks at most this far back for missed days
RECOVER_AFTER = timedelta(minutes=2)  # a claimed round without a post this old is posted again
POST_LEASE_SECONDS = 120.0  # wall-clock seconds a claiming process may take to post before a take-over
OFFLINE_REASON = N_("studybot was not running at post time and the grace window had passed")


@dataclass
class DuePlan:
    """What is due at one instant: rounds to close, days to post, days to skip, posts to recover."""

    close: list[Round] = field(default_factory=list)
    open: list[tuple[Schedule, date]] = field(default_factory=list)
    skip: list[tuple[Schedule, date]] = field(default_factory=list)
    recover: list[Round] = field(default_factory=list)
    # what planning read, by channel key, so carrying the plan out need not read it again
    history: dict[str, list[Round]] = field(default_factory=dict)
    still_open: dict[str, list[Round]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.close or self.open or self.skip or self.recover)


class RoundKeeper(ServiceContext):
    """Opening and closing rounds; the scheduler decides when, this decides what."""

    post_lease_seconds: float = POST_LEASE_SECONDS

    async def plan_due(
        self,
        now: datetime | None = None,
        since: Callable[[ChannelRef], datetime | None] | None = None,
        channels: Sequence[ChannelRef] | None = None,
        serves: Callable[[ChannelRef], bool] | None = None,
    ) -> DuePlan:
        """Everything due at `now`, for every channel or only `channels` (one scheduler job), and
        only channels `serves` accepts when given (a process running some of the Discord shards).

        `since(channel)` is when the caller last looked at that channel: post times at or before it
        were handled then and are not looked at again (so a schedule set up after today's post time
        waits for tomorrow). Where it gives None (start-up) missed days are posted late when inside
        the schedule's grace window, and otherwise recorded as skipped, which leaves streaks alone.
        """
        now = now or self.now()
        plan = DuePlan()
        if channels is None:
            open_rounds = await self.store.open_rounds()
            schedules = await self.store.list_schedules()
        else:
            open_rounds = [r for c in channels for r in await self.store.open_rounds(c)]
            found = [await self.store.get_schedule(c) for c in channels]
            schedules = [s for s in found if s is not None]
        if serves is not None:
            open_rounds = [r for r in open_rounds if serves(r.channel)]
            schedules = [s for s in schedules if serves(s.channel)]
        for r in open_rounds:
            if r.closes_at is not None and r.closes_at <= now:
                plan.close.append(r)
                continue
            plan.still_open.setdefault(channel_key(r.channel), []).append(r)
            if (
                r.message_ref is None
                and r.opened_at is not None
                and r.opened_at <= now - RECOVER_AFTER
                # the lease is wall-clock: a post still under way in another process is not doubled
                and await self.store.take_over_post(r.id, self.post_lease_seconds)
            ):
                plan.recover.append(r)
        active = [(s, since(s.channel) if since else None) for s in schedules if not s.paused]
        # A channel looked at before needs only the post times since then; claiming finds out whether
        # another process took the day. Only a first look reads the channel's history.
        first_looks = [s for s, seen in active if seen is None]
        histories = await asyncio.gather(*(self.store.channel_rounds(s.channel) for s in first_looks))
        for schedule, history in zip(first_looks, histories, strict=True):
            plan.history[channel_key(schedule.channel)] = history
        for schedule, seen in active:
            self._plan_schedule(plan, schedule, plan.history.get(channel_key(schedule.channel)), now, seen)
        return plan

    def _plan_schedule(
        self, plan: DuePlan, schedule: Schedule, history: list[Round] | None, now: datetime,
        since: datetime | None,
    ) -> None:
        if since is not None:
            missed = timetable.due_days(schedule, since, now)
            last = None
        else:
            today = self.today(schedule, now)
            taken = {r.local_date for r in history or ()}
            last = max((d for d in taken if d <= today), default=None)
            first = today - timedelta(days=LOOKBACK_DAYS)
            if last is not None:
                first = max(first, last + timedelta(days=1))
            missed = [
                day
                for day in timetable.post_days_from(schedule, first, (today - first).days + 1)
                if day not in taken and timetable.post_instant(schedule, day) <= now
            ]
        opening = False
        for day in reversed(missed):  # newest first: only the newest day inside the grace window posts
            late = now - timetable.post_instant(schedule, day)
            if late <= schedule.grace and not opening:
                plan.open.append((schedule, day))
                opening = True
            elif last is not None or since is not None:
                plan.skip.append((schedule, day))

    async def claim_round(
        self, schedule: Schedule, local_date: date, history: list[Round] | None = None
    ) -> Round | None:
        """Pick the question and claim the day in the store; None when the day already has a round.

        `history` is the channel's rounds when the caller already read them.
        """
        pool = self.pool(schedule)
        if history is None:
            history = await self.store.channel_rounds(schedule.channel)
        asked = [r.question_id for r in history if r.question_id]
        scores = await self.store.question_scores(schedule.channel) if schedule.order == "adaptive" else {}
        question = selection.next_for_channel(
            pool, schedule.order, asked, channel_key(schedule.channel), scores
        )
        if question is None:
            log.warning("no questions to post", extra={"channel": schedule.channel.channel_id})
            return None
        return await self.store.claim_round(
            schedule.channel,
            local_date,
            question.id,
            self.now(),
            timetable.close_instant(schedule, local_date),
        )

    async def post_round(self, round_: Round, schedule: Schedule | None = None) -> Round:
        """Post a claimed round through its platform's messenger and remember the message."""
        schedule = schedule or await self.store.get_schedule(round_.channel)
        with use_locale(schedule.locale if schedule else None):
            post = await self.build_post(round_, schedule)
            message_ref = await self.messenger_for(round_.channel).post_round(post)
        return await self.remember_post(round_, message_ref)

    async def build_post(
        self, round_: Round, schedule: Schedule | None = None, *, fresh: bool = False
    ) -> RoundPost:
        """What the messenger renders for a round; `fresh` (just claimed) skips counting answers."""
        schedule = schedule or await self.store.get_schedule(round_.channel)
        question = await self.question_for(round_.channel, round_.question_id)
        return RoundPost(
            round_id=round_.id,
            channel=round_.channel,
            question=question,
            local_date=round_.local_date,
            closes_at=round_.closes_at,
            tz=schedule.tz if schedule else self.default_tz,
            answers_mode=str(schedule.answers if schedule else "form"),
            answered=0 if fresh else await self.store.answer_count(round_.id),
        )

    async def remember_post(self, round_: Round, message_ref: str) -> Round:
        """Store the platform message of a posted round (live counts and the reveal thread use it)."""
        await self.store.set_round_message(round_.id, message_ref)
        return replace(round_, message_ref=message_ref)

    async def close_previous(self, round_: Round, still_open: list[Round] | None = None) -> None:
        """Close the channel's other open rounds (a round closes when the next one opens).

        `still_open` is the channel's open rounds when the caller already read them.
        """
        if still_open is None:
            still_open = await self.store.open_rounds(round_.channel)
        for older in still_open:
            if older.id != round_.id and older.local_date < round_.local_date:
                await self.close_round(older.id)

    async def open_round(self, channel: ChannelRef, local_date: date) -> Round | None:
        """Claim the day's round in the store, then post it. None when the day already had one."""
        schedule = await self.schedule_of(channel)
        claimed = await self.claim_round(schedule, local_date)
        if claimed is None:
            return None
        await self.close_previous(claimed)
        return await self.post_round(claimed, schedule)

    async def close_round(self, round_id: int) -> RoundSummary | None:
        """Close the round and post the reveal. None when it was already closed."""
        round_ = await self.store.get_round(round_id)
        if round_ is None or round_.status != RoundStatus.OPEN:
            return None
        if not await self.store.close_round(round_id, self.now()):
            return None
        question = await self.question_for(round_.channel, round_.question_id)
        summary = RoundSummary(
            round_id=round_.id,
            channel=round_.channel,
            message_ref=round_.message_ref,
            question=question,
            stats=await self.store.round_stats(round_id),
            picks=await self.pick_counts(round_, question),
        )
        try:
            with use_locale(await self.channel_locale(round_.channel)):
                await self.messenger_for(round_.channel).post_round_closed(summary)
        except Exception:
            log.exception("posting the reveal failed", extra={"round": round_id})
        return summary

    async def pick_counts(self, round_: Round, question: Question) -> tuple[int, ...]:
        """How many counted answers picked each option of a choice question (empty for other types)."""
        if question.kind != QuestionType.CHOICE:
            return ()
        rows = self.store.iter_answers(channel=round_.channel, since=round_.opened_at)
        stored = [row.text async for row in rows if row.round_id == round_.id and row.counted]
        return distribution(question, stored)

    async def skip_missed(self, schedule: Schedule, local_date: date, reason: str = OFFLINE_REASON) -> bool:
        """Record a missed day as skipped and tell the channel; False when the day already had a round."""
        if not await self.store.skip_day(schedule.channel, local_date, reason):
            return False
        log.info("day skipped", extra={"channel": schedule.channel.channel_id, "day": str(local_date)})
        try:
            with use_locale(schedule.locale):
                text = _("No question for {day}: {reason}. Streaks are not affected.").format(
                    day=format_day(local_date), reason=_(reason))
                await self.messenger_for(schedule.channel).send_notice(schedule.channel, text)
        except Exception:
            log.exception("notice about a skipped day failed")
        return True

    async def catch_up(self) -> list[Round]:
        """At start-up: post missed rounds still inside the grace window, skip the rest.

        The scheduler runs the same plan with bounded concurrency; this sequential version serves
        callers without one.
        """
        plan = await self.plan_due()
        for r in plan.close:
            await self.close_round(r.id)
        for schedule, day in plan.skip:
            await self.skip_missed(schedule, day)
        posted = [await self.post_round(r) for r in plan.recover]
        for schedule, day in plan.open:
            opened = await self.open_round(schedule.channel, day)
            if opened is not None:
                posted.append(opened)
        return posted

    async def current_round(self, channel: ChannelRef) -> Round | None:
        """The channel's newest posted round (open, or closed when none is open)."""
        rounds = [r for r in await self.store.channel_rounds(channel) if r.question_id]
        open_ = [r for r in rounds if r.status == RoundStatus.OPEN]
        if open_:
            return open_[-1]
        return rounds[-1] if rounds else None
