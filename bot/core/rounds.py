"""Daily rounds: which days are due, claiming and posting a round, closing it with the reveal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.core import selection, timetable
from bot.core.context import ServiceContext, channel_key, log
from bot.core.models import ChannelRef, Round, RoundStatus, Schedule
from bot.core.ports import RoundPost, RoundSummary

LOOKBACK_DAYS = 14  # start-up catch-up looks at most this far back for missed days
RECOVER_AFTER = timedelta(minutes=2)  # a claimed round without a post this old is posted again
OFFLINE_REASON = "studybot was not running at post time and the grace window had passed"


@dataclass
class DuePlan:
    """What is due at one instant: rounds to close, days to post, days to skip, posts to recover."""

    close: list[Round] = field(default_factory=list)
    open: list[tuple[Schedule, date]] = field(default_factory=list)
    skip: list[tuple[Schedule, date]] = field(default_factory=list)
    recover: list[Round] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.close or self.open or self.skip or self.recover)


class RoundKeeper(ServiceContext):
    """Opening and closing rounds; the scheduler decides when, this decides what."""

    async def plan_due(
        self,
        now: datetime | None = None,
        since: Callable[[ChannelRef], datetime | None] | None = None,
        channels: Sequence[ChannelRef] | None = None,
    ) -> DuePlan:
        """Everything due at `now`, for every channel or only `channels` (one scheduler job).

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
        for r in open_rounds:
            if r.closes_at is not None and r.closes_at <= now:
                plan.close.append(r)
            elif r.message_ref is None and r.opened_at is not None and r.opened_at <= now - RECOVER_AFTER:
                plan.recover.append(r)
        for schedule in schedules:
            if not schedule.paused:
                await self._plan_schedule(plan, schedule, now, since(schedule.channel) if since else None)
        return plan

    async def _plan_schedule(
        self, plan: DuePlan, schedule: Schedule, now: datetime, since: datetime | None
    ) -> None:
        today = self.today(schedule, now)
        taken = {r.local_date for r in await self.store.channel_rounds(schedule.channel)}
        last = max((d for d in taken if d <= today), default=None)
        first = today - timedelta(days=LOOKBACK_DAYS)
        if last is not None:
            first = max(first, last + timedelta(days=1))
        missed = [
            day
            for day in timetable.post_days_from(schedule, first, (today - first).days + 1)
            if day not in taken
            and timetable.post_instant(schedule, day) <= now
            and (since is None or timetable.post_instant(schedule, day) > since)
        ]
        for day in reversed(missed):
            late = now - timetable.post_instant(schedule, day)
            if late <= schedule.grace and not any(s is schedule for s, _ in plan.open):
                plan.open.append((schedule, day))
            elif last is not None or since is not None:
                plan.skip.append((schedule, day))

    async def claim_round(self, schedule: Schedule, local_date: date) -> Round | None:
        """Pick the question and claim the day in the store; None when the day already has a round."""
        pool = self.pool(schedule)
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
        post = await self.build_post(round_, schedule)
        message_ref = await self.messenger_for(round_.channel).post_round(post)
        return await self.remember_post(round_, message_ref)

    async def build_post(
        self, round_: Round, schedule: Schedule | None = None, *, fresh: bool = False
    ) -> RoundPost:
        """What the messenger renders for a round; `fresh` (just claimed) skips counting answers."""
        schedule = schedule or await self.store.get_schedule(round_.channel)
        question = self.question(round_.question_id)
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

    async def close_previous(self, round_: Round) -> None:
        """Close the channel's other open rounds (a round closes when the next one opens)."""
        for older in await self.store.open_rounds(round_.channel):
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
        summary = RoundSummary(
            round_id=round_.id,
            channel=round_.channel,
            message_ref=round_.message_ref,
            question=self.question(round_.question_id),
            stats=await self.store.round_stats(round_id),
        )
        try:
            await self.messenger_for(round_.channel).post_round_closed(summary)
        except Exception:
            log.exception("posting the reveal failed", extra={"round": round_id})
        return summary

    async def skip_missed(self, schedule: Schedule, local_date: date, reason: str = OFFLINE_REASON) -> bool:
        """Record a missed day as skipped and tell the channel; False when the day already had a round."""
        if not await self.store.skip_day(schedule.channel, local_date, reason):
            return False
        log.info("day skipped", extra={"channel": schedule.channel.channel_id, "day": str(local_date)})
        try:
            await self.messenger_for(schedule.channel).send_notice(
                schedule.channel,
                f"No question for {local_date:%a} {local_date.day} {local_date:%b}: {reason}. "
                "Streaks are not affected.",
            )
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
