"""Who is an admin on Slack: workspace admins and owners (users.info, cached briefly) plus added members."""

from __future__ import annotations

import time
from collections.abc import Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.models import Actor, MemberRef, Platform
from bot.core.ports import Store
from bot.frontends.slack.users import UserProfiles


class Admins:
    """Decides `Actor.is_admin` for Slack members.

    Workspace admins, owners and primary owners count, as `users.info` reports them; the answer is
    cached for `ttl` seconds per member (in the `UserProfiles` the locale comes from too), so a burst
    of commands costs one API call; a failed lookup is asked again. Members an admin added with
    `/studybot admins add @member` are kept in the store (the service adds and removes them).
    """

    def __init__(self, store: Store, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 profiles: UserProfiles | None = None) -> None:
        self._store = store
        self._ttl = ttl
        self.profiles = profiles or UserProfiles(clock)

    async def workspace_admin(self, client: AsyncWebClient, team_id: str, user_id: str) -> bool:
        """True for workspace admins and owners; False when Slack cannot tell us (logged)."""
        found = await self.profiles.profile(client, team_id, user_id, max_age=self._ttl, failure_ttl=0.0)
        return found.ok and found.is_admin

    async def is_admin(self, client: AsyncWebClient, member: MemberRef) -> bool:
        """Workspace admin/owner, or a member an admin added."""
        if await self._store.is_admin((Platform.SLACK, member.community_id), member.user_id):
            return True
        return await self.workspace_admin(client, member.community_id, member.user_id)

    async def actor(self, client: AsyncWebClient, member: MemberRef) -> Actor:
        return Actor(member=member, is_admin=await self.is_admin(client, member))
