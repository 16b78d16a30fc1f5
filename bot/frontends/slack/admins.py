"""Who is an admin on Slack: workspace admins and owners (users.info, cached briefly) plus added members."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.models import Actor, MemberRef, Platform
from bot.core.ports import Store

log = logging.getLogger(__name__)


class Admins:
    """Decides `Actor.is_admin` for Slack members.

    Workspace admins, owners and primary owners count, as `users.info` reports them; the answer is
    cached for `ttl` seconds per member so a burst of commands costs one API call. Members an admin
    added with `/studybot admins add @member` are kept in the store (the service adds and removes them).
    """

    def __init__(self, store: Store, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[float, bool]] = {}

    async def workspace_admin(self, client: AsyncWebClient, team_id: str, user_id: str) -> bool:
        """True for workspace admins and owners; False when Slack cannot tell us (logged)."""
        key = (team_id, user_id)
        now = self._clock()
        cached = self._cache.get(key)
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        try:
            response = await client.users_info(user=user_id)
            user: dict[str, Any] = response.get("user") or {}
            verdict = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        except SlackApiError as err:
            log.warning("users.info failed for %s in %s: %s", user_id, team_id, err.response.get("error"))
            return False
        self._cache[key] = (now, verdict)
        if len(self._cache) > 10_000:
            oldest = sorted(self._cache, key=lambda k: self._cache[k][0])[:5_000]
            for stale in oldest:
                self._cache.pop(stale, None)
        return verdict

    async def is_admin(self, client: AsyncWebClient, member: MemberRef) -> bool:
        """Workspace admin/owner, or a member an admin added."""
        if await self._store.is_admin((Platform.SLACK, member.community_id), member.user_id):
            return True
        return await self.workspace_admin(client, member.community_id, member.user_id)

    async def actor(self, client: AsyncWebClient, member: MemberRef) -> Actor:
        return Actor(member=member, is_admin=await self.is_admin(client, member))
