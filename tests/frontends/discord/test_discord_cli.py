"""`studybot discord invite-url` and `studybot discord sync` as an operator runs them."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import discord
import discord_payloads as p
from discord_harness import TOKEN
from fake_discord import FakeDiscord

from bot.frontends.discord.invite import application_id_from_token, invite_url, needed_permissions

ROOT = Path(__file__).resolve().parents[3]


async def studybot(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """Run the real command line in a child process with only the given settings."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "STUDYBOT_"))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**keep, "PYTHONPATH": str(ROOT), "STUDYBOT_ENV_FILE": str(cwd / "none.env"), **env},
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


def test_invite_url_asks_for_both_scopes_and_only_the_permissions_the_bot_uses():
    query = parse_qs(urlparse(invite_url(p.APP_ID)).query)
    assert query["client_id"] == [str(p.APP_ID)]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted == needed_permissions()
    assert granted.send_messages and granted.embed_links and granted.create_public_threads
    assert not (granted.administrator or granted.manage_guild or granted.manage_messages
                or granted.mention_everyone or granted.manage_roles)


def test_application_id_is_read_from_the_token():
    assert application_id_from_token(TOKEN) == "123456789012345678"
    assert application_id_from_token("not a token") is None
    assert application_id_from_token("") is None


async def test_invite_url_command_prints_the_url_from_the_token(tmp_path):
    code, out, _ = await studybot("discord", "invite-url", env={"DISCORD_TOKEN": TOKEN}, cwd=tmp_path)
    assert code == 0
    assert out.strip().startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678")


async def test_invite_url_without_token_or_client_id_says_what_to_do(tmp_path):
    code, _, err = await studybot("discord", "invite-url", env={}, cwd=tmp_path)
    assert code == 2
    assert "--client-id" in err


async def test_sync_command_publishes_the_commands_to_one_server(tmp_path):
    fake = FakeDiscord()
    await fake.start()
    try:
        env = {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
               "DISCORD_GATEWAY_URL": fake.gateway_url}
        code, out, err = await studybot("discord", "sync", "--guild", str(p.GUILD_ID), env=env, cwd=tmp_path)
    finally:
        await fake.stop()
    assert code == 0, err
    assert f"13 slash commands synced to server {p.GUILD_ID}" in out
    assert {c["name"] for c in fake.commands[str(p.GUILD_ID)]} >= {"quiz", "leaderboard", "studybot"}
