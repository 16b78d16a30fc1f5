"""The due-logic: what to open, close, skip or re-post at an instant, for real or simulated time."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.core import timetable
from bot.core.clocks import SimulatedClock
from bot.core.context import channel_key
from bot.core.models import ChannelRef, Round, Schedule
from bot.core.service import StudyService
from bot.schedule.fanout import FanOut, FanOutReport

log = logging.getLogger("studybot.schedule")

MAX_RECOVERIES = 3  # re-post attempts per claimed-but-unposted round and process (each with retries)


class DueRunner:
    """Runs what is due, remembering per channel up to when it looked (so nothing is done twice by
    this process; the database's unique round key keeps other processes from doing it again).

    `catch_up()` is the start-up pass, `run_due()` a regular pass (all channels or some), and
    `advance(to)` walks a simulated clock forward, stopping at every post and close time on the way.
    """

    def __init__(
        self,
        service: StudyService,
        fanout: FanOut | None = None,
        serves: Callable[[ChannelRef], bool] | None = None,
    ) -> None:
        self.service = service
        self.fanout = fanout or FanOut(service)
        self.serves = serves  # None: every channel; else only those (a process running some Discord shards)
        self._seen: dict[str, datetime] = {}
        self._last_full: datetime | None = None  # None until the start-up pass ran
        self._recoveries: Counter[int] = Counter()
        service.on_schedule_change(self._schedule_changed)

    def _schedule_changed(self, schedule: Schedule) -> None:
        # Post times already past when a schedule changes are not due (setup at 10:00 for 09:00
        # waits for tomorrow).
        self._seen[channel_key(schedule.channel)] = self.service.now()

    def since(self, channel: ChannelRef) -> datetime | None:
        """Up to when this process already looked at the channel (None before the start-up pass)."""
        return self._seen.get(channel_key(channel), self._last_full)

    async def run_due(
        self, channels: Sequence[ChannelRef] | None = None, *, startup: bool = False
    ) -> FanOutReport:
        """Plan and carry out everything due now; `startup` applies the grace window to missed days."""
        now = self.service.now()
        plan = await self.service.plan_due(now, None if startup else self.since, channels, self.serves)
        plan.recover = self._limit_recoveries(plan.recover)
        report = await self.fanout.run(plan) if plan else FanOutReport()
        try:
            report.notes += await self.service.send_private_notes(channels)
        except Exception:
            log.exception("sending reminders and freeze notes failed")
        if channels is None:
            self._last_full = now
            self._seen.clear()
        else:
            for channel in channels:
                self._seen[channel_key(channel)] = now
        return report

    def _limit_recoveries(self, rounds: list[Round]) -> list[Round]:
        """Re-post a claimed-but-unposted round a few times per process, then leave it to the operator."""
        kept = []
        for round_ in rounds:
            self._recoveries[round_.id] += 1
            if self._recoveries[round_.id] <= MAX_RECOVERIES:
                kept.append(round_)
            elif self._recoveries[round_.id] == MAX_RECOVERIES + 1:
                log.error("round %d could not be posted after %d tries; it stays unposted until restart",
                          round_.id, MAX_RECOVERIES, extra={"channel": round_.channel.channel_id})
        return kept

    async def catch_up(self) -> FanOutReport:
        """The start-up pass: late posts inside the grace window, skips outside, unposted re-posted."""
        report = await self.run_due(startup=True)
        if report.posted or report.skipped:
            log.info("start-up catch-up: %d posted, %d skipped", len(report.posted), report.skipped)
        return report

    async def next_event(self, after: datetime) -> datetime | None:
        """The first post, close or reminder instant strictly after `after` (simulated time stepping)."""
        times = [
            r.closes_at for r in await self.service.store.open_rounds() if r.closes_at and r.closes_at > after
        ]
        reminder = await self.service.next_reminder(after)
        if reminder is not None:
            times.append(reminder)
        for schedule in await self.service.store.list_schedules():
            if not schedule.paused:
                instant = timetable.next_post_instant(schedule, after)
                if instant is not None:
                    times.append(instant)
        return min(times, default=None)

    async def advance(
        self, clock: SimulatedClock, to: datetime, stop: Callable[[], bool] = lambda: False
    ) -> FanOutReport:
        """Move a simulated clock to `to`, running everything due at each post and close time between.

        `stop()` is asked before every step; when it says so the clock stays where it got to.
        """
        clock.check_forward(to)
        report = FanOutReport()
        current = clock.now()
        while (instant := await self.next_event(current)) is not None and instant <= to:
            if stop():
                return report
            clock.set(instant)
            report.merge(await self.run_due())
            current = instant
        clock.set(to)
        report.merge(await self.run_due())
        return report
