"""Discord API payloads the fake server sends: users, guilds, channels, members, messages, interactions."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

APP_ID = 900000000000000001
GUILD_ID = 800000000000000001
OTHER_GUILD_ID = 800000000000000002
CHANNEL_ID = 700000000000000001
ADMIN_ID = 600000000000000001
MEMBER_ID = 600000000000000002
MANAGE_GUILD = 1 << 5
# view channel, send messages, embed links, read history, use application commands
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)

_ids = itertools.count(1_000_000_000_000_000_000)


def snowflake() -> int:
    """A fresh, increasing id."""
    return next(_ids)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "flags": 0, "public_flags": 0}


BOT_USER = user(APP_ID, "studybot", bot=True)


def text_channel(channel_id: int, guild_id: int, name: str) -> dict[str, Any]:
    return {"id": str(channel_id), "type": 0, "guild_id": str(guild_id), "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
            "rate_limit_per_user": 0, "last_message_id": None, "flags": 0}


def thread_channel(thread_id: int, parent_id: int, guild_id: int, name: str) -> dict[str, Any]:
    return {"id": str(thread_id), "type": 11, "guild_id": str(guild_id), "parent_id": str(parent_id),
            "name": name, "owner_id": str(APP_ID), "message_count": 0, "member_count": 1,
            "rate_limit_per_user": 0, "flags": 0, "last_message_id": None,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                "archive_timestamp": now_iso(), "locked": False}}


def guild(guild_id: int, name: str, channels: list[dict[str, Any]]) -> dict[str, Any]:
    everyone = {"id": str(guild_id), "name": "@everyone", "permissions": str(MEMBER_PERMISSIONS),
                "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    return {"id": str(guild_id), "name": name, "owner_id": str(ADMIN_ID), "roles": [everyone],
            "channels": channels, "threads": [], "members": [], "member_count": 3, "features": [],
            "emojis": [], "stickers": [], "voice_states": [], "presences": [], "large": False,
            "unavailable": False, "joined_at": now_iso(), "premium_tier": 0, "mfa_level": 0,
            "verification_level": 0, "explicit_content_filter": 0, "default_message_notifications": 0,
            "afk_timeout": 300, "system_channel_flags": 0, "preferred_locale": "en-US", "nsfw_level": 0}


def member(user_payload: dict[str, Any], permissions: int) -> dict[str, Any]:
    return {"user": user_payload, "roles": [], "joined_at": now_iso(), "deaf": False, "mute": False,
            "flags": 0, "pending": False, "nick": None, "avatar": None, "permissions": str(permissions)}


def message(channel_id: int, guild_id: int | None, body: dict[str, Any], *,
            author: dict[str, Any] | None = None, message_id: int | None = None) -> dict[str, Any]:
    """A message as Discord returns it, built from what the bot sent."""
    data = {
        "id": str(message_id or snowflake()), "channel_id": str(channel_id), "author": author or BOT_USER,
        "content": body.get("content") or "", "embeds": body.get("embeds") or [],
        "components": body.get("components") or [], "attachments": [], "mentions": [],
        "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
        "timestamp": now_iso(), "edited_timestamp": None, "type": 19 if body.get("message_reference") else 0,
        "flags": int(body.get("flags") or 0),
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if body.get("message_reference"):
        data["message_reference"] = body["message_reference"]
    return data


def interaction(
    kind: int, data: dict[str, Any], *, who: dict[str, Any], permissions: int,
    channel: dict[str, Any], guild_id: int | None, msg: dict[str, Any] | None = None,
    locale: str = "en-US", guild_locale: str = "en-US",
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload (2 command, 3 component, 4 autocomplete, 5 modal submit); `locale` is
    the member's Discord language, `guild_locale` the server's."""
    payload: dict[str, Any] = {
        "id": str(snowflake()), "application_id": str(APP_ID), "type": kind, "data": data,
        "channel_id": channel["id"], "channel": channel, "token": f"tok-{snowflake()}", "version": 1,
        "app_permissions": str(MEMBER_PERMISSIONS | (1 << 35) | (1 << 38)), "locale": locale,
        "entitlements": [], "context": 0 if guild_id else 1, "attachment_size_limit": 8 * 1024 * 1024,
        "authorizing_integration_owners": {"0": str(guild_id)} if guild_id else {"1": who["id"]},
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = guild_locale
        payload["member"] = member(who, permissions)
    else:
        payload["user"] = who
    if msg is not None:
        payload["message"] = msg
    return payload


def command_data(name: str, options: dict[str, Any] | None = None, *, sub: str | None = None,
                 focused: str | None = None) -> dict[str, Any]:
    """`data` of a slash command or autocomplete; `sub` wraps options in a sub-command."""
    def option(key: str, value: Any) -> dict[str, Any]:
        kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
        entry: dict[str, Any] = {"name": key, "type": kind, "value": value}
        if key == focused:
            entry["focused"] = True
        return entry

    opts = [option(k, v) for k, v in (options or {}).items()]
    if sub is not None:
        opts = [{"name": sub, "type": 1, "options": opts}]
    return {"id": str(snowflake()), "name": name, "type": 1, "options": opts}


def flatten_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every component in a message or modal, rows and labels walked."""
    found: list[dict[str, Any]] = []
    for c in components or []:
        found.append(c)
        found += flatten_components(c.get("components") or [])
        if isinstance(c.get("component"), dict):
            found += flatten_components([c["component"]])
    return found
