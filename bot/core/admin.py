"""Admin use cases for a channel: set up, pause, resume, skip, post now, status, stats and packs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core import timetable
from bot.core.commands import (
    days_phrase,
    parse_choice,
    parse_days,
    parse_locale,
    parse_time,
    parse_tz,
)
from bot.core.context import DEFAULT_ANSWER_MODE, log
from bot.core.errors import Conflict, InvalidInput, StudybotError
from bot.core.i18n import N_, _, default_locale, format_day, language_name, use_locale
from bot.core.labels import label
from bot.core.models import (
    Actor,
    AnswerMode,
    ChannelRef,
    Order,
    Platform,
    Round,
    RoundStatus,
    Schedule,
)
from bot.core.reminder_rules import format_lead, parse_channel_reminders
from bot.core.results import ChannelStats, ChannelStatus, PackInfo, ScheduleChange
from bot.core.rounds import RoundKeeper
from bot.core.wording import count

SETUP_OPTIONS = ("time", "tz", "days", "packs", "order", "answers", "remind", "locale")
RECENT_ROUNDS = 7
HARDEST = 5
STATUS_ADMIN_CHANGES = 5


def channel_label(channel: ChannelRef) -> str:
    return f"#{channel.name or channel.channel_id}"


class ChannelAdmin(RoundKeeper):
    """What admins do to a channel's schedule and what they can read about it."""

    def parse_packs(self, value: str) -> tuple[str, ...]:
        """`all` or comma-separated pack ids that are loaded."""
        wanted = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
        if not wanted or wanted == ("all",):
            return ()
        known = [p.id for p in self.bank.packs]
        unknown = [p for p in wanted if p not in known]
        if unknown:
            raise InvalidInput(
                _("`packs={value}`: no pack {unknown}; loaded packs: {known}.").format(
                    value=value, unknown=", ".join(unknown), known=", ".join(known) or _("none"))
            )
        return wanted

    def _apply(self, base: Schedule, options: dict[str, str]) -> Schedule:
        opts = {k.strip().lower(): (v or "").strip() for k, v in options.items()}
        unknown = sorted(set(opts) - set(SETUP_OPTIONS))
        if unknown:
            raise InvalidInput(
                _("`setup` has no option {unknown}; it accepts {accepted}.").format(
                    unknown=", ".join(unknown), accepted=", ".join(SETUP_OPTIONS))
            )
        changes: dict[str, object] = {}
        if "time" in opts:
            changes["post_time"] = parse_time(opts["time"])
        if "tz" in opts:
            changes["tz"] = parse_tz(opts["tz"])
        if "days" in opts:
            changes["days"] = parse_days(opts["days"])
        if "packs" in opts:
            changes["packs"] = self.parse_packs(opts["packs"])
        if "order" in opts:
            changes["order"] = parse_choice(Order, "order", opts["order"])
        if "answers" in opts:
            changes["answers"] = parse_choice(AnswerMode, "answers", opts["answers"])
        if "locale" in opts:
            changes["locale"] = parse_locale(opts["locale"])
        return replace(base, **changes)

    def describe(self, schedule: Schedule) -> str:
        """The schedule in words."""
        packs = ", ".join(schedule.packs) if schedule.packs else _("all packs")
        state = " " + _("It is paused.") if schedule.paused else ""
        questions = count(len(self.pool(schedule)), "question")
        language = language_name(schedule.locale or default_locale())
        if not schedule.locale:
            language = _("{language}, the default").format(language=language)
        return _(
            "{channel}: {time} {tz} {days}, {order} order, {packs} ({questions}), answers by {answers}, "
            "posts in {language}.{state}"
        ).format(channel=channel_label(schedule.channel), time=f"{schedule.post_time:%H:%M}", tz=schedule.tz,
                 days=days_phrase(schedule.days), order=label(schedule.order), packs=packs,
                 questions=questions,
                 answers=label(schedule.answers), language=language, state=state)

    async def _confirm(self, schedule: Schedule, headline: str) -> ScheduleChange:
        next_post = await self.next_post(schedule)
        local = next_post.astimezone(timetable.zone(schedule.tz)) if next_post else None
        when = (
            _("Next question: {when}.").format(when=timetable.describe_instant(local, schedule.tz))
            if local
            else _("No question is scheduled until it is resumed.")
        )
        return ScheduleChange(schedule=schedule, message=f"{_(headline)} {self.describe(schedule)} {when}",
                              next_post=local)

    async def _save(self, schedule: Schedule) -> Schedule:
        saved = await self.store.save_schedule(schedule)
        await self._schedule_changed(saved)
        return saved

    async def setup(self, channel: ChannelRef, actor: Actor, options: dict[str, str]) -> ScheduleChange:
        """Create or change the channel's schedule from command options
        (`time`, `tz`, `days`, `packs`, `order`, `answers`); unspecified options keep their value."""
        self.require_admin(actor, _("set up daily questions"))
        existing = await self.store.get_schedule(channel)
        base = existing or Schedule(
            channel=channel,
            tz=self.default_tz,
            answers=DEFAULT_ANSWER_MODE.get(Platform(channel.platform), AnswerMode.FORM),
            grace=self.grace,
        )
        schedule = self._apply(replace(base, channel=channel), options)
        remind = next((v for k, v in options.items() if k.strip().lower() == "remind"), None)
        reminders = None if remind is None else parse_channel_reminders(remind)
        if not self.pool(schedule):
            raise InvalidInput(_("Those packs have no questions; choose other packs with `packs=`."))
        saved = await self._save(schedule)
        # a new language answers in that language, so the admin sees what members will read
        asked = any(k.strip().lower() == "locale" for k in options)
        with use_locale((saved.locale or default_locale()) if asked else None):
            headline = N_("Updated.") if existing else N_("Daily questions are set up.")
            change = await self._confirm(saved, headline)
            if reminders is None:
                return change
            await self.store.set_channel_reminders(channel, reminders, self.now())
            said = (_("Members who turn on `/remind` hear {lead} before a round closes.").format(
                        lead=format_lead(reminders.before))
                    if reminders.enabled else _("Member reminders are off in this channel."))
            return replace(change, message=f"{change.message} {said}")

    async def pause(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        """Stop posting until resumed; open rounds stay open, streaks are not affected."""
        self.require_admin(actor, _("pause daily questions"))
        schedule = await self.schedule_of(channel)
        if schedule.paused:
            return await self._confirm(schedule, N_("Already paused."))
        return await self._confirm(await self._save(replace(schedule, paused=True)),
                                   N_("Paused; streaks are not affected while paused."))

    async def resume(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        """Resume posting."""
        self.require_admin(actor, _("resume daily questions"))
        schedule = await self.schedule_of(channel)
        if not schedule.paused:
            return await self._confirm(schedule, N_("Not paused."))
        return await self._confirm(await self._save(replace(schedule, paused=False)), N_("Resumed."))

    async def skip(self, channel: ChannelRef, actor: Actor) -> ScheduleChange:
        """Skip the next (or today's unposted) day; streaks are unaffected."""
        self.require_admin(actor, _("skip a day"))
        schedule = await self.schedule_of(channel)
        now = self.now()
        reason = f"skipped by {actor.member.name or 'an admin'}"
        for day in timetable.post_days_from(schedule, self.today(schedule, now)):
            instant = timetable.post_instant(schedule, day)
            if instant <= now and now - instant > schedule.grace:
                continue
            if await self.store.round_on(channel, day) is None and await self.store.skip_day(
                channel, day, reason
            ):
                label = _("Skipped {day}: no question that day; streaks unaffected.").format(
                    day=format_day(day))
                return await self._confirm(schedule, label)
        raise Conflict(_("There is no upcoming scheduled day to skip in the next two weeks."))

    async def post_now(self, channel: ChannelRef, actor: Actor) -> Round:
        """Open today's round immediately (Conflict when today already has one)."""
        self.require_admin(actor, _("post a question now"))
        schedule = await self.schedule_of(channel)
        today = self.today(schedule)
        existing = await self.store.round_on(channel, today)
        if existing is not None:
            raise Conflict(_taken(existing, today))
        claimed = await self.claim_round(schedule, today)
        if claimed is None:
            existing = await self.store.round_on(channel, today)
            raise Conflict(_taken(existing, today) if existing else _("There are no questions to post."))
        await self.close_previous(claimed)
        try:
            return await self.post_round(claimed)
        except StudybotError:
            raise
        except Exception as err:
            log.exception("post-now failed", extra={"round": claimed.id})
            raise StudybotError(
                _("Today's question is picked (round {round}) but posting it failed ({error}); "
                  "studybot retries it within a few minutes.").format(round=claimed.id, error=err)
            ) from err

    async def status(self, channel: ChannelRef) -> ChannelStatus:
        """The schedule, the open round, the next post, how many answered today's round, and the
        community's latest admin additions and removals."""
        schedule = await self.store.get_schedule(channel)
        open_rounds = await self.store.open_rounds(channel)
        open_round = open_rounds[-1] if open_rounds else None
        next_post = await self.next_post(schedule) if schedule else None
        if next_post and schedule:
            next_post = next_post.astimezone(timetable.zone(schedule.tz))
        today = await self.store.round_on(channel, self.today(schedule))
        counted = today or open_round
        answered = await self.store.answer_count(counted.id) if counted and counted.question_id else 0
        changes = await self.store.admin_changes((Platform(channel.platform), channel.community_id),
                                                 STATUS_ADMIN_CHANGES)
        asked = open_round.question_id if open_round else None
        question = await self.find_question(channel, asked) if asked else None
        return ChannelStatus(schedule=schedule, open_round=open_round, next_post=next_post,
                             answered_today=answered, admin_changes=tuple(changes), open_question=question)

    async def stats(self, channel: ChannelRef, actor: Actor) -> ChannelStats:
        """Rounds, answers, accuracy, participants, hardest questions and the latest rounds' stats."""
        self.require_admin(actor, _("read channel stats"))
        rounds = [r for r in await self.store.channel_rounds(channel) if r.status != RoundStatus.SKIPPED]
        answers = correct = 0
        people: set[str] = set()
        async for row in self.store.iter_answers(channel=channel):
            if row.counted:
                answers += 1
                correct += row.verdict == "correct"
                people.add(row.member.user_id)
        scores = await self.store.question_scores(channel)
        means = sorted(((q, sum(v) / len(v)) for q, v in scores.items() if v), key=lambda x: (x[1], x[0]))
        recent = [
            (r.local_date, r.question_id or "", await self.store.round_stats(r.id))
            for r in rounds[-RECENT_ROUNDS:]
        ]
        return ChannelStats(
            rounds=len(rounds),
            answers=answers,
            correct_share=correct / answers if answers else 0.0,
            participants=len(people),
            hardest=tuple(means[:HARDEST]),
            recent=tuple(reversed(recent)),
        )

    async def packs(self) -> list[PackInfo]:
        """The loaded content packs."""
        return [PackInfo(p.id, p.title, p.version, len(p.questions), p.source) for p in self.bank.packs]


def _taken(existing: Round, today: date) -> str:
    if existing.status == RoundStatus.SKIPPED:
        return _("{day} was skipped, so nothing is posted today.").format(day=format_day(today))
    return _("Today's question was already posted (round {round}); only one question a day.").format(
        round=existing.id)
