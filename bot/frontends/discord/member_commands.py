"""Member slash commands about oneself: /today, /history, /progress and /remind (all private)."""

from __future__ import annotations

import io

import discord
from discord import app_commands

from bot.core.commands import MAX_ID
from bot.frontends.discord import render, render_member, views
from bot.frontends.discord.options import choices, describe_command, describe_option, service_of
from bot.frontends.discord.refs import interaction_channel, interaction_member
from bot.frontends.discord.replies import send_private, think


@app_commands.command(name="today", description=describe_command("today"))
@app_commands.guild_only()
async def today(interaction: discord.Interaction) -> None:
    """The channel's open question again, with the Answer button when it is still unanswered."""
    channel, member = interaction_channel(interaction), interaction_member(interaction)
    await think(interaction)
    view = await service_of(interaction).today_view(channel, member)
    buttons = views.round_view(view.round.id) if view.round is not None and not view.answered else None
    await send_private(interaction, embed=render_member.today_embed(view), view=buttons)


@app_commands.command(name="history", description=describe_command("history"))
@app_commands.describe(id=describe_option("history", "id"))
@app_commands.guild_only()
async def history(
    interaction: discord.Interaction, id: app_commands.Range[int, 1, MAX_ID] | None = None
) -> None:
    """Your last answers, or the feedback of one of them again."""
    member = interaction_member(interaction)
    await think(interaction)
    service = service_of(interaction)
    if id is not None:
        feedback = await service.answer_feedback(member, id)
        await send_private(interaction, embed=render.feedback_embed(feedback))
        return
    await send_private(interaction, embed=render_member.history_embed(await service.history(member)))


@app_commands.command(name="progress", description=describe_command("progress"))
@app_commands.guild_only()
async def progress(interaction: discord.Interaction) -> None:
    """Questions seen, topic strengths, streak, freezes and reviews due, with a private link to the
    member's dashboard page and their calendar and topic chart attached."""
    channel, member = interaction_channel(interaction), interaction_member(interaction)
    await think(interaction)
    service = service_of(interaction)
    view = await service.progress(channel, member)
    extras = await service.progress_extras(member)
    picture = None
    if extras.chart is not None:
        picture = discord.File(io.BytesIO(extras.chart), filename=render_member.PROGRESS_CHART)
    await send_private(interaction, embed=render_member.progress_embed(view, extras), file=picture)


@app_commands.command(name="remind", description=describe_command("remind"))
@app_commands.describe(
    action=describe_option("remind", "action"),
    at=describe_option("remind", "at"),
    before=describe_option("remind", "before"),
)
@app_commands.choices(action=choices("remind", "action"))
@app_commands.guild_only()
async def remind(
    interaction: discord.Interaction,
    action: str | None = None,
    at: str | None = None,
    before: str | None = None,
) -> None:
    """Turn private reminders for this channel on or off, or see how they are set."""
    channel, member = interaction_channel(interaction), interaction_member(interaction)
    given = {"action": action, "at": at, "before": before}
    await think(interaction)
    setting = await service_of(interaction).remind(channel, member, {k: v for k, v in given.items() if v})
    await send_private(interaction, embed=render_member.remind_embed(setting))


MEMBER_VIEWS = (today, history, progress, remind)
