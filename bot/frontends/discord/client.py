"""The discord.py client: intents, endpoints, command sync, persistent buttons and event routing."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.core.models import AnswerMode, Schedule
from bot.frontends.discord.choice_questions import CHOICE_ITEMS
from bot.frontends.discord.commands import build_tree
from bot.frontends.discord.interactions import Handlers
from bot.frontends.discord.locale import CommandTranslator, localize_interactions
from bot.frontends.discord.threads import handle_thread_reply
from bot.frontends.discord.views import PERSISTENT_ITEMS

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger("studybot.discord")

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
THREAD_MODES = (AnswerMode.THREAD, AnswerMode.BOTH)


def configure_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Point discord.py at Discord (the defaults) or at a Discord-compatible server such as a test fake.

    discord.py builds every REST URL, interaction callbacks and webhooks included, from
    `Route.BASE`, and a plain `Client` dials `DiscordWebSocket.DEFAULT_GATEWAY`.
    """
    Route.BASE = (api_base or DISCORD_API_BASE).rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url or DISCORD_GATEWAY)


def quiet_voice_warnings() -> None:
    """studybot never joins voice, so discord.py's start-up warnings about voice libraries are noise."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def wants_message_content(schedules: list[Schedule]) -> bool:
    """True when some Discord schedule lets members answer in the post's thread."""
    return any(s.answers in THREAD_MODES and s.channel.platform == "discord" for s in schedules)


def base_intents(message_content: bool) -> discord.Intents:
    """Guilds and guild messages only; Message Content just when thread answers need it."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.guild_reactions = False
    intents.message_content = message_content
    return intents


class StudyClient(discord.Client):
    """One Discord connection serving one StudyService."""

    def __init__(
        self,
        service: StudyService,
        *,
        message_content: bool = False,
        sync_guild_id: str | None = None,
        guild_ready_timeout: float = 2.0,
        **client_options: Any,
    ) -> None:
        quiet_voice_warnings()
        super().__init__(
            intents=base_intents(message_content),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            **client_options,
        )
        self.service = service
        self.handlers = Handlers(service)
        self.tree = build_tree(self)
        localize_interactions(self)  # private replies in each member's Discord language
        self.sync_guild_id = sync_guild_id
        self.ready = asyncio.Event()
        self.synced: list[discord.app_commands.AppCommand] = []

    async def setup_hook(self) -> None:
        """After log-in, before the gateway: persistent buttons, the intent check, command sync."""
        self.add_dynamic_items(*PERSISTENT_ITEMS, *CHOICE_ITEMS)
        self._check_message_content()
        where = f"to server {self.sync_guild_id}" if self.sync_guild_id else "globally"
        try:
            self.synced = await sync_commands(self.tree, self.sync_guild_id)
        except discord.HTTPException as exc:
            # The commands published by an earlier start keep working; do not stay offline for this.
            log.error("discord: could not sync slash commands %s (%s); run `studybot discord sync` later",
                      where, exc)
            return
        log.info("discord: %d slash commands synced %s", len(self.synced), where)

    def _check_message_content(self) -> None:
        if not self.intents.message_content:
            return
        flags = self.application_flags
        if flags.gateway_message_content or flags.gateway_message_content_limited:
            log.info("discord: Message Content intent requested for thread answers")
            return
        log.warning(
            "discord: a schedule uses answers=thread or both, but this application does not have the "
            "Message Content intent. Thread replies cannot be graded until you enable it under Developer "
            "Portal > your app > Bot > Privileged Gateway Intents and restart; the Answer button still works."
        )
        # Identifying with an intent the application lacks would close the gateway (4014).
        self._connection._intents.message_content = False

    async def on_ready(self) -> None:
        log.info("discord: connected as %s to %d server(s)", self.user, len(self.guilds))
        self.ready.set()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.handlers.modal_submitted(interaction)

    async def on_message(self, message: discord.Message) -> None:
        if not self.intents.message_content or message.author.bot:
            return
        try:
            await handle_thread_reply(self.service, message)
        except Exception:
            log.exception("discord: a thread answer could not be handled")


class ShardedStudyClient(StudyClient, discord.AutoShardedClient):
    """The same client running some shards of the bot (`shard_ids` out of `shard_count`) on one connection
    each; `on_ready` fires once all of them are ready."""


async def sync_commands(tree: discord.app_commands.CommandTree, guild_id: str | None) -> list:
    """Publish the slash commands, with German and Spanish descriptions: to one server (instant, for
    development) or globally."""
    if tree.translator is None:
        await tree.set_translator(CommandTranslator())
    if guild_id:
        guild = discord.Object(id=int(guild_id))
        tree.copy_global_to(guild=guild)
        return await tree.sync(guild=guild)
    return await tree.sync()
