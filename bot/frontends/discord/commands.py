"""Member slash commands (/quiz, /streak, /leaderboard, /cohort, /hint, /help) and the command tree.

Option names, descriptions and choices come from the one command language in `bot.core.commands`,
so Discord, Slack and the console accept the same things and report the same errors.
"""

from __future__ import annotations

import io

import discord
from discord import app_commands

from bot.core.commands import overview, parse_difficulty, parse_period
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.i18n import N_, _
from bot.frontends.discord import choice_questions, render, render_admin, suggestions, views
from bot.frontends.discord.admin import studybot
from bot.frontends.discord.member_commands import MEMBER_VIEWS
from bot.frontends.discord.options import (
    choices,
    cohort_autocomplete,
    describe_command,
    describe_option,
    service_of,
    topic_autocomplete,
)
from bot.frontends.discord.refs import interaction_actor, interaction_channel, interaction_member, member_ref
from bot.frontends.discord.replies import report_failure, send_private, think


class StudyTree(app_commands.CommandTree):
    """The command tree; any error in a command becomes a private, polite message."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.NoPrivateMessage):
            refusal = InvalidInput(_("studybot's commands work inside a server, not in DMs."))
            await report_failure(interaction, refusal)
            return
        if isinstance(error, app_commands.MissingPermissions):
            refused = NotAllowed(_("This command needs the Manage Server permission."))
            await report_failure(interaction, refused)
            return
        await report_failure(interaction, original)


@app_commands.command(name="quiz", description=describe_command("quiz"))
@app_commands.describe(topic=describe_option("quiz", "topic"),
                       difficulty=describe_option("quiz", "difficulty"))
@app_commands.choices(difficulty=choices("quiz", "difficulty"))
@app_commands.autocomplete(topic=topic_autocomplete)
@app_commands.guild_only()
async def quiz(
    interaction: discord.Interaction, topic: str | None = None, difficulty: str | None = None
) -> None:
    """A private practice question picked by spaced repetition."""
    level = parse_difficulty(difficulty)
    member = interaction_member(interaction)
    await think(interaction)
    wanted = (topic or "").strip() or None
    pick = await service_of(interaction).quiz(member, wanted, level.value if level else None,
                                              interaction_channel(interaction))
    embed = choice_questions.quiz_post_embed(pick.question, render.quiz_embed(pick))
    await send_private(interaction, embed=embed, view=choice_questions.quiz_view_for(pick.question))


@app_commands.command(name="streak", description=describe_command("streak"))
@app_commands.describe(member=N_("whose streak to show (default: yours)"))
@app_commands.guild_only()
async def streak(interaction: discord.Interaction, member: discord.Member | None = None) -> None:
    """Current and longest streak, freezes and today's status."""
    target = member or interaction.user
    channel = interaction_channel(interaction)
    await think(interaction)
    state = await service_of(interaction).streak(channel, member_ref(target, interaction.guild_id))
    await send_private(interaction, embed=render.streak_embed(state, target.display_name))


@app_commands.command(name="leaderboard", description=describe_command("leaderboard"))
@app_commands.describe(period=describe_option("leaderboard", "period"),
                       cohort=describe_option("leaderboard", "cohort"),
                       chart=describe_option("leaderboard", "chart"))
@app_commands.choices(period=choices("leaderboard", "period"))
@app_commands.autocomplete(cohort=cohort_autocomplete)
@app_commands.guild_only()
async def leaderboard(
    interaction: discord.Interaction,
    period: str | None = None,
    cohort: str | None = None,
    chart: bool = False,
) -> None:
    """Top members by points, with the caller's own rank (and the standings as a picture with chart)."""
    when = parse_period(period)
    channel, member = interaction_channel(interaction), interaction_member(interaction)
    await think(interaction)
    service, wanted = service_of(interaction), (cohort or "").strip() or None
    board = await service.leaderboard(channel, member, when, wanted)
    picture = None
    if chart:
        png = await service.leaderboard_chart(channel, member, when, wanted)
        picture = discord.File(io.BytesIO(png), filename=f"leaderboard-{when.value}.png")
    await send_private(interaction, embed=render.leaderboard_embed(board), file=picture)


@app_commands.command(name="hint", description=describe_command("hint"))
@app_commands.guild_only()
async def hint(interaction: discord.Interaction) -> None:
    """The first hint for the question open in this channel."""
    channel, member = interaction_channel(interaction), interaction_member(interaction)
    await think(interaction)
    service = service_of(interaction)
    status = await service.status(channel)
    if status.open_round is None:
        raise NotFound(_("No question is open in this channel right now; hints come with the daily "
                         "question."))
    got = await service.hint(member, status.open_round.id, 1, channel=channel)
    view = views.next_hint_view(status.open_round.id, 2) if got.total > 1 else None
    await send_private(interaction, embed=render.hint_embed(got), view=view)


@app_commands.command(name="help", description=describe_command("help"))
async def help_(interaction: discord.Interaction) -> None:
    """Every command in one private message."""
    embed = render.notice_embed(_("studybot commands"), f"```\n{overview()}\n```")
    await send_private(interaction, embed=embed)


cohort = app_commands.Group(name="cohort", description=describe_command("cohort"), guild_only=True)


@cohort.command(name="create", description=N_("Create a cohort in this server"))
@app_commands.describe(name=describe_option("cohort", "name"),
                       role=N_("a role the cohort follows (optional)"))
async def cohort_create(
    interaction: discord.Interaction, name: str, role: discord.Role | None = None
) -> None:
    actor = interaction_actor(interaction)
    await think(interaction)
    result = await service_of(interaction).cohort_create(actor, name, str(role.id) if role else None)
    await send_private(interaction, embed=render.notice_embed(_("Cohort created"), result.message))


@cohort.command(name="join", description=N_("Join a cohort"))
@app_commands.describe(name=describe_option("cohort", "name"))
@app_commands.autocomplete(name=cohort_autocomplete)
async def cohort_join(interaction: discord.Interaction, name: str) -> None:
    member = interaction_member(interaction)
    await think(interaction)
    result = await service_of(interaction).cohort_join(member, name)
    await send_private(interaction, embed=render.notice_embed(_("Cohort joined"), result.message))


@cohort.command(name="leave", description=N_("Leave a cohort"))
@app_commands.describe(name=describe_option("cohort", "name"))
@app_commands.autocomplete(name=cohort_autocomplete)
async def cohort_leave(interaction: discord.Interaction, name: str) -> None:
    member = interaction_member(interaction)
    await think(interaction)
    result = await service_of(interaction).cohort_leave(member, name)
    await send_private(interaction, embed=render.notice_embed(_("Cohort left"), result.message))


@cohort.command(name="list", description=N_("Cohorts in this server"))
async def cohort_list(interaction: discord.Interaction) -> None:
    member = interaction_member(interaction)
    await think(interaction)
    cohorts = await service_of(interaction).cohort_list(member)
    await send_private(interaction, embed=render_admin.cohorts_embed(cohorts))


MEMBER_TREE = (quiz, streak, leaderboard, hint, help_, cohort, *MEMBER_VIEWS, suggestions.suggest,
               suggestions.authors)


def build_tree(client: discord.Client) -> StudyTree:
    """The full command tree: member commands and the admin group."""
    tree = StudyTree(client, allowed_contexts=app_commands.AppCommandContext(guild=True),
                     allowed_installs=app_commands.AppInstallationType(guild=True))
    for command in (*MEMBER_TREE, studybot):
        tree.add_command(command)
    return tree
