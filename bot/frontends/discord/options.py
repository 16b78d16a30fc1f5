"""Slash-command options from the one command language: descriptions, choices and autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import available_timezones

import discord
from discord import app_commands

from bot.core.commands import ADMIN_COMMANDS, MEMBER_COMMANDS
from bot.core.spelling import prefix_key
from bot.frontends.discord.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, COMMAND_DESCRIPTION, clip
from bot.frontends.discord.refs import interaction_channel, interaction_member
from bot.frontends.discord.replies import log

if TYPE_CHECKING:
    from bot.core.service import StudyService

Suggestion = app_commands.Choice[str]
_ZONES = sorted(available_timezones() | {"UTC"})


def describe_option(command: str, option: str) -> str:
    """An option's description from the command language, clipped to Discord's 100 characters."""
    spec = MEMBER_COMMANDS.get(command) or ADMIN_COMMANDS[command]
    return clip(next(o.description for o in spec.options if o.name == option), COMMAND_DESCRIPTION)


def describe_command(command: str) -> str:
    spec = MEMBER_COMMANDS.get(command) or ADMIN_COMMANDS[command]
    return clip(spec.description, COMMAND_DESCRIPTION)


def choices(command: str, option: str) -> list[app_commands.Choice[str]]:
    """The option's fixed choices from the command language, as Discord choices."""
    spec = MEMBER_COMMANDS.get(command) or ADMIN_COMMANDS[command]
    values = next(o.choices for o in spec.options if o.name == option)
    return [app_commands.Choice(name=v, value=v) for v in values][:CHOICES]


def matching(values: list[str], current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete suggestions: prefix matches first, then substring matches; at most 25."""
    typed = (current or "").strip().lower()
    key = prefix_key(typed)
    starts = [v for v in values if v.lower().startswith(typed) or prefix_key(v).startswith(key)]
    contains = [v for v in values if (typed in v.lower() or key in prefix_key(v)) and v not in starts]
    return [app_commands.Choice(name=clip(v, CHOICE_NAME), value=v[:CHOICE_VALUE])
            for v in (starts + contains)][:CHOICES]


async def tz_autocomplete(interaction: discord.Interaction, current: str) -> list[Suggestion]:
    """IANA timezone names matching what the member typed."""
    return matching(_ZONES, current.replace(" ", "_"))


def service_of(interaction: discord.Interaction) -> StudyService:
    return interaction.client.service  # type: ignore[attr-defined]


async def topic_autocomplete(interaction: discord.Interaction, current: str) -> list[Suggestion]:
    """Topics of the questions /quiz draws from in this channel matching what the member typed."""
    try:
        topics = await service_of(interaction).quiz_topics(interaction_member(interaction),
                                                           interaction_channel(interaction))
        return matching(topics, current)
    except Exception:
        log.exception("topic autocomplete failed")
        return []


async def cohort_autocomplete(interaction: discord.Interaction, current: str) -> list[Suggestion]:
    """The server's cohort names matching what the member typed."""
    try:
        cohorts = await service_of(interaction).cohort_list(interaction_member(interaction))
        return matching([c.name for c in cohorts], current)
    except Exception:
        log.exception("cohort autocomplete failed")
        return []
