"""What studybot asks Slack about a member (`users.info` with their locale), cached per member.

One lookup serves both the admin check and the language of the member's private replies. Answers
are kept per workspace and member; a failed lookup is logged and remembered for a short while, so a
burst of requests does not repeat it, and it never breaks the reply (English or the default is used).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

MAX_MEMBERS = 10_000
LOCALE_TTL = 3600.0
FAILURE_TTL = 60.0


@dataclass(frozen=True)
class Profile:
    """What `users.info` said about a member (`ok` False when Slack could not be asked)."""

    fetched: float
    ok: bool
    is_admin: bool = False
    locale: str | None = None


class UserProfiles:
    """`users.info` answers per (team, user): fetched once, reused until they are older than asked."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, timeout: float = 2.0) -> None:
        self._clock = clock
        self._timeout = timeout
        self._cache: dict[tuple[str, str], Profile] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[Profile]] = {}

    def cached(self, team_id: str, user_id: str) -> Profile | None:
        return self._cache.get((team_id, user_id))

    async def profile(self, client: AsyncWebClient, team_id: str, user_id: str, *, max_age: float,
                      failure_ttl: float = FAILURE_TTL, token: str | None = None) -> Profile:
        """The member's profile, from the cache when younger than `max_age` seconds (a failure is kept
        for at most `failure_ttl`), else from Slack; concurrent requests for one member share one call."""
        key = (team_id, user_id)
        known = self._cache.get(key)
        if known is not None:
            age = self._clock() - known.fetched
            if age < (max_age if known.ok else min(max_age, failure_ttl)):
                return known
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Profile] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            found = await self._fetch(client, team_id, user_id, token)
        except BaseException as err:  # waiters see the same failure, not a cancellation
            future.set_exception(err)
            future.exception()  # retrieved here: no "never retrieved" warning when nobody waited
            raise
        finally:
            self._pending.pop(key, None)
        self._remember(key, found)
        future.set_result(found)
        return found

    async def _fetch(self, client: AsyncWebClient, team_id: str, user_id: str, token: str | None) -> Profile:
        options: dict[str, Any] = {"user": user_id, "include_locale": True}
        if token:
            options["token"] = token
        try:
            response = await asyncio.wait_for(client.users_info(**options), self._timeout)
        except (SlackApiError, TimeoutError, OSError) as err:
            reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
            log.warning("users.info failed for %s in %s: %s", user_id, team_id, reason)
            return Profile(self._clock(), ok=False)
        user: dict[str, Any] = response.get("user") or {}
        admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        locale = user.get("locale")
        return Profile(self._clock(), ok=True, is_admin=admin, locale=str(locale) if locale else None)

    def _remember(self, key: tuple[str, str], found: Profile) -> None:
        self._cache[key] = found
        if len(self._cache) > MAX_MEMBERS:
            oldest = sorted(self._cache, key=lambda k: self._cache[k].fetched)[: MAX_MEMBERS // 2]
            for stale in oldest:
                self._cache.pop(stale, None)
