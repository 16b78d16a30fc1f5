"""The language of a Slack member's private replies: their Slack locale, set around each request.

`LocalizedApp.async_dispatch` looks up the acting member's locale (`users.info` with
`include_locale`, through the shared `UserProfiles` cache) and runs bolt's whole dispatch inside
`use_locale(...)`. Bolt starts each listener as a task from within the dispatch, and a task copies the
context it was created in, so every listener, ack and reply of the request speaks the member's
language. Requests without a member (URL checks, revoked tokens) and unsigned HTTP requests are not
looked up; a failed lookup keeps the default locale (`STUDYBOT_LOCALE`, else English).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.core.i18n import use_locale
from bot.frontends.slack.users import LOCALE_TTL, UserProfiles

log = logging.getLogger(__name__)

TokenSource = Callable[[str], Awaitable[str | None]]


class LocalizedApp(AsyncApp):
    """A bolt app whose listeners answer in the acting member's Slack locale."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._profiles: UserProfiles | None = None
        self._tokens: TokenSource | None = None
        secret = kwargs.get("signing_secret") or ""
        self._verifier = SignatureVerifier(secret) if secret else None  # Socket Mode may have none

    def use_member_locales(self, profiles: UserProfiles, tokens: TokenSource) -> None:
        """Look members up in `profiles`, with the bot token `tokens` gives for their workspace."""
        self._profiles = profiles
        self._tokens = tokens

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        with use_locale(await self.member_locale(req)):
            return await super().async_dispatch(req)

    async def member_locale(self, req: AsyncBoltRequest) -> str | None:
        """The acting member's Slack locale (`de-DE`, `es-ES`), or None to keep the default."""
        team_id, user_id = req.context.team_id, req.context.user_id
        if self._profiles is None or self._tokens is None or not team_id or not user_id:
            return None
        if not self._signed(req):
            return None  # bolt refuses it; do not spend a Slack call on it
        try:
            token = await self._tokens(team_id)
            if not token:
                return None
            found = await self._profiles.profile(self.client, team_id, user_id, max_age=LOCALE_TTL,
                                                 token=token)
        except Exception:  # never let the language break a reply
            log.exception("slack: could not look up the locale of %s in %s", user_id, team_id)
            return None
        return found.locale

    def _signed(self, req: AsyncBoltRequest) -> bool:
        if req.mode == "socket_mode":
            return True
        if self._verifier is None:
            return False

        def header(name: str) -> str | None:
            values = req.headers.get(name) or []
            return values[0] if values else None

        return self._verifier.is_valid(req.raw_body, header("x-slack-request-timestamp"),
                                       header("x-slack-signature"))
