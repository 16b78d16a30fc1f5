"""Real-time scheduling with APScheduler 3: one cron job per schedule in its own timezone, plus a sweep."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.commands import DAY_NAMES
from bot.core.context import channel_key
from bot.core.models import Schedule
from bot.schedule.runner import DueRunner

log = logging.getLogger("studybot.schedule")

SWEEP_SECONDS = 60


def open_trigger(schedule: Schedule) -> CronTrigger:
    """Fires at the local post time on the schedule's days, in its zone (DST handled by APScheduler)."""
    return CronTrigger(
        day_of_week=",".join(DAY_NAMES[d] for d in sorted(schedule.days)),
        hour=schedule.post_time.hour,
        minute=schedule.post_time.minute,
        timezone=schedule.tz,
    )


def close_trigger(schedule: Schedule) -> CronTrigger | None:
    """Fires daily at the configured close time; None when rounds close as the next one opens."""
    if schedule.close_time is None:
        return None
    return CronTrigger(hour=schedule.close_time.hour, minute=schedule.close_time.minute, timezone=schedule.tz)


class RoundJobs:
    """Keeps APScheduler's jobs in step with the schedules in the database.

    Jobs are rebuilt at start-up and whenever a schedule changes (in this process through the
    service, in another process noticed by the minute sweep). A job only asks the DueRunner to run
    its channel; what is due is decided from the database, so a late or doubled job does no harm.
    The sweep also closes rounds, re-posts claimed-but-unposted rounds and catches anything missed.
    """

    def __init__(self, runner: DueRunner, sweep_seconds: float = SWEEP_SECONDS) -> None:
        self.runner = runner
        self.service = runner.service
        self.sweep_seconds = sweep_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._known: dict[str, Schedule] = {}
        self._running: set[asyncio.Task] = set()
        self.service.on_schedule_change(self.reschedule)

    async def start(self) -> None:
        """Catch up on missed days, build one job per schedule and start the scheduler."""
        await self.runner.catch_up()
        await self.rebuild()
        self.scheduler.add_job(
            self._sweep, IntervalTrigger(seconds=self.sweep_seconds), id="sweep",
            coalesce=True, max_instances=1, replace_existing=True,
        )
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop firing jobs and let the ones already running finish."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)  # AsyncIOScheduler runs this on the loop's next turn
            await asyncio.sleep(0)
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def rebuild(self) -> None:
        """Replace every channel job with jobs for the schedules now in the database."""
        schedules = await self.service.store.list_schedules()
        wanted = {channel_key(s.channel) for s in schedules}
        for key in set(self._known) - wanted:
            self._remove(key)
        for schedule in schedules:
            self.reschedule(schedule)

    def _remove(self, key: str) -> None:
        for prefix in ("open:", "close:"):
            if self.scheduler.get_job(prefix + key):
                self.scheduler.remove_job(prefix + key)
        self._known.pop(key, None)

    def reschedule(self, schedule: Schedule) -> None:
        """(Re)create the jobs of one schedule; none while it is paused."""
        key = channel_key(schedule.channel)
        self._remove(key)
        self._known[key] = schedule
        if schedule.paused or not schedule.days:
            return
        grace = max(int(schedule.grace.total_seconds()), 1)
        self.scheduler.add_job(
            self._fire, open_trigger(schedule), args=[schedule], id="open:" + key,
            misfire_grace_time=grace, coalesce=True, replace_existing=True,
        )
        trigger = close_trigger(schedule)
        if trigger is not None:
            self.scheduler.add_job(
                self._fire, trigger, args=[schedule], id="close:" + key,
                misfire_grace_time=grace, coalesce=True, replace_existing=True,
            )

    def jobs(self) -> list[tuple[str, str]]:
        """(job id, next run time ISO) of every job, for status and tests."""
        return [
            (job.id, job.next_run_time.isoformat() if job.next_run_time else "")
            for job in self.scheduler.get_jobs()
        ]

    async def _tracked(self, coro: object) -> None:
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        self._running.add(task)
        try:
            await task
        finally:
            self._running.discard(task)

    async def _fire(self, schedule: Schedule) -> None:
        try:
            await self._tracked(self.runner.run_due([schedule.channel]))
        except Exception:
            log.exception("scheduled run failed", extra={"channel": schedule.channel.channel_id})

    async def _sweep(self) -> None:
        try:
            schedules = await self.service.store.list_schedules()
            for schedule in schedules:
                if self._known.get(channel_key(schedule.channel)) != schedule:
                    self.reschedule(schedule)
            await self._tracked(self.runner.run_due())
        except Exception:
            log.exception("sweep failed")
