"""The Messenger port on Slack: daily posts, coalesced live counts, the reveal in the thread, notices."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.i18n import _, current_locale, use_locale
from bot.core.models import ChannelRef, Platform
from bot.core.ports import PrivateNote, RoundPost, RoundSummary
from bot.core.service import StudyService
from bot.frontends.slack.blocks import notice, round_post_text
from bot.frontends.slack.choice_questions import closed_blocks, round_post_blocks
from bot.frontends.slack.escape import FALLBACK_TEXT, safe
from bot.frontends.slack.member_blocks import note_blocks
from bot.frontends.slack.refs import message_ref, split_message_ref

log = logging.getLogger(__name__)

TokenSource = Callable[[str], Awaitable[str | None]]


@dataclass
class _Pending:
    channel: ChannelRef
    message_ref: str
    round_id: int
    answered: int
    task: asyncio.Task | None = None


class SlackMessenger:
    """Posts for `Platform.SLACK`, each with the token of the channel's workspace.

    Live counts are coalesced per post: at most one `chat.update` per `min_interval` seconds, and
    the last count always lands.
    """

    platform = Platform.SLACK

    def __init__(
        self,
        client: AsyncWebClient,
        tokens: TokenSource,
        service: StudyService | None = None,
        min_interval: float = 1.0,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._service = service
        self._min_interval = min_interval
        self._posts: dict[int, RoundPost] = {}
        self._languages: dict[int, str] = {}  # the language each post was written in, for its count edits
        self._pending: dict[str, _Pending] = {}
        self.updates_sent = 0

    async def _token(self, team_id: str) -> str | None:
        return await self._tokens(team_id)

    async def post_round(self, post: RoundPost) -> str:
        """Post the daily question; the reference is `CHANNEL:TS`."""
        response = await self._client.chat_postMessage(
            token=await self._token(post.channel.community_id),
            channel=post.channel.channel_id,
            text=round_post_text(post),
            blocks=round_post_blocks(post),
            unfurl_links=False,
            unfurl_media=False,
        )
        self._posts[post.round_id] = post
        self._languages[post.round_id] = current_locale()
        if len(self._posts) > 5_000:
            self._languages.pop(next(iter(self._posts)), None)
            self._posts.pop(next(iter(self._posts)))
        return message_ref(str(response.get("channel") or post.channel.channel_id), str(response["ts"]))

    async def update_answer_count(
        self, channel: ChannelRef, message_ref: str, round_id: int, answered: int
    ) -> None:
        """Record the newest count and make sure an update is on its way (bursts become one edit)."""
        pending = self._pending.get(message_ref)
        if pending is None:
            pending = _Pending(channel, message_ref, round_id, answered)
            self._pending[message_ref] = pending
        pending.answered = max(pending.answered, answered)
        if pending.task is None or pending.task.done():
            pending.task = asyncio.create_task(self._flush(pending))

    async def _flush(self, pending: _Pending) -> None:
        sent = -1
        try:
            while pending.answered != sent:
                sent = pending.answered
                await self._edit(pending, sent)
                await asyncio.sleep(self._min_interval)
        except SlackApiError as err:
            log.warning("could not update the answer count on %s: %s", pending.message_ref,
                        err.response.get("error"))
        except Exception:
            log.exception("could not update the answer count on %s", pending.message_ref)
        finally:
            if self._pending.get(pending.message_ref) is pending and pending.answered == sent:
                del self._pending[pending.message_ref]

    async def _edit(self, pending: _Pending, answered: int) -> None:
        post = self._posts.get(pending.round_id) or await self._rebuild(pending)
        if post is None:
            log.warning("round %s is unknown; its answer count is not shown", pending.round_id)
            return
        post = replace(post, answered=answered)
        channel_id, ts = split_message_ref(pending.message_ref)
        # The edit keeps the post's language, whoever's answer (in whatever language) triggered it.
        with use_locale(self._languages.get(pending.round_id)):
            text, blocks = round_post_text(post), round_post_blocks(post)
        await self._client.chat_update(
            token=await self._token(pending.channel.community_id),
            channel=channel_id,
            ts=ts,
            text=text,
            blocks=blocks,
        )
        self.updates_sent += 1

    async def _rebuild(self, pending: _Pending) -> RoundPost | None:
        """After a restart the post is not cached: rebuild it from the round and its schedule."""
        if self._service is None:
            return None
        found = await self._service.store.get_round(pending.round_id)
        question = await self._service.find_question(pending.channel, found.question_id) if found else None
        schedule = await self._service.store.get_schedule(pending.channel)
        if found is None or question is None or schedule is None:
            return None
        post = RoundPost(found.id, pending.channel, question, found.local_date, found.closes_at,
                         schedule.tz, schedule.answers.value)
        self._posts[found.id] = post
        return post

    async def post_round_closed(self, summary: RoundSummary) -> None:
        """Reply in the post's thread with the model answer and stats (a plain post if it has none)."""
        thread_ts = None
        channel_id = summary.channel.channel_id
        if summary.message_ref:
            with contextlib.suppress(ValueError):
                channel_id, thread_ts = split_message_ref(summary.message_ref)
        blocks = closed_blocks(summary)
        await self._client.chat_postMessage(
            token=await self._token(summary.channel.community_id),
            channel=channel_id,
            thread_ts=thread_ts,
            text=_("Round closed. Model answer: {answer}").format(
                answer=safe(summary.question.answer, FALLBACK_TEXT - 40)),
            blocks=blocks,
            unfurl_links=False,
        )
        self._posts.pop(summary.round_id, None)

    async def send_notice(self, channel: ChannelRef, text: str) -> None:
        """A plain operational message; the text is escaped so it cannot ping anyone."""
        await self._client.chat_postMessage(
            token=await self._token(channel.community_id),
            channel=channel.channel_id,
            text=safe(text, FALLBACK_TEXT),
            blocks=notice(safe(text)),
        )

    async def send_private(self, note: PrivateNote) -> None:
        """A DM from the app to the member; raises SlackApiError when Slack refuses it."""
        token = await self._token(note.member.community_id)
        opened = await self._client.conversations_open(token=token, users=note.member.user_id)
        await self._client.chat_postMessage(
            token=token,
            channel=str(opened["channel"]["id"]),
            text=safe(note.text, FALLBACK_TEXT),
            blocks=note_blocks(note),
            unfurl_links=False,
        )

    async def drain(self) -> None:
        """Wait for every pending count update (used on shutdown)."""
        tasks = [p.task for p in list(self._pending.values()) if p.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
