"""Answers given as replies in a daily post's thread (schedules with `answers=thread|both`).

Reading replies needs the privileged Message Content intent. A reply in the thread of the channel's
open round is graded; the bot reacts with a verdict emoji in public and sends the feedback by DM, so
the model answer is not spoiled for others. When DMs are closed, the member is told (without a ping)
to use the Answer button instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.core.errors import StudybotError
from bot.core.i18n import _
from bot.core.models import AnswerMode, Verdict
from bot.frontends.discord import render, views
from bot.frontends.discord.refs import channel_ref, member_ref

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger("studybot.discord")
NO_MENTIONS = discord.AllowedMentions.none()
VERDICT_EMOJI = {Verdict.CORRECT: "✅", Verdict.PARTIAL: "🟡", Verdict.INCORRECT: "❌"}
REFUSED_EMOJI = "⚠️"


async def handle_thread_reply(service: StudyService, message: discord.Message) -> bool:
    """Grade `message` when it answers an open round in its thread; True when it was handled."""
    thread = message.channel
    if message.author.bot or not isinstance(thread, discord.Thread) or message.guild is None:
        return False
    if not message.content.strip():
        return False
    parent = channel_ref(thread, message.guild.id)
    status = await service.status(parent)
    round_ = status.open_round
    if status.schedule is None or round_ is None or round_.message_ref != str(thread.id):
        return False
    if status.schedule.answers not in (AnswerMode.THREAD, AnswerMode.BOTH):
        return False
    member = member_ref(message.author, message.guild.id)
    try:
        feedback = await service.submit_answer(member, round_.id, message.content, source="thread",
                                               channel=parent)
    except StudybotError as exc:
        await _react(message, REFUSED_EMOJI)
        await _tell_privately(message, content=str(exc))
        return True
    await _react(message, VERDICT_EMOJI[Verdict(feedback.grade.verdict)])
    await _tell_privately(message, embed=render.feedback_embed(feedback),
                          view=views.feedback_view(feedback.answer_id, message.guild.id,
                                                   score=feedback.grade.score))
    return True


async def _react(message: discord.Message, emoji: str) -> None:
    try:
        await message.add_reaction(emoji)
    except discord.HTTPException as exc:
        log.info("could not react to a thread answer: %s", exc)


async def _tell_privately(message: discord.Message, **kwargs) -> None:
    """DM the member; when DMs are closed, say so in the thread without spoiling or pinging."""
    try:
        await message.author.send(allowed_mentions=NO_MENTIONS, **kwargs)
    except discord.HTTPException:
        note = _("{name}: I graded your reply but cannot DM you the feedback. Open your DMs for this server, "
                 "or press Answer on the post to get it privately.").format(name=message.author.display_name)
        try:
            await message.channel.send(discord.utils.escape_mentions(note), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.info("could not tell a member their feedback was undeliverable: %s", exc)
