"""What every use case shares: the store, the content bank, the clock, messengers and common checks."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.core import timetable
from bot.core.errors import NotAllowed, NotFound
from bot.core.grading_pool import GradingPool
from bot.core.i18n import N_, _
from bot.core.models import (
    Actor,
    AnswerMode,
    ChannelRef,
    ContentBank,
    MemberRef,
    Platform,
    Question,
    Schedule,
)
from bot.core.ports import Clock, Messenger, Store

log = logging.getLogger("studybot.service")

ScheduleListener = Callable[[Schedule], Awaitable[None] | None]

# Where members answer when `answers=` was never set: Discord reads thread replies only with the
# privileged Message Content intent, so it defaults to the form; Slack offers both.
DEFAULT_ANSWER_MODE = {
    Platform.DISCORD: AnswerMode.FORM,
    Platform.SLACK: AnswerMode.BOTH,
    Platform.CONSOLE: AnswerMode.FORM,
}
ADMIN_WHO = {
    Platform.DISCORD: N_("members with the Manage Server permission"),
    Platform.SLACK: N_("workspace admins and owners, and members an admin added"),
    Platform.CONSOLE: N_("admins"),
}


class ServiceContext:
    """State and helpers the use-case mixins of StudyService share."""

    def __init__(
        self,
        store: Store,
        bank: ContentBank,
        clock: Clock,
        *,
        default_tz: str = "UTC",
        grace: timedelta = timedelta(hours=6),
    ) -> None:
        self.store = store
        self.bank = bank
        self.clock = clock
        self.default_tz = default_tz
        self.grace = grace
        self.messengers: dict[Platform, Messenger] = {}
        self.grading = GradingPool(0)  # the app sizes it by STUDYBOT_GRADING_WORKERS; 0 grades here
        self._schedule_listeners: list[ScheduleListener] = []

    # --- wiring --------------------------------------------------------------------------------
    def register_messenger(self, messenger: Messenger) -> None:
        """Frontends register themselves so rounds on their platform can be posted."""
        self.messengers[Platform(messenger.platform)] = messenger

    def on_schedule_change(self, listener: ScheduleListener) -> None:
        """Call `listener(schedule)` after every schedule change (the scheduler rebuilds its job)."""
        self._schedule_listeners.append(listener)

    async def _schedule_changed(self, schedule: Schedule) -> None:
        for listener in self._schedule_listeners:
            try:
                result = listener(schedule)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("schedule listener failed", extra={"channel": schedule.channel.channel_id})

    def messenger_for(self, channel: ChannelRef) -> Messenger:
        """The messenger of the channel's platform; NotFound when that frontend is not running."""
        messenger = self.messengers.get(Platform(channel.platform))
        if messenger is None:
            raise NotFound(
                _("The {platform} frontend is not running, so nothing can be posted there; start studybot "
                  "with its token set.").format(platform=Platform(channel.platform).value)
            )
        return messenger

    async def channel_locale(self, channel: ChannelRef) -> str | None:
        """The language set with `/setup locale=` for the channel's public posts, None for the default."""
        schedule = await self.store.get_schedule(channel)
        return schedule.locale if schedule else None

    # --- checks --------------------------------------------------------------------------------
    def require_admin(self, actor: Actor, action: str) -> None:
        """NotAllowed unless the frontend found the actor to be an admin."""
        if not actor.is_admin:
            who = _(ADMIN_WHO.get(Platform(actor.member.platform), N_("admins")))
            raise NotAllowed(_("Only {who} can {action}.").format(who=who, action=action))

    async def schedule_of(self, channel: ChannelRef) -> Schedule:
        """The channel's schedule; NotFound with the set-up command when there is none."""
        schedule = await self.store.get_schedule(channel)
        if schedule is None:
            raise NotFound(
                _("This channel has no study schedule yet; an admin can start one with "
                  "`/studybot setup time=09:00 tz=Europe/Berlin days=mon-fri`.")
            )
        return schedule

    async def find_question(self, where: MemberRef | ChannelRef, question_id: str | None) -> Question | None:
        """The question with that id among those `where`'s community can see; None when it has none."""
        return self.bank.question(question_id or "")

    async def question_for(self, where: MemberRef | ChannelRef, question_id: str | None) -> Question:
        """`find_question`, NotFound (saying what to do) when the community has no such question."""
        question = await self.find_question(where, question_id)
        if question is None:
            raise NotFound(
                _("Question `{id}` is not in this community's content; start a new one with `/quiz`, or "
                  "ask an admin to check the content packs.").format(id=question_id)
            )
        return question

    def pool(self, schedule: Schedule) -> list[Question]:
        """The questions a schedule draws from (every pack when none are named)."""
        return self.bank.questions(tuple(schedule.packs))

    # --- time ----------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def today(self, schedule: Schedule | None, now: datetime | None = None) -> date:
        """The local date in the schedule's zone (the default zone without a schedule)."""
        instant = now or self.now()
        tz = schedule.tz if schedule else self.default_tz
        return instant.astimezone(timetable.zone(tz)).date()

    async def next_post(self, schedule: Schedule, now: datetime | None = None) -> datetime | None:
        """The next post instant (in the schedule's zone) of a day that has no round yet; None if paused."""
        if schedule.paused or not schedule.days:
            return None
        now = now or self.now()
        start = self.today(schedule, now)
        for day in timetable.post_days_from(schedule, start):
            instant = timetable.post_instant(schedule, day)
            if instant > now and await self.store.round_on(schedule.channel, day) is None:
                return instant
        return None


def member_key(member: MemberRef) -> str:
    """A stable text key of a member (seeds their practice order)."""
    return f"{Platform(member.platform).value}:{member.community_id}:{member.user_id}"


def channel_key(channel: ChannelRef) -> str:
    """A stable text key of a channel (seeds its shuffled order)."""
    return f"{Platform(channel.platform).value}:{channel.community_id}:{channel.channel_id}"
