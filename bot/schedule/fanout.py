"""Carrying out what is due: many channels at once with bounded concurrency, retries and reports."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from bot.core.context import channel_key
from bot.core.i18n import _, use_locale
from bot.core.models import Round, Schedule
from bot.core.ports import PrivateNote
from bot.core.rounds import DuePlan
from bot.core.service import StudyService

log = logging.getLogger("studybot.schedule")

DEFAULT_CONCURRENCY = 16
DEFAULT_BACKOFF = (1.0, 5.0)  # seconds before the 2nd and 3rd attempt


@dataclass
class FanOutReport:
    """What one run did. `taken` counts days another process (or an earlier run) already claimed."""

    posted: list[Round] = field(default_factory=list)
    closed: int = 0
    skipped: int = 0
    taken: int = 0
    failed: list[tuple[Round, str]] = field(default_factory=list)
    notes: list[PrivateNote] = field(default_factory=list)  # reminders and freeze notes delivered

    def merge(self, other: FanOutReport) -> None:
        self.posted += other.posted
        self.closed += other.closed
        self.skipped += other.skipped
        self.taken += other.taken
        self.failed += other.failed
        self.notes += other.notes


class FanOut:
    """Runs a DuePlan: closes first (the reveal comes before the next question), then skips, then
    claims and posts every due day concurrently, at most `concurrency` platform calls at a time.

    A post that fails is retried after each `backoff` delay, without holding a concurrency slot while
    waiting, so a slow or failing channel never holds up the others. After the last attempt the
    failure is logged and reported to the channel; the claimed round stays in the database and is
    posted again by a later run (see `DuePlan.recover`).
    """

    def __init__(
        self,
        service: StudyService,
        concurrency: int = DEFAULT_CONCURRENCY,
        backoff: tuple[float, ...] = DEFAULT_BACKOFF,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.service = service
        self.concurrency = concurrency
        self.backoff = backoff
        self._sleep = sleep
        self._slots = asyncio.Semaphore(concurrency)

    async def run(self, plan: DuePlan) -> FanOutReport:
        """Carry out the plan; never raises for one channel's failure."""
        report = FanOutReport()
        await self._each([self._close(r, report) for r in plan.close])
        await self._each([self._skip(s, d, report) for s, d in plan.skip])
        await self._each(
            [self._post(r, None, report) for r in plan.recover]
            + [self._open(plan, s, d, report) for s, d in plan.open]
        )
        return report

    @staticmethod
    async def _each(jobs: list[Awaitable[None]]) -> None:
        results = await asyncio.gather(*jobs, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, Exception):
                raise result
            if isinstance(result, Exception):
                log.error("scheduled work failed", exc_info=result)

    async def _close(self, round_: Round, report: FanOutReport) -> None:
        async with self._slots:  # the reveal is a platform call
            if await self.service.close_round(round_.id) is not None:
                report.closed += 1

    async def _skip(self, schedule: Schedule, day: date, report: FanOutReport) -> None:
        async with self._slots:  # the notice is a platform call
            if await self.service.skip_missed(schedule, day):
                report.skipped += 1

    async def _open(self, plan: DuePlan, schedule: Schedule, day: date, report: FanOutReport) -> None:
        # Database work is serialised by the store and needs no slot; slots bound platform calls.
        key = channel_key(schedule.channel)
        claimed = await self.service.claim_round(schedule, day, plan.history.get(key))
        if claimed is None:
            report.taken += 1
            return
        await self.service.close_previous(claimed, plan.still_open.get(key, []))
        await self._post(claimed, schedule, report, fresh=True)

    async def _post(
        self, round_: Round, schedule: Schedule | None, report: FanOutReport, *, fresh: bool = False
    ) -> None:
        """Post the round in its channel's language (`/setup locale=`), retrying with backoff."""
        locale = schedule.locale if schedule else await self.service.channel_locale(round_.channel)
        with use_locale(locale):
            await self._post_in_language(round_, schedule, report, fresh=fresh)

    async def _post_in_language(
        self, round_: Round, schedule: Schedule | None, report: FanOutReport, *, fresh: bool = False
    ) -> None:
        attempts = len(self.backoff) + 1
        error = ""
        for attempt in range(attempts):
            try:
                post = await self.service.build_post(round_, schedule, fresh=fresh)
                async with self._slots:
                    message_ref = await self.service.messenger_for(round_.channel).post_round(post)
            except Exception as err:
                error = f"{type(err).__name__}: {err}"
                log.warning("posting a round failed (attempt %d of %d): %s", attempt + 1, attempts, error,
                            extra={"round": round_.id, "channel": round_.channel.channel_id})
            else:
                report.posted.append(await self.service.remember_post(round_, message_ref))
                return
            if attempt < len(self.backoff):
                await self._sleep(self.backoff[attempt])
        report.failed.append((round_, error))
        log.error("posting a round failed after %d attempts: %s", attempts, error,
                  extra={"round": round_.id, "channel": round_.channel.channel_id})
        try:
            await self.service.messenger_for(round_.channel).send_notice(
                round_.channel,
                _("Today's question could not be posted after {attempts} attempts ({error}). studybot tries "
                  "again in a few minutes; check the bot's permissions in this channel.").format(
                    attempts=attempts, error=error),
            )
        except Exception:
            log.exception("reporting a failed post to the channel failed too")
