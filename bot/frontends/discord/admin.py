"""The admin group `/studybot setup|pause|resume|post-now|skip|status|stats|export|appeals|packs|dashboard`.

Discord hides the group from members without Manage Server (`default_permissions`), but server
owners can override that, so every command checks the member's permissions again on use.
"""

from __future__ import annotations

import io
import re

import discord
from discord import app_commands

from bot.core.commands import MAX_ID, parse_choice, parse_days, parse_period, parse_time, parse_tz
from bot.core.errors import InvalidInput, NotAllowed
from bot.core.i18n import N_, _, format_number, ngettext
from bot.core.links import parse_ttl
from bot.core.models import Actor, AnswerMode, Order
from bot.core.reminder_rules import parse_channel_reminders
from bot.core.scoring import period_start
from bot.frontends.discord import render, render_admin
from bot.frontends.discord.limits import FILE_NAME
from bot.frontends.discord.locale import short_day
from bot.frontends.discord.options import (
    choices,
    describe_command,
    describe_option,
    service_of,
    tz_autocomplete,
)
from bot.frontends.discord.refs import interaction_actor, interaction_channel
from bot.frontends.discord.replies import send_private, think

SETUP_OPTIONS = ("time", "tz", "days", "packs", "order", "answers", "remind")
THREAD_INTENT_NOTE = N_(
    "Thread answers need the Message Content intent, which this bot is not using right now. Enable it "
    "under Developer Portal > your app > Bot > Privileged Gateway Intents and restart studybot; until "
    "then members can answer with the Answer button."
)

studybot = app_commands.Group(
    name="studybot",
    description=N_("Admin: schedule and manage the daily question in this channel"),
    guild_only=True,
    default_permissions=discord.Permissions(manage_guild=True),
)


def require_admin(interaction: discord.Interaction, command: str) -> Actor:
    """The acting admin; NotAllowed (with what to do) for anyone without Manage Server."""
    actor = interaction_actor(interaction)
    if not actor.is_admin:
        raise NotAllowed(_("`/studybot {command}` is for members with the Manage Server permission; "
                           "ask a server admin to run it.").format(command=command))
    return actor


def setup_options(time: str | None, tz: str | None, days: str | None, packs: str | None,
                  order: str | None, answers: str | None, remind: str | None = None) -> dict[str, str]:
    """The options given, validated and normalised with the shared command language."""
    options: dict[str, str] = {}
    if time is not None:
        parse_time(time)
        options["time"] = time.strip()
    if tz is not None:
        options["tz"] = parse_tz(tz)
    if days is not None:
        parse_days(days)
        options["days"] = days.strip()
    if packs is not None:
        options["packs"] = packs.strip()
    if order is not None:
        options["order"] = parse_choice(Order, "order", order).value
    if answers is not None:
        options["answers"] = parse_choice(AnswerMode, "answers", answers).value
    if remind is not None:
        parse_channel_reminders(remind)
        options["remind"] = remind.strip()
    return options


@studybot.command(name="setup", description=describe_command("setup"))
@app_commands.describe(**{n: describe_option("setup", n) for n in SETUP_OPTIONS})
@app_commands.choices(order=choices("setup", "order"), answers=choices("setup", "answers"))
@app_commands.autocomplete(tz=tz_autocomplete)
async def setup(interaction: discord.Interaction, time: str | None = None, tz: str | None = None,
                days: str | None = None, packs: str | None = None, order: str | None = None,
                answers: str | None = None, remind: str | None = None) -> None:
    """Create or change this channel's schedule; unspecified options keep their value."""
    actor = require_admin(interaction, "setup")
    options = setup_options(time, tz, days, packs, order, answers, remind)
    channel = interaction_channel(interaction)
    await think(interaction)
    change = await service_of(interaction).setup(channel, actor, options)
    embed = render_admin.schedule_change_embed(change)
    if change.schedule.answers in (AnswerMode.THREAD, AnswerMode.BOTH) and \
            not interaction.client.intents.message_content:
        embed.add_field(name=_("Note"), value=_(THREAD_INTENT_NOTE), inline=False)
    await send_private(interaction, embed=embed)


async def _schedule_action(interaction: discord.Interaction, name: str) -> None:
    actor = require_admin(interaction, name)
    channel = interaction_channel(interaction)
    await think(interaction)
    service = service_of(interaction)
    action = {"pause": service.pause, "resume": service.resume, "skip": service.skip}[name]
    change = await action(channel, actor)
    await send_private(interaction, embed=render_admin.schedule_change_embed(change))


@studybot.command(name="pause", description=describe_command("pause"))
async def pause(interaction: discord.Interaction) -> None:
    await _schedule_action(interaction, "pause")


@studybot.command(name="resume", description=describe_command("resume"))
async def resume(interaction: discord.Interaction) -> None:
    await _schedule_action(interaction, "resume")


@studybot.command(name="skip", description=describe_command("skip"))
async def skip(interaction: discord.Interaction) -> None:
    await _schedule_action(interaction, "skip")


@studybot.command(name="post-now", description=describe_command("post-now"))
async def post_now(interaction: discord.Interaction) -> None:
    actor = require_admin(interaction, "post-now")
    channel = interaction_channel(interaction)
    await think(interaction)
    round_ = await service_of(interaction).post_now(channel, actor)
    text = _("Today's question ({day}) is posted in this channel as round #{round}.").format(
        day=short_day(round_.local_date), round=round_.id)
    await send_private(interaction, embed=render.notice_embed(_("Posted"), text))


@studybot.command(name="status", description=describe_command("status"))
async def status(interaction: discord.Interaction) -> None:
    require_admin(interaction, "status")
    channel = interaction_channel(interaction)
    await think(interaction)
    result = await service_of(interaction).status(channel)
    await send_private(interaction, embed=render_admin.status_embed(result))


@studybot.command(name="stats", description=describe_command("stats"))
async def stats(interaction: discord.Interaction) -> None:
    actor = require_admin(interaction, "stats")
    channel = interaction_channel(interaction)
    await think(interaction)
    result = await service_of(interaction).stats(channel, actor)
    await send_private(interaction, embed=render_admin.stats_embed(result))


@studybot.command(name="export", description=describe_command("export"))
@app_commands.describe(period=describe_option("export", "period"))
@app_commands.choices(period=choices("export", "period"))
async def export(interaction: discord.Interaction, period: str | None = None) -> None:
    """A CSV of this channel's answers, sent privately as a file."""
    actor = require_admin(interaction, "export")
    when = parse_period(period)
    channel = interaction_channel(interaction)
    await think(interaction)
    service = service_of(interaction)
    current = await service.status(channel)
    tz = current.schedule.tz if current.schedule else "UTC"
    since = period_start(when, service.clock.now(), tz)
    text = await service.export_csv(actor, channel, since)
    label = re.sub(r"[^a-z0-9-]+", "-", (channel.name or channel.channel_id).lower()).strip("-") or "channel"
    name = f"studybot-{label}-{when.value}.csv"[-FILE_NAME:]
    rows = max(text.count("\n") - 1, 0)
    summary = ngettext("Export of #{channel} ({period}): {n} row.",
                       "Export of #{channel} ({period}): {n} rows.", rows).format(
        channel=channel.name or channel.channel_id, period=when.value, n=format_number(rows))
    attached = discord.File(io.BytesIO(text.encode("utf-8")), filename=name)
    await send_private(interaction, summary, file=attached)


@studybot.command(name="appeals", description=describe_command("appeals"))
@app_commands.describe(action=describe_option("appeals", "action"), id=describe_option("appeals", "id"))
@app_commands.choices(action=choices("appeals", "action"))
async def appeals(interaction: discord.Interaction, action: str | None = None,
                  id: app_commands.Range[int, 1, MAX_ID] | None = None) -> None:
    """List open appeals, or accept or reject one by number."""
    actor = require_admin(interaction, "appeals")
    verb = (action or "list").lower()
    service = service_of(interaction)
    if verb == "list":
        await think(interaction)
        await send_private(interaction, embed=render_admin.appeals_embed(await service.appeals(actor)))
        return
    if id is None:
        raise InvalidInput(_("`/studybot appeals action:{verb}` needs the appeal number: add `id:` "
                             "(see `/studybot appeals` for the list).").format(verb=verb))
    await think(interaction)
    result = await service.resolve_appeal(actor, id, accept=verb == "accept")
    title = (_("Appeal #{id} accepted") if verb == "accept" else _("Appeal #{id} rejected")).format(id=id)
    await send_private(interaction, embed=render.notice_embed(title, result.message))


@studybot.command(name="packs", description=describe_command("packs"))
async def packs(interaction: discord.Interaction) -> None:
    require_admin(interaction, "packs")
    await think(interaction)
    await send_private(interaction, embed=render_admin.packs_embed(
        await service_of(interaction).packs(interaction_channel(interaction))))


@studybot.command(name="dashboard", description=describe_command("dashboard"))
@app_commands.describe(ttl=describe_option("dashboard", "ttl"))
async def dashboard(interaction: discord.Interaction, ttl: str | None = None) -> None:
    """A private, expiring link to the web dashboard of this server."""
    actor = require_admin(interaction, "dashboard")
    lifetime = parse_ttl(ttl)
    await think(interaction)
    link = await service_of(interaction).dashboard_link(actor, lifetime)
    await send_private(interaction, embed=render_admin.dashboard_embed(link))
