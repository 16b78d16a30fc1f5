"""/today, /history, /progress and /remind on Slack: `key=value` words in, private blocks out."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands import MAX_ID, MEMBER_COMMANDS, parse_number, parse_options
from bot.core.i18n import _
from bot.core.models import ChannelRef, MemberRef
from bot.core.service import StudyService
from bot.frontends.slack.blocks import Block, context, feedback, section
from bot.frontends.slack.escape import safe
from bot.frontends.slack.member_blocks import history_blocks, progress_blocks, remind_blocks, today_blocks
from bot.frontends.slack.private import send_chart

MEMBER_VIEWS = ("today", "history", "progress", "remind")


async def run_member_view(
    service: StudyService, name: str, words: list[str], channel: ChannelRef, member: MemberRef
) -> list[Block]:
    """Run one of MEMBER_VIEWS for the member in the channel the command was typed in."""
    options = parse_options(MEMBER_COMMANDS[name], words)
    if name == "today":
        return today_blocks(await service.today_view(channel, member))
    if name == "history":
        if options.get("id"):
            answer_id = parse_number(options["id"], "id", 1, MAX_ID)
            return feedback(await service.answer_feedback(member, answer_id))
        return history_blocks(await service.history(member))
    if name == "progress":
        return progress_blocks(await service.progress(channel, member))
    return remind_blocks(await service.remind(channel, member, options))


async def run_progress(
    service: StudyService, words: list[str], channel: ChannelRef, member: MemberRef, client: AsyncWebClient
) -> list[Block]:
    """`/progress`: the text, the member's private dashboard link, and their calendar and topic chart
    uploaded to their DM with the bot (Slack shows no files in ephemeral replies); a note for what
    could not be made or sent."""
    parse_options(MEMBER_COMMANDS["progress"], words)
    blocks = progress_blocks(await service.progress(channel, member))
    extras = await service.progress_extras(member)
    notes = [f":warning: {safe(n)}" for n in extras.notes]
    if extras.link is not None:
        link = extras.link
        blocks.append(section(
            ":bar_chart: " + _("<{url}|Open your dashboard page> (yours only; expires {expires} UTC). "
                               "Keep the link to yourself.").format(
                url=safe(link.url), expires=f"{link.expires:%Y-%m-%d %H:%M}")))
    if extras.chart is not None:
        sent = await send_chart(client, member.user_id, extras.chart, "progress.png",
                                _("studybot: your streak calendar and topics"))
        notes.insert(0, ":frame_with_picture: " + _("Your streak calendar and topic chart are in your "
                                                    "direct messages with studybot.") if sent else
                     ":warning: " + _("Slack refused the chart upload; the text above has the same numbers."))
    if notes:
        blocks.append(context("\n".join(notes)))
    return blocks
