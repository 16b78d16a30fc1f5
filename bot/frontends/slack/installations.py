"""slack_sdk's async installation and OAuth state stores over studybot's installation repository."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.core.errors import StoreError
from bot.core.installations import InstallationRepository, InstallationRow
from bot.core.models import Platform

PLATFORM = Platform.SLACK.value
log = logging.getLogger(__name__)


def _team(team_id: str | None, is_enterprise_install: bool | None) -> str | None:
    """Org-wide installs are found by enterprise id alone."""
    return None if is_enterprise_install else team_id


class RepositoryInstallationStore(AsyncInstallationStore):
    """Installations saved by the OAuth flow and read by bolt's authorize, in studybot's database."""

    def __init__(
        self, repository: InstallationRepository, clock: Callable[[], datetime] | None = None
    ) -> None:
        self._repo = repository
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self._repo.save_installation(
            InstallationRow(
                platform=PLATFORM,
                enterprise_id=installation.enterprise_id,
                team_id=_team(installation.team_id, installation.is_enterprise_install),
                user_id=installation.user_id,
                bot_token=installation.bot_token,
                bot_user_id=installation.bot_user_id,
                payload=json.dumps(installation.__dict__, default=str),
                installed_at=self._clock(),
                is_enterprise_install=bool(installation.is_enterprise_install),
            )
        )

    async def async_save_bot(self, bot: Bot) -> None:
        """Bot-only saves come from token rotation; they are kept as installations without a user."""
        await self.async_save(Installation(user_id="", **{
            k: v for k, v in bot.__dict__.items() if k in _BOT_FIELDS
        }))

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        try:
            row = await self._repo.find_installation(
                PLATFORM, enterprise_id, _team(team_id, is_enterprise_install), user_id
            )
        except StoreError as exc:  # e.g. a secret key that cannot decrypt the stored tokens
            log.error("Slack installation for team %s cannot be read: %s", team_id, exc)
            raise
        if row is None:
            return None
        try:
            return Installation(**json.loads(row.payload))
        except (TypeError, ValueError):
            log.error("stored Slack installation for team %s cannot be read", row.team_id)
            return None

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if installation is None or not installation.bot_token:
            return None
        return installation.to_bot()

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._repo.delete_installations(PLATFORM, enterprise_id, team_id, user_id)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._repo.delete_installations(PLATFORM, enterprise_id, team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._repo.delete_installations(PLATFORM, enterprise_id, team_id)


_BOT_FIELDS = frozenset({
    "app_id", "enterprise_id", "enterprise_name", "team_id", "team_name", "bot_token", "bot_id",
    "bot_user_id", "bot_scopes", "bot_refresh_token", "bot_token_expires_at", "is_enterprise_install",
    "installed_at", "custom_values",
})


class RepositoryStateStore(AsyncOAuthStateStore):
    """One-time OAuth `state` values, valid for `expiration_seconds`, shared by every process."""

    def __init__(
        self,
        repository: InstallationRepository,
        expiration_seconds: int = 600,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._repo = repository
        self._ttl = timedelta(seconds=expiration_seconds)
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(24)
        await self._repo.issue_state(PLATFORM, state, self._clock() + self._ttl)
        return state

    async def async_consume(self, state: str) -> bool:
        if not state:
            return False
        return await self._repo.consume_state(PLATFORM, state, self._clock())
