"""The OAuth2 invite URL: scopes `bot applications.commands` and the least permissions the bot uses."""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")


def needed_permissions() -> discord.Permissions:
    """What the bot does in a channel: read it, post and edit its own messages with embeds,
    open a thread under the daily post and write in it, reply to the post, and react to thread answers.
    Interaction replies (forms, private feedback, exports) need no channel permission."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        embed_links=True,
        read_message_history=True,
        create_public_threads=True,
        send_messages_in_threads=True,
        add_reactions=True,
    )


def application_id_from_token(token: str) -> str | None:
    """A bot token's first part is the base64 of the bot's user id, which is its application id."""
    head = token.strip().split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return decoded if decoded.isdigit() else None


def invite_url(application_id: str | int, guild_id: str | int | None = None) -> str:
    """The URL a server admin opens to add the bot (optionally pre-selecting a server)."""
    guild = discord.Object(id=int(guild_id)) if guild_id else discord.utils.MISSING
    return discord.utils.oauth_url(int(application_id), permissions=needed_permissions(), guild=guild,
                                   scopes=SCOPES)
