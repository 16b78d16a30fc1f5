"""Discord shards split across processes: each posts only for its guilds' channels, the database once.

Two bots (two services on one database, as two processes would be) run overlapping shard sets of one
application with the real discord.py AutoShardedClient against the loopback fake; both run the
start-up pass of the scheduler at the same moment.
"""

from __future__ import annotations

import asyncio
import re
from datetime import time

import discord_payloads as p
from bot_process import discord_env, start_run, stop_run
from discord_harness import BANK, MONDAY_MORNING, TOKEN
from fake_discord import FakeDiscord

from bot.config import Settings
from bot.core.clocks import SimulatedClock
from bot.core.models import ChannelRef, Platform, Schedule
from bot.core.service import StudyService
from bot.frontends.discord import build
from bot.schedule.runner import DueRunner
from bot.shard_plan import ShardPlan, shard_of
from bot.store import open_store

COUNT = 3
# Guild k sits on shard k % 3: Discord takes the shard from the bits above the lowest 22.
GUILDS = {(k << 22) | 5: 710000000000000000 + k for k in range(1, 7)}
PLANS = (ShardPlan((0, 1), COUNT), ShardPlan((1, 2), COUNT))  # shard 1 is run by both


def channel(guild_id: int) -> ChannelRef:
    return ChannelRef(Platform.DISCORD, str(guild_id), str(GUILDS[guild_id]), f"study-{guild_id % 7}")


async def start_process(fake: FakeDiscord, db_target, plan: ShardPlan):
    store = await open_store(db_target)
    service = StudyService(store, BANK, SimulatedClock(MONDAY_MORNING))
    settings = Settings(
        discord_token=TOKEN,
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        discord_shards=plan,
    )
    frontend = build(service, settings, guild_ready_timeout=0.05, count_delay=0.2)
    await frontend.start()
    return store, frontend, DueRunner(service, serves=plan.serves)


async def guilds_fake() -> FakeDiscord:
    """The fake, started, with every guild of GUILDS and its study channel."""
    fake = FakeDiscord(
        guilds=[p.guild(g, f"Guild {g}", [p.text_channel(c, g, "study")]) for g, c in GUILDS.items()]
    )
    await fake.start()
    return fake


async def test_two_processes_with_overlapping_shards_post_each_guilds_channel_once(db_target):
    fake = await guilds_fake()
    setup = await open_store(db_target)
    for guild_id in GUILDS:
        await setup.save_schedule(Schedule(channel=channel(guild_id), post_time=time(9, 0), tz="UTC"))
    await setup.close()
    processes = await asyncio.gather(*(start_process(fake, db_target, plan) for plan in PLANS))
    try:
        assert sorted(s for s in fake.shards if s) == [(0, 3), (1, 3), (1, 3), (2, 3)]
        reports = await asyncio.gather(*(runner.catch_up() for _, _, runner in processes))
    finally:
        for store, frontend, _ in processes:
            await frontend.stop()
            await store.close()
        await fake.stop()

    posted_to = [
        int(m.group(1))
        for c in fake.calls
        if c.method == "POST" and (m := re.fullmatch(r"/channels/(\d+)/messages", c.path))
    ]
    assert sorted(posted_to) == sorted(GUILDS.values())  # every channel once, none twice
    for plan, report in zip(PLANS, reports, strict=True):
        shards = {shard_of(r.channel.community_id, COUNT) for r in report.posted}
        assert shards <= set(plan.ids)
    by_first = {int(r.channel.community_id) for r in reports[0].posted}
    by_second = {int(r.channel.community_id) for r in reports[1].posted}
    assert {g for g in GUILDS if shard_of(g, COUNT) == 0} <= by_first
    assert {g for g in GUILDS if shard_of(g, COUNT) == 2} <= by_second
    assert not by_first & by_second


async def test_studybot_run_connects_the_shards_named_on_its_command_line(tmp_path):
    fake = await guilds_fake()
    env = {**discord_env(fake), "STUDYBOT_DB": str(tmp_path / "studybot.db")}
    proc = await start_run("--discord-shards", "1-2", "--shard-count", str(COUNT), env=env, cwd=tmp_path)
    try:
        for _ in range(300):
            if len(fake.shards) == 2 or proc.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert sorted(fake.shards) == [(1, COUNT), (2, COUNT)]
    finally:
        err = await stop_run(proc, fake)
    assert proc.returncode == 0, err[-2000:]
    assert "running shards 1,2 of 3" in err


async def test_a_shard_outside_the_count_is_refused_before_connecting(tmp_path):
    env = {"DISCORD_TOKEN": TOKEN, "STUDYBOT_DB": str(tmp_path / "studybot.db")}
    proc = await start_run("--discord-shards", "0-3", "--shard-count", "2", env=env, cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 1
    assert "shard id(s) 2, 3 but DISCORD_SHARD_COUNT is 2" in err.decode()
