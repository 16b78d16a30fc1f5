"""Slash commands /quiz, /streak, /leaderboard, /cohort and /studybot: `key=value` words in, blocks out."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands import (
    MEMBER_COMMANDS,
    find_command,
    parse_difficulty,
    parse_flag,
    parse_options,
    parse_period,
    split_words,
)
from bot.core.errors import InvalidInput
from bot.core.i18n import _, format_number
from bot.core.models import ChannelRef, MemberRef
from bot.core.service import StudyService
from bot.frontends.slack import replies, suggestions
from bot.frontends.slack.admin_commands import run_admin
from bot.frontends.slack.admins import Admins
from bot.frontends.slack.blocks import Block
from bot.frontends.slack.choice_questions import quiz_blocks
from bot.frontends.slack.escape import safe
from bot.frontends.slack.member_commands import MEMBER_VIEWS, run_member_view, run_progress
from bot.frontends.slack.private import send_chart, words_for
from bot.frontends.slack.refs import command_refs

SLASH_COMMANDS = ("/quiz", "/streak", "/leaderboard", "/cohort", "/studybot",
                  *(f"/{c}" for c in MEMBER_VIEWS), "/suggest", "/authors")
MEMBER_SLASH_COMMANDS = tuple(c.lstrip("/") for c in SLASH_COMMANDS if c != "/studybot")  # help lists these
MAX_COMMAND_TEXT = 2000


def is_help(words: list[str]) -> bool:
    return bool(words) and words[0].lower() in ("help", "-h", "--help", "?")


class CommandRunner:
    """Runs one parsed slash command against the service and returns the blocks to show."""

    def __init__(self, service: StudyService, admins: Admins) -> None:
        self.service = service
        self.admins = admins

    async def run(
        self, name: str, words: list[str], channel: ChannelRef, member: MemberRef, client: AsyncWebClient
    ) -> list[Block]:
        if name == "studybot":
            if not words or is_help(words):
                return replies.help_blocks("studybot", MEMBER_SLASH_COMMANDS)
            sub, rest = words[0].lower(), words[1:]
            known = find_command(sub)  # US or UK spelling, any case
            sub = known.name if known else sub
            if sub in MEMBER_COMMANDS and sub != "help":
                return await self.run(sub, rest, channel, member, client)
            return await run_admin(self.service, self.admins, sub, rest, channel, member, client)
        if is_help(words):
            return replies.help_blocks(name, MEMBER_SLASH_COMMANDS)
        if name == "quiz":
            options = parse_options(MEMBER_COMMANDS["quiz"], words)
            difficulty = parse_difficulty(options.get("difficulty"))
            picked = await self.service.quiz(
                member, options.get("topic") or None, difficulty.value if difficulty else None, channel
            )
            return quiz_blocks(picked)
        if name == "streak":
            parse_options(MEMBER_COMMANDS["streak"], words)
            return replies.paragraphs(replies.streak(await self.service.streak(channel, member)))
        if name == "leaderboard":
            options = parse_options(MEMBER_COMMANDS["leaderboard"], words)
            period, cohort = parse_period(options.get("period")), options.get("cohort") or None
            board = await self.service.leaderboard(channel, member, period, cohort)
            text = replies.leaderboard(board, member.user_id)
            if parse_flag(options.get("chart")):
                png = await self.service.leaderboard_chart(channel, member, period, cohort)
                sent = await send_chart(client, member.user_id, png, f"leaderboard-{period.value}.png",
                                        _("studybot leaderboard ({period})").format(period=period.value))
                if sent:
                    text += "\n:frame_with_picture: " + _("The chart is in your direct messages with "
                                                          "studybot.")
                else:
                    text += "\n:warning: " + _("Slack refused the chart upload; the table above has the same "
                                               "numbers.")
            return replies.paragraphs(text)
        if name == "cohort":
            return await self.cohort(words, channel, member, client)
        if name == "hint":
            raise InvalidInput(_("Press the *Hint* button under today's question to get a hint."))
        if name == "progress":
            return await run_progress(self.service, words, channel, member, client)
        if name in MEMBER_VIEWS:
            return await run_member_view(self.service, name, words, channel, member)
        if name == "authors":
            return await suggestions.authors(self.service, member)
        if name == "suggest":  # `/studybot suggest`: only the slash command itself can open a form
            raise InvalidInput(_("Use `/suggest` on its own to open the suggestion form."))
        raise InvalidInput(_("`{name}` is not a studybot command; try `/studybot help`.").format(name=name))

    async def cohort(
        self, words: list[str], channel: ChannelRef, member: MemberRef, client: AsyncWebClient
    ) -> list[Block]:
        if words and words[0].lower() == "compare":
            period = parse_period(words[1] if len(words) > 1 else None)
            result = await self.service.compare_cohorts(channel, period)
            return replies.paragraphs(replies.comparison(result))
        options = parse_options(MEMBER_COMMANDS["cohort"], words)
        action = (options.get("action") or "list").lower()
        if action == "list":
            return replies.paragraphs(replies.cohorts(await self.service.cohort_list(member)))
        name = (options.get("name") or "").strip()
        if not name:
            raise InvalidInput(_("Name the cohort: `/cohort {action} name=alpha`.").format(action=action))
        if action == "create":
            result = await self.service.cohort_create(await self.admins.actor(client, member), name)
        elif action == "join":
            result = await self.service.cohort_join(member, name)
        else:
            result = await self.service.cohort_leave(member, name)
        return replies.paragraphs(f":white_check_mark: {safe(result.message)}")


def register(app: AsyncApp, service: StudyService, admins: Admins) -> CommandRunner:
    """Listen for every studybot slash command; each answers privately (ephemeral)."""
    runner = CommandRunner(service, admins)

    async def on_command(ack: Any, body: dict[str, Any], respond: Any, client: AsyncWebClient,
                         context: Any) -> None:
        await ack()
        name = str(body.get("command") or "/studybot").lstrip("/").lower()
        text = str(body.get("text") or "")
        try:
            if len(text) > MAX_COMMAND_TEXT:
                raise InvalidInput(
                    _("That command is {length} characters long; studybot reads at most {limit}. "
                      "Try `/{name} help`.").format(length=format_number(len(text)),
                                                    limit=format_number(MAX_COMMAND_TEXT), name=name)
                )
            channel, member = command_refs(body, context)
            if name == "suggest" and not is_help(split_words(text)):
                await suggestions.open_form(client, body, split_words(text))  # the form is the reply
                return
            blocks = await runner.run(name, split_words(text), channel, member, client)
        except Exception as err:  # every failure becomes words; unexpected ones are logged
            words = words_for(err, f"/{name}")
            blocks = replies.paragraphs(words)
        await respond(blocks=blocks, text=_summary(blocks), response_type="ephemeral",
                      replace_original=False)

    for command in SLASH_COMMANDS:
        app.command(command)(on_command)
    return runner


def _summary(blocks: list[Block]) -> str:
    first = blocks[0] if blocks else {}
    text = (first.get("text") or {}).get("text") or "studybot"
    return text[:300]
