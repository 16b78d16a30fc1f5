"""The Slack frontend (slack-bolt): `build(service, settings, ...)` returns a startable Frontend."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.core.installations import InstallationRepository
from bot.core.service import StudyService
from bot.frontends.slack import actions, choice_questions, commands, events, home, suggestions, views
from bot.frontends.slack.admins import Admins
from bot.frontends.slack.frontend import HealthCheck, Routes, SlackFrontend, oauth_settings, web_client
from bot.frontends.slack.installations import RepositoryInstallationStore, RepositoryStateStore
from bot.frontends.slack.locale import LocalizedApp
from bot.frontends.slack.messenger import SlackMessenger, TokenSource

__all__ = ["SlackFrontend", "build"]

NOT_INSTALLED = (
    "studybot is not installed in this workspace yet. A workspace admin can add it from the "
    "install page (/slack/install on the bot's address)."
)


def build(
    service: StudyService,
    settings: Settings,
    installations: InstallationRepository | None = None,
    health: HealthCheck | None = None,
    *,
    host: str = "0.0.0.0",
    count_interval: float = 1.0,
    routes: tuple[Routes, ...] = (),
) -> SlackFrontend:
    """Wire the bolt app, its listeners and the messenger from settings.

    Single workspace: `slack_bot_token`. Multi-workspace: `slack_client_id` and `slack_client_secret`
    with `installations` (studybot's database) holding each workspace's token. Socket Mode when
    `slack_app_token` is set; otherwise HTTP on `http_port` with signature checks.
    """
    multi = bool(settings.slack_client_id and settings.slack_client_secret)
    if not multi and not settings.slack_bot_token:
        raise ValueError("Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
    if multi and installations is None:
        raise ValueError("multi-workspace Slack (OAuth) needs an installation repository")
    client = web_client(settings.slack_api_url, None if multi else settings.slack_bot_token)
    logger = logging.getLogger("bot.frontends.slack.bolt")
    if multi:
        assert installations is not None
        installation_store = RepositoryInstallationStore(installations)
        app = LocalizedApp(
            client=client,
            signing_secret=settings.slack_signing_secret or "",
            installation_store=installation_store,
            oauth_settings=oauth_settings(
                settings.slack_client_id or "", settings.slack_client_secret or "", settings.slack_api_url,
                installation_store, RepositoryStateStore(installations),
            ),
            logger=logger,
            name="studybot",
            user_facing_authorize_error_message=NOT_INSTALLED,
        )

        async def tokens(team_id: str) -> str | None:
            bot = await installation_store.async_find_bot(enterprise_id=None, team_id=team_id)
            return bot.bot_token if bot else None
    else:
        app = LocalizedApp(client=client, signing_secret=settings.slack_signing_secret or "", logger=logger,
                       name="studybot")

        async def tokens(team_id: str) -> str | None:
            return settings.slack_bot_token

    token_source: TokenSource = tokens
    admins = Admins(service.store)
    app.use_member_locales(admins.profiles, token_source)  # private replies in the member's language
    commands.register(app, service, admins)
    actions.register(app, service, admins)
    choice_questions.register(app, service)
    views.register(app, service)
    suggestions.register(app, service)
    events.register(app, service, revocation=multi)
    home.register(app, service)
    messenger = SlackMessenger(client, token_source, service, min_interval=count_interval)
    return SlackFrontend(
        app,
        messenger,
        service,
        app_token=settings.slack_app_token,
        host=host,
        port=settings.http_port,
        health=health,
        seed_token=settings.slack_bot_token if multi else None,
        routes=routes,
    )
