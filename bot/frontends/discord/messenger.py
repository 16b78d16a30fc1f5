"""The core's Messenger for Discord: daily posts, live answer counts, the reveal, and notices.

Every request goes through one shared `Pacer`, so a daily fan-out to many guilds stays near 40
requests per second; discord.py retries the 429s Discord still sends. Answer-count edits are
coalesced per post: a burst of answers becomes one edit per `count_delay` seconds.
"""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.core.i18n import _, current_locale, use_locale
from bot.core.models import ChannelRef, Platform
from bot.core.ports import PrivateNote, RoundPost, RoundSummary
from bot.frontends.discord import choice_questions, render, render_member
from bot.frontends.discord.limits import CONTENT, THREAD_NAME, clip
from bot.frontends.discord.locale import short_day
from bot.frontends.discord.pacing import Pacer

log = logging.getLogger("studybot.discord")
NO_MENTIONS = discord.AllowedMentions.none()


class NotConnected(RuntimeError):
    """The Discord frontend was asked to post before it connected."""


class DiscordMessenger:
    """Implements `bot.core.ports.Messenger` for Platform.DISCORD."""

    platform = Platform.DISCORD

    def __init__(self, pacer: Pacer | None = None, count_delay: float = 2.0) -> None:
        self.pacer = pacer or Pacer()
        self.count_delay = count_delay
        self.client: discord.Client | None = None
        self._counts: dict[tuple[str, str], int] = {}
        self._count_tasks: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._languages: dict[str, str] = {}  # message id -> the language the post was written in

    def attach(self, client: discord.Client) -> None:
        """Use `client` for every request from now on."""
        self.client = client

    def _channel(self, channel: ChannelRef) -> discord.PartialMessageable:
        if self.client is None:
            raise NotConnected("the Discord frontend is not connected yet")
        guild_id = int(channel.community_id) if channel.community_id.isdigit() else None
        return self.client.get_partial_messageable(int(channel.channel_id), guild_id=guild_id)

    async def post_round(self, post: RoundPost) -> str:
        """Post the daily question with Answer and Hint buttons; open its thread when replies count."""
        target = self._channel(post.channel)
        await self.pacer.wait()
        message = await target.send(
            content=render.answer_count_text(post.answered),
            embed=choice_questions.round_post_embed(post),
            view=choice_questions.round_view_for(post),
            allowed_mentions=NO_MENTIONS,
            # discord.py sends the nonce with enforce_nonce: a retried post returns the message
            # already sent (within Discord's few-minute window) instead of posting it twice.
            nonce=f"studybot-{post.round_id}"[:25],
        )
        self._languages[str(message.id)] = current_locale()
        if len(self._languages) > 5_000:
            self._languages.pop(next(iter(self._languages)))
        if post.answers_mode in ("thread", "both"):
            await self.pacer.wait()
            try:
                name = _("Answers · {day}").format(day=short_day(post.local_date))
                await message.create_thread(name=clip(name, THREAD_NAME))
            except discord.HTTPException as exc:
                log.warning("could not open the answer thread for round %s: %s", post.round_id, exc)
        return str(message.id)

    async def update_answer_count(
        self, channel: ChannelRef, message_ref: str, round_id: int, answered: int
    ) -> None:
        """Record the newest count; one edit per post per `count_delay` shows it."""
        key = (channel.channel_id, message_ref)
        self._counts[key] = max(answered, self._counts.get(key, 0))
        task = self._count_tasks.get(key)
        if task is None or task.done():
            self._count_tasks[key] = asyncio.create_task(self._flush_count(channel, message_ref, key))

    async def _flush_count(self, channel: ChannelRef, message_ref: str, key: tuple[str, str]) -> None:
        shown = -1
        try:
            while True:
                await asyncio.sleep(self.count_delay)
                latest = self._counts.get(key, 0)
                if latest == shown:
                    break
                await self._edit_count(channel, message_ref, latest)
                shown = latest
        except Exception:
            log.exception("could not update the answer count on message %s", message_ref)
        finally:
            self._counts.pop(key, None)
            self._count_tasks.pop(key, None)

    async def _edit_count(self, channel: ChannelRef, message_ref: str, answered: int) -> None:
        await self.pacer.wait()
        message = self._channel(channel).get_partial_message(int(message_ref))
        # The edit keeps the post's language, whoever's answer (in whatever language) triggered it.
        with use_locale(self._languages.get(message_ref)):
            content = render.answer_count_text(answered)
        await message.edit(content=content, allowed_mentions=NO_MENTIONS)

    async def flush(self) -> None:
        """Wait for pending count edits (used when stopping)."""
        pending = [t for t in self._count_tasks.values() if not t.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    async def post_round_closed(self, summary: RoundSummary) -> None:
        """The reveal: in the post's thread when there is one, else as a reply to the post."""
        target = self._channel(summary.channel)
        embed = choice_questions.closed_post_embed(summary)
        if summary.message_ref and summary.message_ref.isdigit():
            post = target.get_partial_message(int(summary.message_ref))
            thread = await self._thread_for(post, summary)
            if thread is not None:
                await self.pacer.wait()
                await thread.send(embed=embed, allowed_mentions=NO_MENTIONS)
                return
            await self.pacer.wait()
            await target.send(embed=embed, allowed_mentions=NO_MENTIONS,
                              reference=post.to_reference(fail_if_not_exists=False))
            return
        await self.pacer.wait()
        await target.send(embed=embed, allowed_mentions=NO_MENTIONS)

    async def _thread_for(
        self, post: discord.PartialMessage, summary: RoundSummary
    ) -> discord.abc.Messageable | None:
        """The post's thread: the existing one (its id is the post's id) or a new one; None if neither."""
        await self.pacer.wait()
        try:
            name = _("Answer · {question}").format(question=summary.question.id)
            return await post.create_thread(name=clip(name, THREAD_NAME))
        except discord.HTTPException as exc:
            if exc.code != 160004:  # "a thread has already been created for this message"
                log.info("no thread for round %s (%s); replying to the post instead", summary.round_id, exc)
                return None
        return self._channel(ChannelRef(Platform.DISCORD, summary.channel.community_id, str(post.id)))

    async def send_private(self, note: PrivateNote) -> None:
        """A direct message to the member; raises discord.Forbidden (50007) when they do not take DMs."""
        if self.client is None:
            raise NotConnected("the Discord frontend is not connected yet")
        await self.pacer.wait()
        dm = await self.client.create_dm(discord.Object(id=int(note.member.user_id)))
        await self.pacer.wait()
        await dm.send(embed=render_member.note_embed(note), allowed_mentions=NO_MENTIONS)

    async def send_notice(self, channel: ChannelRef, text: str) -> None:
        """A plain operational message; mentions in it never ping."""
        await self.pacer.wait()
        await self._channel(channel).send(content=clip(text, CONTENT) or _("(empty notice)"),
                                          allowed_mentions=NO_MENTIONS)
