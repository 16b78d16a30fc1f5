"""/today, /history, /progress and /remind on Slack: `key=value` words in, private blocks out."""

from __future__ import annotations

from bot.core.commands import MAX_ID, MEMBER_COMMANDS, parse_number, parse_options
from bot.core.models import ChannelRef, MemberRef
from bot.core.service import StudyService
from bot.frontends.slack.blocks import Block, feedback
from bot.frontends.slack.member_blocks import history_blocks, progress_blocks, remind_blocks, today_blocks

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
