"""`studybot run` as a process on PostgreSQL with the real discord.py client on the loopback fake:
the due round is posted, a member answers through the form, the leaderboard shows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord_payloads as p
import psycopg
import pytest
from bot_process import ROOT, discord_env, start_run, stop_run
from discord_harness import CHANNEL, DiscordHarness
from fake_discord import FakeDiscord

from bot.content.loader import load_bank
from bot.core.models import ALL_WEEKDAYS, Schedule
from bot.store import open_store
from tests.local_ports import free_port

pytestmark = pytest.mark.postgres


async def wait_for_post(fake: FakeDiscord, proc) -> dict:
    """The bot's first post in the channel; on a timeout, the failure shows the process's log."""
    try:
        return await fake.wait_for(lambda: next(iter(fake.posts_in(p.CHANNEL_ID)), None),
                                   "the due round's post", timeout=60)
    except AssertionError:
        err = await stop_run(proc)
        raise AssertionError(f"no post in the channel; the bot said:\n{err[-3000:]}") from None


async def test_studybot_run_on_postgresql_posts_takes_an_answer_and_ranks_the_member(postgres_url, tmp_path):
    due = (datetime.now(UTC) - timedelta(minutes=2)).time().replace(second=0, microsecond=0)
    store = await open_store(postgres_url)
    await store.save_schedule(Schedule(CHANNEL, post_time=due, tz="UTC", days=ALL_WEEKDAYS))
    await store.close()
    fake = FakeDiscord()
    await fake.start()
    env = {**discord_env(fake), "STUDYBOT_DB": postgres_url, "STUDYBOT_HTTP_PORT": str(free_port())}
    proc = await start_run(env=env, cwd=tmp_path)
    try:
        post = await wait_for_post(fake, proc)
        with psycopg.connect(postgres_url) as conn:
            round_id, question_id = conn.execute(
                "SELECT id, question_id FROM rounds WHERE message_ref = %s", (post["id"],)
            ).fetchone()
        user = DiscordHarness(fake, None, None)  # type: ignore[arg-type]  (acts as Discord users only)
        answer = load_bank([ROOT / "content"]).question(question_id).answer
        feedback = await user.submit(f"studybot:answer-form:{round_id}", answer)
        assert "Counted" in feedback["data"]["embeds"][0]["description"]
        board = await user.slash("leaderboard", {"period": "week"})
        assert board["data"]["embeds"][0]["description"].startswith("**1.** Ana:")
    finally:
        err = await stop_run(proc, fake)
    assert proc.returncode == 0, err[-2000:]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*), sum(counted) FROM answers").fetchone() == (1, 1)
        assert conn.execute("SELECT answers FROM member_totals").fetchall() == [(1,)]
