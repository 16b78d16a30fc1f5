"""Events API: each delivery handled once (event id), and replies in a post's thread graded as answers."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import StudybotError
from bot.core.models import AnswerMode, ChannelRef, Platform, Round
from bot.core.service import StudyService
from bot.frontends.slack import home
from bot.frontends.slack.blocks import VERDICT_EMOJI, feedback, feedback_text
from bot.frontends.slack.private import send_private, send_words, words_for
from bot.frontends.slack.refs import channel_ref, member_ref, message_ref, team_of

log = logging.getLogger(__name__)

ANSWER_SUBTYPES = (None, "thread_broadcast")  # a plain reply, or one also sent to the channel
MAX_THREAD_TEXT = 40_000  # Slack's own message limit; longer bodies are hostile, not answers


def unescape(text: str) -> str:
    """Slack sends `&`, `<` and `>` escaped in message text; grade what the member typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def find_round(service: StudyService, channel: ChannelRef, thread_ts: str) -> Round | None:
    """The round whose post started this thread (open rounds first, then older ones)."""
    wanted = message_ref(channel.channel_id, thread_ts)
    for found in await service.store.open_rounds(channel):
        if found.message_ref == wanted:
            return found
    for found in reversed(await service.store.channel_rounds(channel)):
        if found.message_ref == wanted:
            return found
    return None


def register(app: AsyncApp, service: StudyService, *, revocation: bool = False) -> None:
    """De-duplicate event deliveries, grade thread answers, and forget uninstalled workspaces."""

    async def once_per_event(body: dict[str, Any], resp: BoltResponse, next: Any) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await service.store.first_delivery(Platform.SLACK, str(event_id)):
            log.info("event %s delivered again (retry %s); ignored", event_id, body.get("retry_attempt"))
            return BoltResponse(status=200, body="")
        await next()
        return resp

    async def on_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                         context: Any) -> None:
        if event.get("subtype") not in ANSWER_SUBTYPES or event.get("bot_id") or not event.get("user"):
            return  # edits, deletions, joins and every bot's messages (ours included)
        thread_ts, ts = event.get("thread_ts"), event.get("ts")
        if not thread_ts or not ts or thread_ts == ts:
            return
        team = team_of(body, context)
        channel = channel_ref(team, str(event.get("channel") or ""))
        schedule = await service.store.get_schedule(channel)
        if schedule is None or schedule.answers == AnswerMode.FORM:
            return
        found = await find_round(service, channel, str(thread_ts))
        if found is None:
            return
        member = member_ref(team, str(event["user"]))
        text = unescape(str(event.get("text") or ""))[:MAX_THREAD_TEXT]
        try:
            result = await service.submit_answer(member, found.id, text, source="thread", channel=channel)
        except Exception as err:
            words = words_for(err, "thread answer")
            if isinstance(err, StudybotError):
                await _react(client, channel.channel_id, str(ts), "grey_question")
            await send_words(client, channel.channel_id, member.user_id, words, thread_ts=str(thread_ts))
            return
        await _react(client, channel.channel_id, str(ts), VERDICT_EMOJI[result.grade.verdict])
        await send_private(client, channel.channel_id, member.user_id, feedback(result),
                           feedback_text(result), thread_ts=str(thread_ts))
        await home.refresh(client, service, member)

    app.middleware(once_per_event)
    app.event("message")(on_message)
    if revocation:
        app.event("app_uninstalled")(app.default_app_uninstalled_event_listener())
        app.event("tokens_revoked")(app.default_tokens_revoked_event_listener())


async def _react(client: AsyncWebClient, channel_id: str, ts: str, name: str) -> None:
    with contextlib.suppress(SlackApiError):
        await client.reactions_add(channel=channel_id, timestamp=ts, name=name)
