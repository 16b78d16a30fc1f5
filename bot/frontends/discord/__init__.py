"""The Discord frontend (discord.py): slash commands, daily posts with buttons and forms, thread answers.

`build(service, settings)` returns a `bot.core.ports.Frontend`; the composition root starts it.
The frontend only translates: every rule lives in `StudyService`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

import discord

from bot.config import Settings
from bot.frontends.discord.client import (
    ShardedStudyClient,
    StudyClient,
    configure_endpoints,
    wants_message_content,
)
from bot.frontends.discord.messenger import DiscordMessenger
from bot.frontends.discord.pacing import Pacer

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger("studybot.discord")


class DiscordFrontend:
    """Implements `bot.core.ports.Frontend` for Discord."""

    name = "discord"

    def __init__(
        self,
        service: StudyService,
        settings: Settings,
        *,
        pacer: Pacer | None = None,
        guild_ready_timeout: float = 2.0,
        count_delay: float = 2.0,
    ) -> None:
        if not settings.discord_token:
            raise ValueError("the Discord frontend needs DISCORD_TOKEN")
        self.service = service
        self.settings = settings
        self.guild_ready_timeout = guild_ready_timeout
        self.messenger = DiscordMessenger(pacer, count_delay=count_delay)
        self.client: StudyClient | None = None
        self._task: asyncio.Task[None] | None = None
        service.on_schedule_change(self._schedule_changed)

    async def start(self) -> None:
        """Log in, sync commands, connect to the gateway; return once the bot is ready."""
        configure_endpoints(self.settings.discord_api_base, self.settings.discord_gateway_url)
        schedules = await self.service.store.list_schedules()
        shards = self.settings.discord_shards
        options = {} if shards is None else {"shard_ids": list(shards.ids), "shard_count": shards.count}
        self.client = (StudyClient if shards is None else ShardedStudyClient)(
            self.service,
            message_content=wants_message_content(schedules),
            sync_guild_id=self.settings.discord_guild_id,
            guild_ready_timeout=self.guild_ready_timeout,
            **options,
        )
        self.messenger.attach(self.client)
        self._task = asyncio.create_task(self.client.start(self.settings.discord_token or ""),
                                         name="discord-client")
        ready = asyncio.create_task(self.client.ready.wait())
        done, _pending = await asyncio.wait({self._task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            ready.cancel()
            await self.client.close()
            try:
                self._task.result()
            except discord.LoginFailure as exc:
                raise ConnectionError("Discord refused DISCORD_TOKEN; copy it again from Developer Portal > "
                                      "your app > Bot > Reset Token") from exc
            except discord.PrivilegedIntentsRequired as exc:
                raise ConnectionError("Discord refused an intent studybot asked for; enable Message "
                                      "Content under Developer Portal > Bot, or use answers=form") from exc
            raise ConnectionError("the Discord client stopped before it was ready")

    async def _schedule_changed(self, schedule) -> None:
        client = self.client
        if client is None or client.intents.message_content:
            return
        if wants_message_content([schedule]):
            log.warning("discord: channel %s now takes thread answers; restart studybot so it requests the "
                        "Message Content intent (enable it in the Developer Portal first)",
                        schedule.channel.channel_id)

    async def stop(self) -> None:
        """Finish pending count edits, then disconnect."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.messenger.flush(), timeout=10)
        if self.client is not None:
            await self.client.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task


def build(service: StudyService, settings: Settings, **options) -> DiscordFrontend:
    """The Discord frontend for `service`, registered as the service's Discord messenger."""
    frontend = DiscordFrontend(service, settings, **options)
    service.register_messenger(frontend.messenger)
    return frontend
