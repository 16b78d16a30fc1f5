"""Private replies (ephemeral in the channel, or a DM where that fails) and errors turned into words."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import StudybotError
from bot.core.i18n import N_, _
from bot.frontends.slack.blocks import Block, notice
from bot.frontends.slack.escape import FALLBACK_TEXT, safe, truncate

log = logging.getLogger(__name__)

APOLOGY = N_("Sorry, something went wrong on our side and it has been logged. "
             "Nothing you did caused it; please try again in a minute.")


def words_for(err: BaseException, what: str = "request") -> str:
    """A user-facing sentence for any error: studybot's own say what to fix; others are logged."""
    if isinstance(err, StudybotError):
        return f":warning: {safe(str(err), 2900)}"
    log.error("slack %s failed", what, exc_info=err)
    return f":warning: {_(APOLOGY)}"


async def send_private(
    client: AsyncWebClient,
    channel_id: str,
    user_id: str,
    blocks: list[Block],
    text: str,
    thread_ts: str | None = None,
) -> str:
    """Show `blocks` to one member only; return "ephemeral", "dm" or "failed".

    Ephemeral messages need the bot and the member in the channel; when Slack refuses one
    (archived channel, bot not invited, a DM the bot is not part of) the member gets a DM instead.
    """
    text = truncate(text, FALLBACK_TEXT)
    if channel_id:
        try:
            await client.chat_postEphemeral(
                channel=channel_id, user=user_id, blocks=blocks, text=text, thread_ts=thread_ts
            )
            return "ephemeral"
        except SlackApiError as err:
            log.info("ephemeral to %s in %s refused (%s); sending a DM", user_id, channel_id,
                     err.response.get("error"))
    try:
        opened: Any = await client.conversations_open(users=user_id)
        await client.chat_postMessage(channel=opened["channel"]["id"], blocks=blocks, text=text)
        return "dm"
    except SlackApiError as err:
        log.warning("could not reach %s privately: %s", user_id, err.response.get("error"))
        return "failed"


async def send_words(
    client: AsyncWebClient, channel_id: str, user_id: str, words: str, thread_ts: str | None = None
) -> str:
    """A one-section private message of already-escaped mrkdwn."""
    return await send_private(client, channel_id, user_id, notice(words), words, thread_ts)


async def send_chart(client: AsyncWebClient, user_id: str, png: bytes, filename: str, title: str) -> bool:
    """Upload a chart image into the member's DM with the bot (files.getUploadURLExternal and
    files.completeUploadExternal, what `files_upload_v2` does); False when Slack refused."""
    try:
        opened: Any = await client.conversations_open(users=user_id)
        dm = opened["channel"]["id"]
        await client.files_upload_v2(channel=dm, file=png, filename=filename, title=title)
    except SlackApiError as err:
        log.warning("could not upload a chart to %s: %s", user_id, err.response.get("error"))
        return False
    return True
