"""Fixtures: a real StudyService over a real SQLite file, the loopback fake of Discord, and the bot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord_harness import BANK, MONDAY_MORNING, TOKEN, DiscordHarness
from fake_discord import FakeDiscord

from bot.config import Settings
from bot.core.clocks import SimulatedClock
from bot.core.service import StudyService
from bot.store import open_store


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[StudyService]:
    store = await open_store(tmp_path / "studybot.db")
    yield StudyService(store, BANK, SimulatedClock(MONDAY_MORNING))
    await store.close()


@pytest.fixture
def settings(fake: FakeDiscord) -> Settings:
    return Settings(discord_token=TOKEN, discord_api_base=fake.api_base, discord_gateway_url=fake.gateway_url)


@pytest.fixture
async def bot(fake: FakeDiscord, service: StudyService, settings: Settings) -> AsyncIterator[DiscordHarness]:
    harness = DiscordHarness(fake, service, settings)
    await harness.start()
    yield harness
    if harness.frontend is not None:
        await harness.frontend.stop()
