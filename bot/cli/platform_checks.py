"""Asks Discord and Slack whether they accept the configured tokens (used by `studybot doctor`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlparse

import aiohttp

DISCORD_API_BASE = "https://discord.com/api/v10"
SLACK_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class CheckResult:
    """One row of the doctor's table."""

    name: str
    status: str  # ok | FAIL | warn | skip
    detail: str

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"


def _host(url: str) -> str:
    return urlparse(url).netloc or url


async def _get_json(
    method: str, url: str, headers: dict[str, str], timeout: float
) -> tuple[int, dict | None]:
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with (
        aiohttp.ClientSession(timeout=client_timeout) as session,
        session.request(method, url, headers=headers) as resp,
    ):
        try:
            body = await resp.json(content_type=None)
        except (ValueError, aiohttp.ContentTypeError):
            body = None
        return resp.status, body if isinstance(body, dict) else None


async def _ask(name: str, method: str, url: str, headers: dict[str, str], timeout: float):
    """(status, body) or a CheckResult saying why the platform could not be asked."""
    try:
        return await _get_json(method, url, headers, timeout)
    except TimeoutError:
        return CheckResult(
            name, "FAIL", f"no answer from {_host(url)} within {timeout:g} s; check the network"
        )
    except aiohttp.ClientError as exc:
        reason = str(exc) or type(exc).__name__
        return CheckResult(name, "FAIL", f"cannot reach {_host(url)}: {reason}")


async def check_discord(token: str | None, api_base: str | None, timeout: float = 5.0) -> CheckResult:
    """GET /users/@me with the bot token: ok names the bot; 401 means Discord rejects the token."""
    if not token:
        return CheckResult("discord", "skip", "DISCORD_TOKEN not set")
    url = (api_base or DISCORD_API_BASE).rstrip("/") + "/users/@me"
    answer = await _ask("discord", "GET", url, {"Authorization": f"Bot {token}"}, timeout)
    if isinstance(answer, CheckResult):
        return answer
    status, body = answer
    if status == 200 and body and body.get("id"):
        return CheckResult(
            "discord", "ok", f"token accepted: bot {body.get('username', '?')} (id {body['id']})"
        )
    if status == 401:
        return CheckResult(
            "discord", "FAIL", "Discord rejects DISCORD_TOKEN (401); reset it in the Developer Portal"
        )
    if status == 429:
        return CheckResult(
            "discord", "warn", "Discord is rate limiting this bot (429); try again in a minute"
        )
    return CheckResult("discord", "FAIL", f"unexpected answer from {_host(url)}: HTTP {status}")


async def check_slack(token: str | None, api_url: str | None, timeout: float = 5.0) -> CheckResult:
    """auth.test with the bot token: ok names the workspace; `ok: false` carries Slack's reason."""
    if not token:
        return CheckResult(
            "slack", "skip", "SLACK_BOT_TOKEN not set (OAuth installs are checked per workspace)"
        )
    url = (api_url or SLACK_API_URL).rstrip("/") + "/auth.test"
    answer = await _ask("slack", "POST", url, {"Authorization": f"Bearer {token}"}, timeout)
    if isinstance(answer, CheckResult):
        return answer
    status, body = answer
    if body is None:
        return CheckResult("slack", "FAIL", f"unexpected answer from {_host(url)}: HTTP {status}")
    if body.get("ok"):
        return CheckResult(
            "slack", "ok", f"token accepted: {body.get('user', '?')} in {body.get('team', '?')}"
        )
    error = body.get("error", f"HTTP {status}")
    if error == "ratelimited" or status == 429:
        return CheckResult("slack", "warn", "Slack is rate limiting auth.test; try again in a minute")
    return CheckResult(
        "slack", "FAIL", f"Slack rejects SLACK_BOT_TOKEN: {error}; reinstall the app or copy the token"
    )


async def check_platforms(
    discord_token: str | None,
    discord_api_base: str | None,
    slack_token: str | None,
    slack_api_url: str | None,
    timeout: float = 5.0,
) -> list[CheckResult]:
    """Both platform checks, concurrently."""
    return list(
        await asyncio.gather(
            check_discord(discord_token, discord_api_base, timeout),
            check_slack(slack_token, slack_api_url, timeout),
        )
    )
