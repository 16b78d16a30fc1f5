"""`studybot run` against the loopback fake: an overridden Discord address is announced as a warning."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from dataclasses import replace
from pathlib import Path

from fake_discord import FakeDiscord

from bot.app import run_bot
from bot.config import Settings

FIXTURE_PACKS = Path(__file__).resolve().parents[2] / "fixtures" / "content" / "good"


async def test_start_up_logs_a_warning_for_each_overridden_discord_address(
    fake: FakeDiscord, settings: Settings, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.INFO)
    db = tmp_path / "run.db"
    running = asyncio.create_task(run_bot(replace(settings, content_dir=FIXTURE_PACKS), db))
    for _ in range(200):
        if running.done() or any("studybot is running" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.05)
    assert not running.done(), running.result()
    assert any("studybot is running" in r.getMessage() for r in caplog.records)
    os.kill(os.getpid(), signal.SIGTERM)  # run_bot stops on SIGTERM like under `docker stop`
    assert await asyncio.wait_for(running, 20) == 0

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith("DISCORD_API_BASE is set") and fake.api_base in w for w in warnings), warnings
    assert any(w.startswith("DISCORD_GATEWAY_URL is set") and fake.gateway_url in w for w in warnings)
