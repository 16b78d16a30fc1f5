"""Fixtures: a real StudyService over a real SQLite file, the loopback fake of Slack, and the bolt app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fake_slack_api import FakeSlack
from slack_harness import BANK, MONDAY_MORNING, Harness, Starter, settings_for

from bot.core.clocks import SimulatedClock
from bot.core.service import StudyService
from bot.frontends.slack import SlackFrontend, build
from bot.store import open_store
from bot.store.installations import SqliteInstallations


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[StudyService]:
    store = await open_store(tmp_path / "studybot.db")
    yield StudyService(store, BANK, SimulatedClock(MONDAY_MORNING))
    await store.close()



@pytest.fixture
async def start_bot(fake: FakeSlack, service: StudyService) -> AsyncIterator[Starter]:
    """Start the Slack frontend with settings pointing at the fake; stopped after the test."""
    started: list[tuple[SlackFrontend, aiohttp.ClientSession, SqliteInstallations | None]] = []

    async def start(oauth: bool = False, **changes: Any) -> Harness:
        installations = SqliteInstallations.for_store(service.store) if oauth else None  # type: ignore[arg-type]
        frontend = build(service, settings_for(fake, **changes), installations, host="127.0.0.1",
                         count_interval=0.05)
        await frontend.start()
        http = aiohttp.ClientSession()
        started.append((frontend, http, installations))
        return Harness(fake, frontend, service, http)

    yield start
    for frontend, http, _ in started:
        await http.close()
        await frontend.stop()
    await asyncio.sleep(0)


@pytest.fixture
async def bot(start_bot: Starter) -> Harness:
    return await start_bot()
