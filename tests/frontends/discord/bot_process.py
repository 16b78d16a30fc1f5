"""`studybot run` as a child process with Discord pointed at the loopback fake: start it, stop it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from discord_harness import TOKEN
from fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[3]


def discord_env(fake: FakeDiscord) -> dict[str, str]:
    """The variables that point the bot's Discord client at `fake`."""
    return {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url}


async def start_run(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`python -m bot run ARGS` in `cwd`, with `env` as its only studybot, Discord and Slack variables
    (no .env file is read)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "STUDYBOT_"))}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**keep, "PYTHONPATH": str(ROOT), "STUDYBOT_ENV_FILE": str(cwd / "none.env"), **env},
    )


async def stop_run(proc: asyncio.subprocess.Process, fake: FakeDiscord | None = None) -> str:
    """SIGTERM the process when it still runs, wait for it to end and stop `fake`: what it logged."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    if fake is not None:
        await fake.stop()
    return err.decode()
