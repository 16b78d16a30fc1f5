"""One console session: who you are, which channel you are in, and what each typed line does."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.commands import (
    ADMIN_COMMANDS,
    MAX_ID,
    MEMBER_COMMANDS,
    Command,
    check_line,
    find_command,
    help_text,
    overview,
    parse_flag,
    parse_number,
    parse_options,
    parse_period,
    split_words,
)
from bot.core.errors import InvalidInput, NonAnswer, NotFound, StudybotError
from bot.core.i18n import N_, _, format_number, use_locale
from bot.core.models import Actor, ChannelRef, MemberRef, Platform, Round
from bot.core.scoring import period_start
from bot.core.service import StudyService
from bot.frontends.console import admin_commands, choice_events, events, member_events, suggestion_commands
from bot.frontends.console.messenger import Output

log = logging.getLogger("studybot.console")

COMMUNITY = "local"
DEFAULT_MEMBER = "you"
DEFAULT_CHANNEL = "general"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
STEP = re.compile(r"([0-9]+)([dhm])", re.ASCII)
STEP_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
MAX_JUMP = timedelta(days=366)  # /clock moves at most this far at once (every day between is run)
STEP_LIMITS = {"d": 366, "h": 366 * 24, "m": 366 * 24 * 60}
NOTE_ON_FAILURE = ("quiz", "answer", "as", "channel")  # failures that say what plain text answers now
CONSOLE_HELP = N_("""Console only:
/as NAME: act as another member (you start as `you`)
/channel NAME: switch channel (you start in `general`)
/clock 2026-03-02T09:00+01:00 | +1d | +3h | +30m: move the simulated clock; what falls due runs
/answer [ROUND] TEXT: answer a round explicitly (plain text answers the open question,
  or your practice question right after /quiz); `/answer 2` or plain `2` picks option 2 of a
  choice question
/appeal [NOTE]: ask the admins to look at the grade of your last answer
/compare [period]: cohorts against each other
/quit: leave (end of input does the same)
Admin commands may leave out `studybot` here: /setup is /studybot setup.""")

Advance = Callable[[datetime], Awaitable[None]]


def parse_clock(value: str, now: datetime) -> datetime:
    """`+1d`, `+2h30m`, `+45m` relative to now, or an ISO 8601 time with an offset or Z; at most
    366 days ahead (every post and close time on the way is run)."""
    text = value.strip()
    if text.startswith("+"):
        body = text[1:].lower()
        parts = STEP.findall(body)
        if not parts or "".join(n + u for n, u in parts) != body:
            raise InvalidInput(_("`{value}` is not a step; use +1d, +3h, +30m or combinations such as "
                                 "+1d2h.").format(value=value[:40]))
        delta = sum((timedelta(**{STEP_UNITS[u]: parse_number(n, f"+N{u}", 0, STEP_LIMITS[u])})
                     for n, u in parts), timedelta())
        target = now + delta
    else:
        try:
            target = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                _("`{value}` is not a time; use ISO 8601 with an offset, e.g. 2026-03-02T09:00+01:00, "
                  "or +1d.").format(value=value[:40])
            ) from None
        if target.tzinfo is None:
            raise InvalidInput(_("`{value}` has no offset; add one, e.g. {text}+01:00 or {text}Z.").format(
                value=value, text=text))
    if target - now > MAX_JUMP:
        raise InvalidInput(
            _("/clock moves at most 366 days at once and `{value}` is {days} days ahead; move in steps of up "
              "to +366d.").format(value=value[:40], days=format_number((target - now).days))
        )
    return target


def save_chart(png: bytes, name: str, folder: Path | None = None) -> str:
    """Write a chart image and return its path: `folder/name.png` (the folder created with mode
    0700; the file replaced whole, so asking again overwrites the last picture instead of piling
    up files), or a new file in the temporary directory without a folder."""
    if folder is None:
        handle, path = tempfile.mkstemp(prefix=f"studybot-{name}-", suffix=".png")
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        return path
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    handle, partial = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return str(target)


class ConsoleSession:
    """Turns typed lines into service calls and events. Everyone at the console is an admin."""

    def __init__(
        self,
        service: StudyService,
        output: Output,
        advance: Advance | None = None,
        charts: Path | None = None,
    ) -> None:
        self.service = service
        self.charts = charts  # where chart images are saved (the data directory's `charts`)
        self.output = output
        self.advance = advance
        self.member = self._member(DEFAULT_MEMBER)
        self.channel = self._channel(DEFAULT_CHANNEL)
        self.quiz_pending: dict[str, str] = {}  # member id -> practice question id
        self.hints: dict[tuple[str, str], int] = {}
        self.last_answer: dict[str, int] = {}

    @staticmethod
    def _member(name: str) -> MemberRef:
        return MemberRef(Platform.CONSOLE, COMMUNITY, name, name)

    @staticmethod
    def _channel(name: str) -> ChannelRef:
        return ChannelRef(Platform.CONSOLE, COMMUNITY, name, name)

    @property
    def actor(self) -> Actor:
        return Actor(self.member, is_admin=True)

    def emit(self, event: events.Event) -> None:
        self.output.emit(event)

    def prompt(self) -> str:
        return f"{self.member.user_id}@#{self.channel.channel_id}> "

    async def handle(self, line: str) -> bool:
        """Run one line in the channel's language (`/setup locale=`); False when the session should end.
        Never raises for bad input."""
        try:
            locale = await self.service.channel_locale(self.channel)
        except Exception:
            log.exception("reading the channel's language failed")
            locale = None
        with use_locale(locale):
            return await self._handle(line)

    async def _handle(self, line: str) -> bool:
        try:
            text = check_line(line.rstrip("\r\n")).strip()
            if text != line.strip():
                self.emit(events.info(_("Part of that line was not valid UTF-8; it was read as: "
                                        "{text}").format(
                    text=text[:200])))
            if not text:
                return True
            if text.startswith("/"):
                return await self._command(text[1:])
            await self._answer(text)
        except StudybotError as err:
            typed = line.strip()
            if typed.startswith("/"):  # a failed command leaves plain text answering what it did before
                await self._command_failed(err, noted=typed[1:].split(" ", 1)[0].lower() in NOTE_ON_FAILURE)
            else:
                self.emit(events.error(str(err)))
        except Exception as err:
            log.exception("console command failed")
            self.emit(events.error(_("Something went wrong ({error}); the bot keeps running.").format(
                error=type(err).__name__)))
        return True

    async def _command_failed(self, err: StudybotError, *, noted: bool) -> None:
        """Report a failed command with what plain text answers now (the command changed nothing);
        `noted` says it in the message too, for commands that meant to change it."""
        pending = self.quiz_pending.get(self.member.user_id)
        try:
            round_ = None if pending else await self.service.current_round(self.channel)
        except StudybotError:
            round_ = None
        if pending:
            target = {"kind": "practice", "question_id": pending}
            note = _("Plain text still answers your practice question {id}.").format(id=pending)
        elif round_ is not None:
            target = {"kind": "daily", "round_id": round_.id, "question_id": round_.question_id}
            note = _("Plain text still answers today's question in #{channel} ({id}); /quiz again for "
                     "practice.").format(channel=self.channel.channel_id, id=round_.question_id)
        else:
            target, note = None, ""
        message = f"{err} {note}".rstrip() if noted else str(err)
        self.emit({**events.error(message), "plain_text_answers": target})

    async def _command(self, body: str) -> bool:
        head, _sep, rest = body.partition(" ")
        name = head.lower()
        if name == "studybot":
            head, _sep, rest = rest.strip().partition(" ")
            name = head.lower() or "help"
        if name in ("quit", "exit"):
            return False
        words = split_words(rest)
        command = find_command(name)
        name = command.name if command else name
        if command and words[:1] == ["help"]:
            self.emit({"type": "help", "message": help_text(command)})
            return True
        if name in ADMIN_COMMANDS:
            await admin_commands.run(self, ADMIN_COMMANDS[name], words)
            return True
        handler = getattr(self, "cmd_" + name, None)
        if handler is None:
            raise InvalidInput(_("There is no command `/{name}`; /help lists them.").format(name=head[:40]))
        await handler(command, words, rest)
        return True

    def _options(self, command: Command | None, words: list[str]) -> dict[str, str]:
        return parse_options(command, words) if command else {}

    # --- member commands ----------------------------------------------------------------------
    async def cmd_help(self, command: Command | None, words: list[str], rest: str) -> None:
        if words:
            target = MEMBER_COMMANDS.get(words[0].lstrip("/")) or ADMIN_COMMANDS.get(words[0].lstrip("/"))
            if target is None:
                raise InvalidInput(_("There is no command `{name}`; /help lists them.").format(name=words[0]))
            self.emit({"type": "help", "message": help_text(target)})
            return
        self.emit({"type": "help", "message": overview("/") + "\n\n" + _(CONSOLE_HELP)})

    async def cmd_quiz(self, command: Command | None, words: list[str], rest: str) -> None:
        opts = self._options(command, words)
        pick = await self.service.quiz(self.member, opts.get("topic"), opts.get("difficulty"), self.channel)
        self.quiz_pending[self.member.user_id] = pick.question.id
        self.emit(events.quiz(pick))

    async def cmd_streak(self, command: Command | None, words: list[str], rest: str) -> None:
        self._options(command, words)
        state = await self.service.streak(self.channel, self.member)
        self.emit(events.streak(self.member, self.channel.channel_id, state))

    async def cmd_leaderboard(self, command: Command | None, words: list[str], rest: str) -> None:
        opts = self._options(command, words)
        period, cohort = parse_period(opts.get("period")), opts.get("cohort") or None
        board = await self.service.leaderboard(self.channel, self.member, period, cohort)
        event = events.leaderboard(board)
        if parse_flag(opts.get("chart")):
            png = await self.service.leaderboard_chart(self.channel, self.member, period, cohort)
            event["chart"] = save_chart(png, f"leaderboard-{period.value}", self.charts)
        self.emit(event)

    async def cmd_compare(self, command: Command | None, words: list[str], rest: str) -> None:
        period = parse_period(words[0].removeprefix("period=") if words else None)
        result = await self.service.compare_cohorts(self.channel, period)
        rows = [{"rank": r.rank, "cohort": r.cohort, "points": r.points, "answers": r.answers,
                 "correct": r.correct, "members": r.members} for r in result.rows]
        self.emit({"type": "cohort_comparison", "period": str(period), "rows": rows})

    async def cmd_cohort(self, command: Command | None, words: list[str], rest: str) -> None:
        opts = self._options(command, words)
        action = (opts.get("action") or "list").lower()
        if action == "list":
            mine = set(await self.service.my_cohorts(self.member))
            cohorts = await self.service.cohort_list(self.member)
            rows = [{"name": c.name, "members": c.members, "joined": c.name in mine} for c in cohorts]
            self.emit({"type": "cohorts", "rows": rows})
            return
        name = opts.get("name") or ""
        if action == "create":
            result = await self.service.cohort_create(self.actor, name)
        elif action == "join":
            result = await self.service.cohort_join(self.member, name)
        else:
            result = await self.service.cohort_leave(self.member, name)
        self.emit({"type": "cohort", "action": action, "name": result.cohort.name,
                   "members": result.cohort.members, "message": result.message})

    async def cmd_hint(self, command: Command | None, words: list[str], rest: str) -> None:
        pending = self.quiz_pending.get(self.member.user_id)
        if pending:
            question = await self.service.question_for(self.member, pending)
            key = (self.member.user_id, question.id)
            self.hints[key] = self.hints.get(key, 0) + 1
            self.emit(events.hint(self.service.hint_for(question, self.hints[key])))
            return
        round_ = await self._open_round()
        key = (self.member.user_id, round_.question_id or "")
        self.hints[key] = self.hints.get(key, 0) + 1
        self.emit(events.hint(await self.service.hint(self.member, round_.id, self.hints[key])))

    async def cmd_today(self, command: Command | None, words: list[str], rest: str) -> None:
        self._options(command, words)
        self.emit(member_events.today(self.member, await self.service.today_view(self.channel, self.member)))

    async def cmd_history(self, command: Command | None, words: list[str], rest: str) -> None:
        opts = self._options(command, words)
        if opts.get("id"):
            answer_id = parse_number(opts["id"], "id", 1, MAX_ID)
            feedback = await self.service.answer_feedback(self.member, answer_id)
            self.emit(events.feedback(self.member, feedback))
            return
        self.emit(member_events.history(self.member, await self.service.history(self.member)))

    async def cmd_progress(self, command: Command | None, words: list[str], rest: str) -> None:
        self._options(command, words)
        event = member_events.progress(await self.service.progress(self.channel, self.member))
        extras = await self.service.progress_extras(self.member)
        notes, chart = list(extras.notes), None
        if extras.chart is not None:
            try:
                chart = save_chart(extras.chart, f"progress-{self.member.user_id}", self.charts)
            except OSError as err:
                notes.append(_("No chart: it could not be saved ({error}).").format(
                    error=err.strerror or err))
        self.emit(member_events.with_extras(event, chart, notes))
        if extras.link is not None:
            self.emit(events.link(extras.link))

    async def cmd_remind(self, command: Command | None, words: list[str], rest: str) -> None:
        setting = await self.service.remind(self.channel, self.member, self._options(command, words))
        self.emit(member_events.remind(self.member, self.channel.channel_id, setting))

    async def cmd_suggest(self, command: Command | None, words: list[str], rest: str) -> None:
        # difficulty is checked by the pack rules, so a wrong one is refused with every field kept
        loose = command and replace(command, options=tuple(replace(o, choices=()) for o in command.options))
        await suggestion_commands.suggest(self, self._options(loose, words))

    async def cmd_authors(self, command: Command | None, words: list[str], rest: str) -> None:
        self._options(command, words)
        await suggestion_commands.authors(self)

    # --- console-only commands ----------------------------------------------------------------
    async def cmd_as(self, command: Command | None, words: list[str], rest: str) -> None:
        self.member = self._member(self._name(words, "member"))
        self.emit(events.info(_("You are now {member}.").format(member=self.member.user_id),
                              member=self.member.user_id))

    async def cmd_channel(self, command: Command | None, words: list[str], rest: str) -> None:
        self.channel = self._channel(self._name(words, "channel").lstrip("#"))
        # the new channel's language from the next line on (this confirmation too)
        with use_locale(await self.service.channel_locale(self.channel)):
            self.emit(events.info(_("You are now in #{channel}.").format(channel=self.channel.channel_id),
                                  channel=self.channel.channel_id))

    @staticmethod
    def _name(words: list[str], what: str) -> str:
        name = (words[0] if words else "").lstrip("#")
        if len(words) != 1 or not NAME.match(name):
            message = (_("Give one member name of up to 32 letters, digits, dots, dashes or underscores.")
                       if what == "member" else
                       _("Give one channel name of up to 32 letters, digits, dots, dashes or underscores."))
            raise InvalidInput(message)
        return name

    async def cmd_clock(self, command: Command | None, words: list[str], rest: str) -> None:
        now = self.service.now()
        if not words:
            self.emit({"type": "clock", "now": now.isoformat(timespec="minutes"),
                       "message": _("It is {now}.").format(now=now.isoformat(timespec="minutes"))})
            return
        target = parse_clock(words[0], now)
        if self.advance is None:
            raise InvalidInput(_("This console follows real time; `studybot console` has a movable clock."))
        await self.advance(target)
        moved = self.service.now()
        self.emit({"type": "clock", "now": moved.isoformat(timespec="minutes"),
                   "message": _("The clock is now {now}.").format(now=moved.isoformat(timespec="minutes"))})

    async def cmd_answer(self, command: Command | None, words: list[str], rest: str) -> None:
        first, _sep, text = rest.strip().partition(" ")
        if first.lstrip("#").isascii() and first.lstrip("#").isdigit() and text.strip():
            round_id = parse_number(first, "round number", 1, MAX_ID)
        else:
            round_id, text = (await self._open_round()).id, rest
        await self._submit(round_id, text)

    async def cmd_appeal(self, command: Command | None, words: list[str], rest: str) -> None:
        answer_id = self.last_answer.get(self.member.user_id)
        if answer_id is None:
            raise NotFound(_("You have no answer to appeal yet in this session."))
        result = await self.service.appeal(self.member, answer_id, rest)
        self.emit({"type": "appeal", "id": result.appeal.id, "answer_id": answer_id,
                   "status": result.appeal.status, "message": result.message})

    # --- answers ------------------------------------------------------------------------------
    async def _open_round(self) -> Round:
        round_ = await self.service.current_round(self.channel)
        if round_ is None:
            raise NotFound(
                _("There is no question in #{channel} yet. Set one up with /studybot setup, post one with "
                  "/studybot post-now, or move the clock with /clock +1d.").format(
                      channel=self.channel.channel_id)
            )
        return round_

    async def _answer(self, text: str) -> None:
        pending = self.quiz_pending.get(self.member.user_id)
        if pending:
            try:
                feedback = await self.service.submit_quiz_answer(self.member, pending, text)
            except NonAnswer as err:
                self.emit(choice_events.refused(self.member, err))
                return
            self.quiz_pending.pop(self.member.user_id, None)
            self.last_answer[self.member.user_id] = feedback.answer_id
            self.emit(events.feedback(self.member, feedback))
            return
        await self._submit((await self._open_round()).id, text)

    async def _submit(self, round_id: int, text: str) -> None:
        try:
            feedback = await self.service.submit_answer(self.member, round_id, text, source="console")
        except NonAnswer as err:  # no attempt used: the member is told what to do instead
            self.emit(choice_events.refused(self.member, err))
            return
        self.last_answer[self.member.user_id] = feedback.answer_id
        self.emit(events.feedback(self.member, feedback))

    def export_since(self, period: str | None) -> datetime | None:
        return period_start(parse_period(period), self.service.now(), self.service.default_tz)
