"""Composition root: builds the store, content, service, scheduler and frontends; nothing else does."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Settings, override_warnings
from bot.content.loader import load_bank
from bot.core import interpreter
from bot.core.clocks import SimulatedClock
from bot.core.errors import StudybotError
from bot.core.grading_pool import GradingPool
from bot.core.i18n import set_default_locale, use_locale
from bot.core.models import ContentBank
from bot.core.ports import Clock, Frontend, SystemClock
from bot.core.service import StudyService
from bot.database_url import DatabaseTarget
from bot.schedule.fanout import FanOut
from bot.schedule.runner import DueRunner
from bot.store import open_store
from bot.store.backends import key_source, require_existing

log = logging.getLogger("studybot.app")

CONSOLE_TICK_SECONDS = 5.0
LINK_KEY_PURPOSE = "dashboard-links"


@dataclass
class ConsoleOptions:
    db: DatabaseTarget
    content: Path
    now: datetime | None = None
    json_mode: bool = False
    live: bool = False  # the simulated clock runs on with real time (interactive use)
    web_port: int | None = None  # also serve the dashboard on 127.0.0.1 at this port (`studybot run`)


def load_content(path: Path) -> ContentBank:
    """Every pack in a directory (or one pack file)."""
    return load_bank([path])


def make_service(store: Any, bank: ContentBank, clock: Clock, settings: Settings) -> StudyService:
    from bot.content.suggestion_rules import SuggestionRules

    set_default_locale(settings.locale)  # STUDYBOT_LOCALE, from the environment or .env
    service = StudyService(store, bank, clock, default_tz=settings.default_tz,
                           grace=timedelta(hours=settings.grace_hours))
    service.rules = SuggestionRules()  # suggestions are checked by the same rules as pack files
    return service


def configure_dashboard(service: StudyService, settings: Settings, db: DatabaseTarget) -> None:
    """Dashboard links signed with a key derived from the secret key (read or generated on the first
    link), based at STUDYBOT_PUBLIC_URL, and chart images from `bot.charts` (matplotlib loaded on use)."""
    from bot.charts import Painter
    from bot.core.links import LinkSigner

    keys = key_source(db, settings.secret_key)
    service.configure_dashboard(
        lambda: LinkSigner(keys.get_or_create().derive(LINK_KEY_PURPOSE)), settings.dashboard_url, Painter()
    )


def on_signals(callback: Callable[[], None]) -> None:
    """Call `callback` on SIGINT and SIGTERM (where the platform allows loop signal handlers)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, callback)


async def run_console(settings: Settings, options: ConsoleOptions) -> int:
    """The console frontend on a simulated clock: `/clock` moves it and runs what falls due.

    The clock is kept in the database: a console started again on the same file resumes where the
    last one stopped, and `--now` earlier than that is refused (rounds opened later would be open).
    """
    from bot.frontends import console
    from bot.store.console_clock import ConsoleClockStore

    bank = load_content(options.content)
    store = await open_store(options.db)
    kept = ConsoleClockStore.for_store(store)
    web = None
    try:
        start = console_start(options, await kept.latest())
        clock = SimulatedClock(start, live=options.live)
        service = make_service(store, bank, clock, settings)
        configure_dashboard(service, settings, options.db)
        runner = DueRunner(service, FanOut(service))

        async def advance(to: datetime) -> None:
            try:
                await runner.advance(clock, to, stop=lambda: frontend.stopping)  # SIGTERM stops a long /clock
            finally:
                await kept.save(clock.now())

        charts = key_source(options.db).key_file.parent / "charts"  # in the data directory
        frontend = console.build(
            service, settings, json_mode=options.json_mode, advance=advance, charts=charts
        )
        if options.web_port is not None:
            from bot.frontends.web import WebServer

            web = await start_web(WebServer(service, "127.0.0.1", options.web_port))
        await runner.catch_up()
        interpreter.settle()  # start-up done: frozen heap, short thread switch interval
        with use_locale(await service.channel_locale(frontend.session.channel)):  # the channel's language
            frontend.ready(db=str(options.db), resumed=options.now is None and start is not None)
        reader = asyncio.create_task(frontend.run(), name="console")
        ticker = asyncio.create_task(_tick(frontend, runner)) if options.live else None

        stopping: set[asyncio.Task] = set()

        def stop() -> None:
            stopping.add(asyncio.ensure_future(_stop_console(frontend, reader)))

        on_signals(stop)
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        if ticker:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
        await kept.save(clock.now())  # a live clock moved on with real time
    finally:
        if web is not None:
            await web.stop()
        await store.close()
    return 0


def console_start(options: ConsoleOptions, latest: datetime | None) -> datetime | None:
    """Where the console's clock starts: `--now`, else the database's kept time when that is later
    than the real time (None: the real time). StudybotError when `--now` would go back in time."""
    if options.now is not None:
        if latest is not None and options.now < latest:
            kept = latest.isoformat(timespec="minutes")
            raise StudybotError(
                f"{options.db} is already at {kept} (its console clock or latest round or answer); "
                f"--now {options.now.isoformat(timespec='minutes')} would move time backwards while rounds "
                f"from later are open. Start with --now {kept} or later, leave --now out to resume there, "
                "or use another --db."
            )
        return options.now
    if latest is not None and latest > datetime.now(UTC):
        return latest
    return None


async def _stop_console(frontend: Any, reader: asyncio.Task) -> None:
    await frontend.stop()
    reader.cancel()


async def _tick(frontend: Any, runner: DueRunner) -> None:
    """Interactive console: run what fell due every few seconds (the clock follows real time)."""
    while True:
        await asyncio.sleep(CONSOLE_TICK_SECONDS)
        try:
            await frontend.tick(runner.run_due())
        except Exception:
            log.exception("console tick failed")


def chat_frontends(
    service: StudyService, settings: Settings, store: Any, health: Any, routes: tuple = ()
) -> list[Frontend]:
    """Every chat frontend whose tokens are set (imported only then); `routes` add the dashboard to
    Slack's HTTP server."""
    frontends: list[Frontend] = []
    if settings.discord_enabled:
        from bot.frontends import discord

        frontends.append(discord.build(service, settings))
    if settings.slack_enabled:
        from bot.frontends import slack
        from bot.store.installations import SqliteInstallations

        installations = SqliteInstallations.for_store(store)
        frontends.append(slack.build(service, settings, installations, health, routes=routes))
    return frontends


async def run_bot(settings: Settings, db: DatabaseTarget) -> int:
    """Every configured chat frontend plus the scheduler in one loop, until SIGINT or SIGTERM.

    With no chat tokens set it runs the console instead (clock following real time), with the
    dashboard on 127.0.0.1 at STUDYBOT_HTTP_PORT.
    """
    if not (settings.discord_enabled or settings.slack_enabled):
        options = ConsoleOptions(db=db, content=settings.content_dir, live=True, web_port=settings.http_port)
        return await run_console(settings, options)
    from bot.frontends.web import Dashboard, WebServer
    from bot.health import healthz
    from bot.schedule.jobs import RoundJobs

    for warning in override_warnings(settings):
        log.warning("%s", warning)
    bank = load_content(settings.content_dir)
    store = await open_store(db, keys=key_source(db, settings.secret_key))
    started: list[Frontend] = []
    jobs: RoundJobs | None = None
    web: WebServer | None = None
    service: StudyService | None = None
    try:
        service = make_service(store, bank, SystemClock(), settings)
        service.grading = GradingPool(settings.grading_workers)  # answers graded beside the loop
        configure_dashboard(service, settings, db)
        shards = settings.discord_shards
        runner = DueRunner(service, FanOut(service), serves=None if shards is None else shards.serves)
        if shards is not None:
            log.info("discord: running %s; posting for their guilds' channels", shards.describe())
        jobs = RoundJobs(runner)
        scheduler = jobs.scheduler
        dashboard = Dashboard(service)
        slack_http = settings.slack_enabled and not settings.slack_app_token
        frontends = chat_frontends(service, settings, store, healthz(db, lambda: scheduler.running),
                                   (dashboard.install,) if slack_http else ())
        if not slack_http:  # no Slack HTTP server to share: the dashboard gets the port to itself
            web = WebServer(service, "0.0.0.0", settings.http_port)
        stopping = asyncio.Event()
        on_signals(stopping.set)
        for frontend in frontends:
            await frontend.start()
            started.append(frontend)
            log.info("%s frontend started", frontend.name)
        if web is not None:
            web = await start_web(web)
        await jobs.start()
        interpreter.settle()  # start-up done: frozen heap, short thread switch interval
        log.info("studybot is running with %s", ", ".join(f.name for f in started))
        await stopping.wait()
        log.info("shutting down")
    finally:
        if web is not None:
            await web.stop()
        if jobs is not None:
            await jobs.stop()
        for frontend in reversed(started):
            try:
                await frontend.stop()
            except Exception:
                log.exception("stopping %s failed", frontend.name)
        if service is not None:
            service.grading.close()
        await store.close()
    return 0


async def start_web(web: Any) -> Any:
    """Start the dashboard's own server; when its port is taken the bot runs on without it (logged)."""
    try:
        await web.start()
    except OSError as err:
        log.error("the dashboard cannot listen on port %s (%s); set STUDYBOT_HTTP_PORT to a free port "
                  "to use it. The bot runs on without it.", web.port, err)
        await web.stop()
        return None
    return web


async def serve_web(settings: Settings, db: DatabaseTarget, host: str, port: int) -> int:
    """`studybot web`: the dashboard alone against an existing database (a SQLite file or a
    PostgreSQL URL), until SIGINT or SIGTERM."""
    from bot.frontends.web import WebServer

    require_existing(db)  # a read-only command creates no database
    bank = load_content(settings.content_dir)
    store = await open_store(db)
    try:
        service = make_service(store, bank, SystemClock(), settings)
        configure_dashboard(service, settings, db)
        web = WebServer(service, host, port)
        await web.start()
        print(f"studybot dashboard on http://{host}:{web.port}/dashboard (links: studybot dashboard link)",
              flush=True)
        stopping = asyncio.Event()
        on_signals(stopping.set)
        try:
            await stopping.wait()
        finally:
            await web.stop()
    finally:
        await store.close()
    return 0


async def dashboard_link(
    settings: Settings, db: DatabaseTarget, community: str, member: str | None, ttl: timedelta
) -> Any:
    """`studybot dashboard link`: a signed link to a community's dashboard or one member's page."""
    require_existing(db)
    store = await open_store(db)
    try:
        service = make_service(store, load_content(settings.content_dir), SystemClock(), settings)
        configure_dashboard(service, settings, db)
        found = await service.find_community(community)
        who = await service.find_member(found, member) if member else None
        return service.link_for(found, who, ttl)
    finally:
        await store.close()
