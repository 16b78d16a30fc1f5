"""The running Slack frontend: a bolt AsyncApp served over Socket Mode or signed HTTP."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.service import StudyService
from bot.frontends.slack.messenger import SlackMessenger

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
BOT_SCOPES = (
    "commands", "chat:write", "chat:write.public", "channels:history", "groups:history",
    "reactions:write", "users:read", "im:write", "files:write",
)
HealthCheck = Callable[[], dict[str, Any] | Awaitable[dict[str, Any]]]
Routes = Callable[[web.Application], None]  # adds more pages to the HTTP server (the dashboard)


def web_client(api_url: str | None, token: str | None = None, rate_limit_retries: int = 3) -> AsyncWebClient:
    """A Web API client on `api_url` that retries connection errors and 429s (after Retry-After)."""
    return AsyncWebClient(
        token=token,
        base_url=api_url or DEFAULT_API_URL,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ],
    )


def authorization_url(api_url: str | None) -> str:
    """Slack's consent page on the same host as the Web API (GovSlack and test fakes included)."""
    parsed = urlparse(api_url or DEFAULT_API_URL)
    path = parsed.path.rstrip("/")
    base = path[: -len("/api")] if path.endswith("/api") else path
    return f"{parsed.scheme}://{parsed.netloc}{base}/oauth/v2/authorize"


def oauth_settings(client_id: str, client_secret: str, api_url: str | None, installation_store: Any,
                   state_store: Any) -> AsyncOAuthSettings:
    """Bolt's OAuth settings with studybot's stores and scopes."""
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        installation_store=installation_store,
        state_store=state_store,
        authorization_url=authorization_url(api_url),
    )


@web.middleware
async def refuse_malformed(request: web.Request, handler: Any) -> web.StreamResponse:
    """A body bolt cannot parse (broken JSON, bad encoding) gets 400 instead of a server error."""
    try:
        return await handler(request)
    except ValueError as err:
        log.warning("slack: refused a malformed request to %s: %s", request.path, err.__class__.__name__)
        return web.Response(status=400, text="malformed request body")


class SlackFrontend:
    """Starts and stops the bolt app; `port` is the bound HTTP port once started in HTTP mode."""

    name = "slack"

    def __init__(
        self,
        app: AsyncApp,
        messenger: SlackMessenger,
        service: StudyService,
        *,
        app_token: str | None,
        host: str,
        port: int,
        health: HealthCheck | None = None,
        seed_token: str | None = None,
        routes: tuple[Routes, ...] = (),
    ) -> None:
        self.app = app
        self.messenger = messenger
        self.service = service
        self.mode = "socket" if app_token else "http"
        self._app_token = app_token
        self._host = host
        self.port = port
        self._health = health
        self._seed_token = seed_token
        self._routes = routes
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None

    def web_app(self) -> web.Application:
        """The aiohttp app of HTTP mode: /slack/events, OAuth pages when configured, /healthz."""
        application = self.app.web_app(path="/slack/events", port=self.port)
        application.middlewares.append(refuse_malformed)
        if self._health is not None:
            application.router.add_get("/healthz", self._healthz)
        for add in self._routes:
            add(application)
        return application

    async def _healthz(self, request: web.Request) -> web.Response:
        assert self._health is not None
        try:
            report = self._health()
            if inspect.isawaitable(report):
                report = await report
        except Exception:
            log.exception("health check failed")
            return web.json_response({"ok": False, "error": "health check failed"}, status=503)
        status = 200 if report.get("ok", True) else 503
        return web.json_response(report, status=status)

    async def start(self) -> None:
        """Register the messenger, then connect (Socket Mode) or listen (HTTP mode)."""
        self.service.register_messenger(self.messenger)
        await self._seed_installation()
        if self._app_token:
            self._socket = AsyncSocketModeHandler(self.app, self._app_token)
            await self._socket.connect_async()
            log.info("slack: connected in Socket Mode")
            return
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self.port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("slack: HTTP mode on %s:%s (/slack/events)", self._host, self.port)

    async def _seed_installation(self) -> None:
        """With OAuth on, a SLACK_BOT_TOKEN workspace keeps working: it is saved as an installation."""
        store = self.app.installation_store
        if not self._seed_token or store is None:
            return
        identity = await self.app.client.auth_test(token=self._seed_token)
        team_id = identity.get("team_id")
        if await store.async_find_bot(enterprise_id=identity.get("enterprise_id"), team_id=team_id):
            return
        await store.async_save(Installation(
            app_id=None, enterprise_id=identity.get("enterprise_id"), team_id=team_id,
            bot_token=self._seed_token, bot_id=identity.get("bot_id"),
            bot_user_id=identity.get("user_id"), bot_scopes=list(BOT_SCOPES), user_id="",
        ))
        log.info("slack: saved the SLACK_BOT_TOKEN workspace %s as an installation", team_id)

    async def stop(self) -> None:
        """Let pending count updates land, then disconnect."""
        await self.messenger.drain()
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
