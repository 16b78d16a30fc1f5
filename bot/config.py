"""Settings from the environment (STUDYBOT_*, DISCORD_*, SLACK_*), read and validated once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"


@dataclass(frozen=True)
class Settings:
    """Every setting the operator can change. See the README's configuration table."""

    db_path: Path = Path("data/studybot.db")
    content_dir: Path = DEFAULT_CONTENT
    log_level: str = "INFO"
    log_format: str = "text"
    http_port: int = 3000
    grace_hours: float = 6.0
    discord_token: str | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_guild_id: str | None = None
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or (self.slack_client_id and self.slack_client_secret))


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `env` (default: the process environment)."""
    e = dict(os.environ if env is None else env)

    def get(name: str) -> str | None:
        value = e.get(name, "").strip()
        return value or None

    return Settings(
        db_path=Path(get("STUDYBOT_DB") or "data/studybot.db"),
        content_dir=Path(get("STUDYBOT_CONTENT") or DEFAULT_CONTENT),
        log_level=(get("STUDYBOT_LOG_LEVEL") or "INFO").upper(),
        log_format=(get("STUDYBOT_LOG_FORMAT") or "text").lower(),
        http_port=int(get("STUDYBOT_HTTP_PORT") or 3000),
        grace_hours=float(get("STUDYBOT_GRACE_HOURS") or 6),
        discord_token=get("DISCORD_TOKEN"),
        discord_api_base=get("DISCORD_API_BASE"),
        discord_gateway_url=get("DISCORD_GATEWAY_URL"),
        discord_guild_id=get("DISCORD_GUILD_ID"),
        slack_bot_token=get("SLACK_BOT_TOKEN"),
        slack_app_token=get("SLACK_APP_TOKEN"),
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_client_id=get("SLACK_CLIENT_ID"),
        slack_client_secret=get("SLACK_CLIENT_SECRET"),
        slack_api_url=get("SLACK_API_URL"),
    )
