"""The read-only web dashboard: `Dashboard.install(app)` adds its pages to an aiohttp app (beside Slack's
endpoints and /healthz), `WebServer` serves them alone; both call the service's read use cases."""

from __future__ import annotations

from bot.frontends.web.server import Dashboard, WebServer

__all__ = ["Dashboard", "WebServer"]
