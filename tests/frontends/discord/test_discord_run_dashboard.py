"""`studybot run` with only Discord configured serves the dashboard on STUDYBOT_HTTP_PORT by itself."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import discord_payloads as p
from fake_discord import FakeDiscord

from bot.app import LINK_KEY_PURPOSE, run_bot
from bot.config import Settings
from bot.core.links import LinkScope, LinkSigner
from bot.core.models import Platform
from bot.secret_key import KeySource
from tests.local_ports import free_port

FIXTURE_PACKS = Path(__file__).resolve().parents[2] / "fixtures" / "content" / "good"


async def started(running: asyncio.Task, caplog) -> None:
    for _ in range(200):
        if running.done() or any("studybot is running" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.05)
    assert not running.done(), running.result()


async def stop(running: asyncio.Task) -> None:
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, 20) == 0


async def test_run_serves_the_dashboard_on_the_http_port_with_discord_alone(
    fake: FakeDiscord, settings: Settings, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.INFO)
    db, port = tmp_path / "run.db", free_port()
    signer = LinkSigner(KeySource(db).get_or_create().derive(LINK_KEY_PURPOSE))
    token = signer.sign(
        LinkScope(Platform.DISCORD, str(p.GUILD_ID), None, datetime.now(UTC) + timedelta(hours=1))
    )
    running = asyncio.create_task(run_bot(replace(settings, content_dir=FIXTURE_PACKS, http_port=port), db))
    await started(running, caplog)
    base = f"http://127.0.0.1:{port}/dashboard/discord/{p.GUILD_ID}/"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}leaderboard?t={token}") as page:
                assert page.status == 200 and "Leaderboard" in await page.text()
            async with http.get(f"{base}leaderboard?t={token[:-3]}abc") as refused:
                assert refused.status == 403
    finally:
        await stop(running)


async def test_a_taken_http_port_leaves_the_bot_running_without_the_dashboard(
    fake: FakeDiscord, settings: Settings, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.INFO)
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = asyncio.create_task(
            run_bot(replace(settings, content_dir=FIXTURE_PACKS, http_port=port), tmp_path / "run.db")
        )
        await started(running, caplog)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert any(f"cannot listen on port {port}" in e and "STUDYBOT_HTTP_PORT" in e for e in errors), errors
        await stop(running)
