"""The app's Home tab: published when a member opens it and after each of their answers. When it
cannot be built or Slack refuses it, the error is logged with the member and workspace and the tab
says the stats could not be loaded and to open it again."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.models import MemberRef, Platform
from bot.core.service import StudyService
from bot.frontends.slack.member_blocks import HOME_CHANNELS, home_error_view, home_view
from bot.frontends.slack.refs import member_ref, team_of

log = logging.getLogger(__name__)


async def publish(client: AsyncWebClient, service: StudyService, member: MemberRef) -> None:
    """Build the member's Home tab from every scheduled channel of their workspace and publish it."""
    schedules = [
        s
        for s in await service.store.list_schedules()
        if s.channel.platform == Platform.SLACK and s.channel.community_id == member.community_id
    ]
    channels = []
    for schedule in schedules[:HOME_CHANNELS]:
        today = await service.today_view(schedule.channel, member)
        channels.append((today, await service.progress(schedule.channel, member)))
    await client.views_publish(user_id=member.user_id, view=home_view(channels))


async def refresh(client: AsyncWebClient, service: StudyService, member: MemberRef) -> None:
    """`publish`, never raising (a Home tab must never cost a member their answer): on a failure the
    error is logged with its context and the member's tab says to try again (`home_error_view`)."""
    try:
        await publish(client, service, member)
    except Exception as err:
        refused = isinstance(err, SlackApiError)
        why = f"Slack answered {err.response.get('error')}" if refused else "building it failed"
        log.exception("slack: the Home tab of user %s in workspace %s was not published (%s); showing the "
                      "try-again view", member.user_id, member.community_id, why,
                      extra={"member": member.user_id, "team": member.community_id})
        try:
            await client.views_publish(user_id=member.user_id, view=home_error_view())
        except Exception as again:
            log.warning("slack: the try-again Home tab of user %s in workspace %s was not published either: "
                        "%s: %s", member.user_id, member.community_id, type(again).__name__, again)


def register(app: AsyncApp, service: StudyService) -> None:
    """Publish the Home tab whenever a member opens it."""

    async def on_home_opened(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        await refresh(client, service, member_ref(team_of(body, context), str(event.get("user") or "")))

    app.event("app_home_opened")(on_home_opened)
