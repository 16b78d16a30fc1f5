"""Reminders and freeze notes: `/remind`, the channel default, and the private notes the scheduler sends.

- A **reminder** goes to a member who turned reminders on in a channel, has a streak of 1 or more
  there, and has not answered the open round, once the round closes within their chosen time. One
  per member and round, ever: the note is claimed in the store before it is sent (exactly-once
  across restarts and processes); a failed DM is recorded and not retried. Paused channels and
  channels where an admin turned reminders off get none.
- A **freeze note** tells a member that an answer earned a freeze or that a missed day used one.
  It goes to everyone concerned except members who turned reminders off in that channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from bot.core import timetable
from bot.core.answers import Answering
from bot.core.commands import parse_time
from bot.core.context import channel_key, log
from bot.core.errors import InvalidInput
from bot.core.i18n import _, format_day, ngettext, use_locale
from bot.core.models import ChannelRef, MemberRef, Question, Round, Schedule
from bot.core.ports import PrivateNote
from bot.core.reminder_rules import (
    ChannelReminders,
    ReminderPref,
    describe,
    due_at,
    format_lead,
    freeze_event,
    parse_lead,
)
from bot.core.results import Feedback
from bot.core.streaks import FREEZE_EVERY, MAX_FREEZES

FREEZE_CHECK_WINDOW = timedelta(days=2)  # closed rounds older than this are not looked at for freeze uses


@dataclass(frozen=True)
class ReminderSetting:
    """A member's reminder choice for a channel after `/remind`, with the confirmation in words."""

    pref: ReminderPref | None
    default: ChannelReminders
    message: str


class Reminders(Answering):
    """`/remind`, due reminders and freeze notes."""

    async def remind(
        self, channel: ChannelRef, member: MemberRef, options: dict[str, str]
    ) -> ReminderSetting:
        """Turn the member's reminders in this channel on or off (`action`, `at`, `before`), or say how
        they are set when no option is given."""
        schedule = await self.schedule_of(channel)
        default = await self.store.channel_reminders(channel)
        action = (options.get("action") or "").strip().lower()
        at_text, before_text = (options.get("at") or "").strip(), (options.get("before") or "").strip()
        if not action and not (at_text or before_text):
            pref = await self.store.get_reminder(channel, member)
            return ReminderSetting(pref, default, self._explain(schedule, pref, default))
        if action not in ("", "on", "off"):
            raise InvalidInput(_("`/remind {action}`: say `on` or `off`, e.g. `/remind on "
                                 "before=2h`.").format(
                action=action[:40]))
        if action == "off":
            if at_text or before_text:
                raise InvalidInput(_("`/remind off` takes no time; `/remind on at=18:00` changes when."))
            pref = ReminderPref(member, channel, enabled=False)
        else:
            if at_text and before_text:
                raise InvalidInput(_("Give either `at=HH:MM` or `before=2h`, not both."))
            pref = ReminderPref(
                member,
                channel,
                True,
                parse_lead(before_text) if before_text else None,
                self._at(at_text) if at_text else None,
            )
        await self.store.set_reminder(pref, self.now())
        return ReminderSetting(pref, default, self._explain(schedule, pref, default))

    @staticmethod
    def _at(text: str) -> time:
        try:
            return parse_time(text)
        except InvalidInput as err:
            raise InvalidInput(str(err).replace("`time=", "`at=", 1)) from None

    @staticmethod
    def _explain(schedule: Schedule, pref: ReminderPref | None, default: ChannelReminders) -> str:
        place = f"#{schedule.channel.name or schedule.channel.channel_id}"
        if pref is None or not pref.enabled:
            said = (
                _("Reminders in {place} are off: no private reminders and no notes about freezes.")
                if pref is not None
                else _("Reminders in {place} are not turned on: no private reminders; you still get a note "
                       "when a freeze is earned or used.")
            )
            return said.format(place=place) + " " + _(
                "`/remind on before=2h` or `/remind on at=18:00` turns them on.")
        off = (
            " " + _("An admin turned reminders off in this channel, so none are sent until they turn "
                    "them back on.")
            if not default.enabled
            else ""
        )
        return _(
            "Reminders in {place} are on: one private message {when}, on days you have a streak of 1 or more "
            "and have not answered yet, and a note when a freeze is earned or used. `/remind off` stops them."
        ).format(place=place, when=describe(pref, default)) + off

    # --- what the scheduler runs ----------------------------------------------------------------
    async def send_private_notes(self, channels: Sequence[ChannelRef] | None = None) -> list[PrivateNote]:
        """Send every reminder due now (in `channels`, or everywhere) and the freeze-use notes of
        rounds closed since the last look; returns the notes delivered."""
        sent = await self._due_reminders(channels)
        if channels is None:
            sent += await self._freeze_uses()
        return sent

    async def _watched(
        self, channels: Sequence[ChannelRef] | None
    ) -> list[tuple[Round, Schedule, ChannelReminders]]:
        """Open rounds that may get reminders: some member opted in, not paused, not turned off by an
        admin. Channels nobody opted in to cost nothing beyond one query."""
        subscribed = {channel_key(c) for c in await self.store.reminder_channels()}
        if channels is not None:
            channels = [c for c in channels if channel_key(c) in subscribed]
        if not subscribed or channels == []:
            return []
        if channels is None:
            rounds = await self.store.open_rounds()
        else:
            rounds = [r for c in channels for r in await self.store.open_rounds(c)]
        watched = []
        for round_ in rounds:
            if (
                not round_.question_id
                or round_.closes_at is None
                or channel_key(round_.channel) not in subscribed
            ):
                continue
            schedule = await self.store.get_schedule(round_.channel)
            if schedule is None or schedule.paused:
                continue
            default = await self.store.channel_reminders(round_.channel)
            if default.enabled:
                watched.append((round_, schedule, default))
        return watched

    async def _due_reminders(self, channels: Sequence[ChannelRef] | None) -> list[PrivateNote]:
        now = self.now()
        sent: list[PrivateNote] = []
        for round_, schedule, default in await self._watched(channels):
            if round_.closes_at is None or round_.closes_at <= now:
                continue
            try:  # one round's trouble (its question gone from the content) never stops the others
                with use_locale(schedule.locale):
                    sent += await self._remind_round(round_, schedule, default, now)
            except Exception:
                log.exception("reminders for a round failed", extra={"round": round_.id})
        return sent

    async def _remind_round(
        self, round_: Round, schedule: Schedule, default: ChannelReminders, now: datetime
    ) -> list[PrivateNote]:
        sent = []
        done: set[str] | None = None
        for pref in await self.store.reminder_subscribers(round_.channel):
            when = due_at(pref, default, round_, schedule.tz)
            if when is None or when > now:
                continue
            if done is None:  # read once per round, and only when something is due
                done = await self.store.noticed("reminder", round_.id)
            if pref.member.user_id in done:
                continue
            if await self.store.member_answers(pref.member, round_id=round_.id):
                continue
            streak = await self.store.member_streak(round_.channel, pref.member, self.today(schedule, now))
            if streak.current < 1:
                continue
            question = await self.question_for(round_.channel, round_.question_id)
            note = self._reminder(pref.member, round_, question, schedule, streak.current, now)
            if await self._deliver("reminder", round_.id, note):
                sent.append(note)
        return sent

    async def next_reminder(self, after: datetime) -> datetime | None:
        """The first instant strictly after `after` at which a reminder falls due (simulated time)."""
        times = []
        for round_, schedule, default in await self._watched(None):
            for pref in await self.store.reminder_subscribers(round_.channel):
                when = due_at(pref, default, round_, schedule.tz)
                if when is not None and after < when:
                    times.append(when)
        return min(times, default=None)

    def _reminder(
        self, member: MemberRef, round_: Round, question: Question, schedule: Schedule, streak: int,
        now: datetime,
    ) -> PrivateNote:
        closes = round_.closes_at or now
        left = format_lead(max(closes - now, timedelta(minutes=1)))
        text = _(
            "Your {days}-day streak in #{channel} is at risk: the open question closes in {left} "
            "({when}) and "
            "you have not answered yet. Question: {prompt}"
        ).format(days=streak, channel=round_.channel.name or round_.channel.channel_id, left=left,
                 when=timetable.describe_instant(closes, schedule.tz), prompt=question.prompt)
        return PrivateNote(
            "reminder", member, round_.channel, text, round_.id, closes, schedule.tz, question.prompt
        )

    async def _deliver(self, kind: str, round_id: int, note: PrivateNote) -> bool:
        """Claim the note (exactly-once), send it, record how it went; False when not delivered."""
        if not await self.store.claim_notice(kind, round_id, note.member, self.now()):
            return False
        try:
            await self.messenger_for(note.channel).send_private(note)
        except Exception as err:
            detail = f"{type(err).__name__}: {err}"
            log.warning(
                "a private %s could not be delivered: %s",
                kind,
                detail,
                extra={"round": round_id, "member": note.member.user_id},
            )
            await self.store.settle_notice(kind, round_id, note.member, "failed", detail)
            return False
        await self.store.settle_notice(kind, round_id, note.member, "sent", "")
        return True

    # --- freezes ---------------------------------------------------------------------------------
    async def submit_answer(self, member: MemberRef, round_id: int, text: str, **options: Any) -> Feedback:
        """Answering's `submit_answer` (same options), plus a private note when the counted answer
        earned a freeze."""
        feedback = await super().submit_answer(member, round_id, text, **options)
        streak = feedback.streak
        if feedback.counted and streak is not None and streak.freezes and streak.current >= FREEZE_EVERY:
            try:
                await self._freeze_note(member, round_id, "earned")
            except Exception:
                log.exception("the freeze note failed", extra={"round": round_id})
        return feedback

    async def _freeze_uses(self) -> list[PrivateNote]:
        sent = []
        rounds = await self.store.unchecked_closed_rounds(self.now() - FREEZE_CHECK_WINDOW)
        claimed = await self.store.claim_round_checks([r.id for r in rounds], self.now())
        for round_ in (r for r in rounds if r.id in claimed):
            for member in await self.store.freeze_candidates(round_.channel, FREEZE_EVERY):
                note = await self._freeze_note(member, round_.id, "used", round_)
                if note is not None:
                    sent.append(note)
        return sent

    async def _freeze_note(
        self, member: MemberRef, round_id: int, wanted: str, round_: Round | None = None
    ) -> PrivateNote | None:
        round_ = round_ or await self.store.get_round(round_id)
        if round_ is None:
            return None
        pref = await self.store.get_reminder(round_.channel, member)
        if pref is not None and not pref.enabled:
            return None
        event = freeze_event(await self.store.streak_marks(round_.channel, member), round_.local_date)
        if event is None or event[0] != wanted:
            return None
        freezes = event[1]
        place = f"#{round_.channel.name or round_.channel.channel_id}"
        with use_locale(await self.channel_locale(round_.channel)):
            held = ngettext("{n} freeze", "{n} freezes", freezes).format(n=freezes)
            if wanted == "earned":
                text = _(
                    "You earned a streak freeze in {place} for {every} answered days in a row; you hold "
                    "{held} "
                    "(at most {most}). A missed day uses one and keeps your streak."
                ).format(place=place, every=FREEZE_EVERY, held=held, most=MAX_FREEZES)
            else:
                text = _(
                    "You missed the question of {day} in {place}, so a freeze kept your streak; {held} left. "
                    "Answer {every} days in a row to earn another."
                ).format(day=format_day(round_.local_date), place=place, held=held, every=FREEZE_EVERY)
            note = PrivateNote("freeze", member, round_.channel, text, round_.id, event=wanted,
                               freezes=freezes)
            return note if await self._deliver(f"freeze_{wanted}", round_.id, note) else None
