"""The dashboard over HTTP (aiohttp): routes added beside /healthz and Slack's endpoints, or a server alone.

Every page needs `?t=<token>` from a signed link; a missing, changed, expired or other-community
token, or a member token on another member's page, gets 403 and a page saying how to get a new link.
Pages are read only (GET and HEAD) and computed by the service's read use cases.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.core.commands import parse_period
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.i18n import _, normalize, use_locale
from bot.core.insights import dashboard_path
from bot.core.links import HOW_TO_RENEW, LinkRefused
from bot.core.models import MemberRef, Platform
from bot.core.service import StudyService
from bot.frontends.web import pages

log = logging.getLogger("studybot.web")

BASE = "/dashboard/{platform}/{community}/"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
MAX_QUERY_CHARS = 2048
Page = Callable[[web.Request, pages.Where], Awaitable[str]]


def page_locale(request: web.Request) -> str | None:
    """The page's language: `?lang=de`, else the browser's Accept-Language (by preference), else None
    (the bot's default)."""
    asked = normalize(request.query.get("lang"))
    if asked:
        return asked
    ranked = []
    for position, part in enumerate(request.headers.get("Accept-Language", "")[:500].split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-weight, position, tag.strip()))
    for _weight, _position, tag in sorted(ranked):
        if normalize(tag):
            return normalize(tag)
    return None


def html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS)


class Dashboard:
    """The dashboard's request handlers over one service."""

    def __init__(self, service: StudyService) -> None:
        self.service = service

    def install(self, app: web.Application) -> None:
        """Add the dashboard's routes to an aiohttp application."""
        app.router.add_get("/dashboard", self._bare)
        app.router.add_get("/dashboard/", self._bare)
        for path, handler in (
            ("", self._overview),
            ("leaderboard", self._leaderboard),
            ("topics", self._topics),
            ("rounds", self._rounds),
            ("member/{user_id}", self._member),
        ):
            app.router.add_get(BASE + path, self._guarded(handler))

    async def _bare(self, request: web.Request) -> web.Response:
        with use_locale(page_locale(request)):
            return html(pages.refused(_("This address needs a dashboard link with its key.") + " "
                                      + _(HOW_TO_RENEW)), 403)

    def _guarded(self, page: Page) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            with use_locale(page_locale(request)):
                return await answer(request)

        async def answer(request: web.Request) -> web.Response:
            try:
                if len(request.query_string) > MAX_QUERY_CHARS:
                    raise InvalidInput(_("That address is too long; open the link as studybot sent it."))
                return html(await page(request, self._where(request)))
            except NotAllowed as err:
                return html(pages.refused(str(err)), 403)
            except NotFound as err:
                return html(pages.not_found(str(err)), 404)
            except InvalidInput as err:
                return html(pages.not_found(str(err)), 400)
            except Exception:
                log.exception("dashboard page %s failed", request.path)
                return html(
                    pages.not_found(
                        _("Something went wrong on our side and it has been logged; try again in a minute.")
                    ),
                    500,
                )

        return handle

    def _where(self, request: web.Request) -> pages.Where:
        try:
            platform = Platform(request.match_info["platform"])
        except ValueError:
            raise NotFound(_("There is no such dashboard; open the link as studybot sent it.")) from None
        community = request.match_info["community"]
        token = request.query.get("t")
        scope = self.service.open_dashboard(token, (platform, community))
        return pages.Where(dashboard_path(platform, community), token or "", scope,
                           normalize(request.query.get("lang")) or "")

    async def _overview(self, request: web.Request, where: pages.Where) -> str:
        view = await self.service.community_overview(_community(where))
        return await asyncio.to_thread(pages.overview, view, where)

    async def _leaderboard(self, request: web.Request, where: pages.Where) -> str:
        period = parse_period(request.query.get("period"))
        cohort = (request.query.get("cohort") or "").strip() or None
        view = await self.service.board_view(_community(where), period, cohort)
        return await asyncio.to_thread(pages.leaderboard, view, period, view.leaderboard.cohort, where)

    async def _topics(self, request: web.Request, where: pages.Where) -> str:
        view = await self.service.topics_view(_community(where))
        return await asyncio.to_thread(pages.topics, view, where)

    async def _rounds(self, request: web.Request, where: pages.Where) -> str:
        views = await self.service.round_history(_community(where))
        return await asyncio.to_thread(pages.rounds, views, where)

    async def _member(self, request: web.Request, where: pages.Where) -> str:
        user_id = request.match_info["user_id"]
        if not where.scope.may_see_member(user_id):
            raise LinkRefused(
                "member",
                _("This link opens your own page and the community's boards, not another member's page.")
                + " " + _(HOW_TO_RENEW),
            )
        platform, community = _community(where)
        view = await self.service.member_insight(MemberRef(platform, community, user_id))
        return await asyncio.to_thread(pages.member, view, where)


def _community(where: pages.Where) -> tuple[Platform, str]:
    return (where.scope.platform, where.scope.community_id)


class WebServer:
    """The dashboard on its own port (`studybot web`, or `studybot run` when Slack serves no HTTP)."""

    name = "web"

    def __init__(self, service: StudyService, host: str, port: int) -> None:
        self.service = service
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        application = web.Application()
        Dashboard(self.service).install(application)
        return application

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one; `port` is the bound port afterwards)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = getattr(getattr(site, "_server", None), "sockets", None) or []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("web: dashboard on %s:%s (/dashboard)", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
