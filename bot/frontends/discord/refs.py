"""Turning Discord objects into the core's references: channels, members and acting admins."""

from __future__ import annotations

import discord

from bot.core.errors import InvalidInput
from bot.core.i18n import _
from bot.core.models import Actor, ChannelRef, MemberRef, Platform


def channel_ref(channel: object, guild_id: int | None) -> ChannelRef:
    """The schedule channel behind `channel`: a thread counts as its parent channel."""
    if guild_id is None or channel is None:
        raise InvalidInput(_("studybot works in server channels; run this command in a channel of your "
                             "server."))
    if isinstance(channel, discord.Thread):
        parent = channel.parent
        return ChannelRef(Platform.DISCORD, str(guild_id), str(channel.parent_id),
                          getattr(parent, "name", "") or "")
    channel_id = getattr(channel, "id", None)
    if channel_id is None:
        raise InvalidInput(_("studybot could not tell which channel this is; try again in a text channel."))
    return ChannelRef(Platform.DISCORD, str(guild_id), str(channel_id), getattr(channel, "name", "") or "")


def member_ref(user: discord.abc.User, guild_id: int | None) -> MemberRef:
    """The member as the core knows them, with their current display name."""
    if guild_id is None:
        raise InvalidInput(_("studybot works in server channels; use it inside your server."))
    return MemberRef(Platform.DISCORD, str(guild_id), str(user.id), user.display_name or user.name)


def is_admin(interaction: discord.Interaction) -> bool:
    """True when the member has Manage Server (or Administrator) in this channel, checked on every use."""
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.administrator)


def interaction_channel(interaction: discord.Interaction) -> ChannelRef:
    """The channel an interaction happened in (its parent when it happened in a thread)."""
    channel = interaction.channel
    if channel is None and interaction.channel_id is not None and interaction.guild_id is not None:
        return ChannelRef(Platform.DISCORD, str(interaction.guild_id), str(interaction.channel_id))
    return channel_ref(channel, interaction.guild_id)


def interaction_member(interaction: discord.Interaction) -> MemberRef:
    """The member who acted."""
    return member_ref(interaction.user, interaction.guild_id)


def interaction_actor(interaction: discord.Interaction) -> Actor:
    """The member who acted, with admin status from their permissions right now."""
    return Actor(interaction_member(interaction), is_admin=is_admin(interaction))
