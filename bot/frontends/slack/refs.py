"""Turn Slack payloads into studybot's ChannelRef and MemberRef (team id = community id)."""

from __future__ import annotations

from typing import Any

from bot.core.models import ChannelRef, MemberRef, Platform


def team_of(body: dict[str, Any], context: Any = None) -> str:
    """The workspace a request belongs to: bolt's resolved team id, else the payload's."""
    team = getattr(context, "team_id", None) if context is not None else None
    if not team and isinstance(context, dict):
        team = context.get("team_id")
    if not team:
        raw = body.get("team")
        team = raw.get("id") if isinstance(raw, dict) else raw or body.get("team_id")
    if not team:
        user = body.get("user")
        team = user.get("team_id") if isinstance(user, dict) else None
    return str(team or body.get("enterprise_id") or "")


def channel_ref(team_id: str, channel_id: str, name: str | None = None) -> ChannelRef:
    return ChannelRef(Platform.SLACK, team_id, channel_id, name or "")


def member_ref(team_id: str, user_id: str, name: str | None = None) -> MemberRef:
    return MemberRef(Platform.SLACK, team_id, user_id, name or "")


def command_refs(body: dict[str, Any], context: Any = None) -> tuple[ChannelRef, MemberRef]:
    """Channel and member of a slash command payload."""
    team = team_of(body, context)
    return (
        channel_ref(team, str(body.get("channel_id") or ""), body.get("channel_name")),
        member_ref(team, str(body.get("user_id") or ""), body.get("user_name")),
    )


def interaction_member(body: dict[str, Any], context: Any = None) -> MemberRef:
    """The member who clicked a button or submitted a modal."""
    user = body.get("user") or {}
    name = user.get("name") or user.get("username")
    return member_ref(team_of(body, context), str(user.get("id") or ""), name)


def interaction_channel(body: dict[str, Any], context: Any = None) -> ChannelRef | None:
    """The channel a button was clicked in, when the payload has one."""
    channel = body.get("channel") or {}
    channel_id = channel.get("id") or (body.get("container") or {}).get("channel_id")
    if not channel_id:
        return None
    return channel_ref(team_of(body, context), str(channel_id), channel.get("name"))


def message_ref(channel_id: str, ts: str) -> str:
    """How a post is remembered in the store: `CHANNEL:TS` (both needed for edits and threads)."""
    return f"{channel_id}:{ts}"


def split_message_ref(ref: str) -> tuple[str, str]:
    """`CHANNEL:TS` -> (channel, ts); raises ValueError for anything else."""
    channel, sep, ts = ref.partition(":")
    if not sep or not channel or not ts:
        raise ValueError(f"not a Slack message reference: {ref!r}")
    return channel, ts
