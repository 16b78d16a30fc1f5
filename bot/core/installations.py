"""Chat-app installations per workspace and OAuth install states, as plain rows and a repository port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class InstallationRow:
    """One app installation in a workspace (or an enterprise org), as stored.

    `payload` is the platform's full installation record as JSON, kept so that fields studybot does
    not model survive a round trip; the other fields are the ones looked up or shown.
    """

    platform: str
    team_id: str | None
    enterprise_id: str | None
    user_id: str | None
    bot_token: str | None
    bot_user_id: str | None
    payload: str
    installed_at: datetime
    is_enterprise_install: bool = False


class InstallationRepository(Protocol):
    """Where installations and one-time OAuth states live (studybot's own database)."""

    async def save_installation(self, row: InstallationRow) -> None:
        """Store a new installation; the latest one per workspace (and installer) wins look-ups."""
        ...

    async def find_installation(
        self,
        platform: str,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> InstallationRow | None:
        """The latest installation for the workspace (by `user_id` when given), or None."""
        ...

    async def delete_installations(
        self,
        platform: str,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> int:
        """Remove the workspace's installations (only `user_id`'s when given); return how many."""
        ...

    async def issue_state(self, platform: str, state: str, expires_at: datetime) -> None:
        """Remember a one-time OAuth state until `expires_at`."""
        ...

    async def consume_state(self, platform: str, state: str, now: datetime) -> bool:
        """True once for a known, unexpired state (which is then forgotten); False otherwise."""
        ...
