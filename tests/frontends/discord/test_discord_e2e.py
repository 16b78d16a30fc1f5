"""End to end: the real discord.py client on the loopback fake, a real StudyService on a real SQLite file."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import discord_payloads as p
import pytest
from discord_harness import ADMIN, ADMIN_ACTOR, CHANNEL, GOOD_ANSWER, MEMBER, DiscordHarness
from fake_discord import FakeDiscord

from bot.core.models import ChannelRef, Platform
from bot.core.ports import RoundPost

EPHEMERAL = 64


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


def custom_ids(message: dict) -> list[str]:
    return [c["custom_id"] for c in p.flatten_components(message["components"]) if "custom_id" in c]


async def test_slash_commands_are_synced_at_start_up(bot: DiscordHarness):
    synced = {c["name"]: c for c in bot.fake.commands["global"]}
    assert set(synced) == {"quiz", "streak", "leaderboard", "hint", "help", "cohort", "studybot",
                           "today", "history", "progress", "remind", "suggest", "authors"}
    assert int(synced["studybot"]["default_member_permissions"]) == 32  # Manage Server
    setup = next(o for o in synced["studybot"]["options"] if o["name"] == "setup")
    assert [o["name"] for o in setup["options"]] == ["time", "tz", "days", "packs", "order", "answers",
                                                    "remind"]
    assert next(o for o in setup["options"] if o["name"] == "tz")["autocomplete"] is True


async def test_guild_id_setting_syncs_to_that_server_instantly(fake, service, settings):
    harness = DiscordHarness(fake, service, replace(settings, discord_guild_id=str(p.GUILD_ID)))
    await harness.start()
    try:
        assert "global" not in fake.commands
        assert {c["name"] for c in fake.commands[str(p.GUILD_ID)]} >= {"quiz", "studybot"}
    finally:
        await harness.frontend.stop()


async def test_an_admin_sets_up_the_channel_and_sees_the_next_post_time(bot: DiscordHarness):
    reply = await bot.slash("studybot", {"time": "10:30", "tz": "europe/berlin", "days": "mon-fri"},
                            sub="setup", who=ADMIN, admin=True)
    assert reply["data"]["flags"] & EPHEMERAL
    embed = embed_of(reply)
    assert embed["title"] == "Schedule updated"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Time"] == "10:30" and fields["Timezone"] == "Europe/Berlin"
    assert "<t:" in fields["Next post"]
    schedule = await bot.service.store.get_schedule(CHANNEL)
    assert schedule is not None and schedule.tz == "Europe/Berlin"


async def test_a_member_without_manage_server_is_refused_and_nothing_changes(bot: DiscordHarness):
    reply = await bot.slash("studybot", {"time": "07:00"}, sub="setup", who=MEMBER, admin=False)
    assert reply["data"]["flags"] & EPHEMERAL
    assert "Manage Server" in reply["data"]["content"]
    assert await bot.service.store.get_schedule(CHANNEL) is None


async def test_a_bad_option_is_explained_privately(bot: DiscordHarness):
    reply = await bot.slash("studybot", {"time": "25:99"}, sub="setup", who=ADMIN, admin=True)
    assert "HH:MM" in reply["data"]["content"]
    assert await bot.service.store.get_schedule(CHANNEL) is None


async def test_daily_post_shows_the_question_with_answer_and_hint_buttons(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    assert post["channel_id"] == str(p.CHANNEL_ID)
    assert custom_ids(post) == [f"studybot:answer:{round_id}", f"studybot:hint:{round_id}:1"]
    embed = post["embeds"][0]
    assert embed["description"] in ("Why does dropout reduce overfitting in neural networks?",
                                     "What does batch normalization do during training?")
    assert any(f["name"] == "Closes" for f in embed["fields"])
    sent = bot.fake.requests("POST", rf"/channels/{p.CHANNEL_ID}/messages")[0]
    assert sent.body["allowed_mentions"] == {"parse": []}


async def test_answer_opens_a_form_and_the_submission_gets_private_feedback(bot: DiscordHarness):
    await bot.set_up_channel(packs="test", order="sequential")
    round_id, post = await bot.post_today()
    form = await bot.click(post, f"studybot:answer:{round_id}")
    assert form["kind"] == 9
    assert form["data"]["custom_id"] == f"studybot:answer-form:{round_id}"
    assert len(form["data"]["title"]) <= 45
    field = p.flatten_components(form["data"]["components"])[-1]
    assert field["max_length"] == 4000 and field["style"] == 2

    round_ = await bot.service.store.get_round(round_id)
    question = bot.service.bank.question(round_.question_id)
    answer = GOOD_ANSWER if question.id == "dl-dropout" else question.answer
    feedback = await bot.submit(form["data"]["custom_id"], answer)
    assert feedback["data"]["flags"] & EPHEMERAL
    embed = embed_of(feedback)
    assert embed["title"].startswith("✅ Correct")
    assert "Counted" in embed["description"] and "Model answer" in embed["description"]
    assert embed["title"].endswith("100 %") and "components" not in feedback["data"]  # nothing to appeal
    await bot.fake.wait_for(lambda: bot.fake.messages[int(post["id"])]["content"] == "**1** answered",
                            "the live count on the post")


async def test_an_empty_answer_is_refused_without_using_the_attempt(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    refused = await bot.submit(f"studybot:answer-form:{round_id}", "   \n ")
    assert refused["data"]["flags"] & EPHEMERAL
    assert "empty" in refused["data"]["content"].lower()
    feedback = await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    assert "Counted" in embed_of(feedback)["description"]


async def test_the_old_posts_buttons_still_work_after_a_restart(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    await bot.restart()
    form = await bot.click(post, f"studybot:answer:{round_id}")
    assert form["kind"] == 9
    feedback = await bot.submit(form["data"]["custom_id"], GOOD_ANSWER)
    assert embed_of(feedback)["title"].split()[0] in ("✅", "🟡", "❌")
    hint = await bot.click(post, f"studybot:hint:{round_id}:1")
    assert embed_of(hint)["title"].startswith("Hint 1 of")


async def test_leaderboard_ranks_the_member_who_answered(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    reply = await bot.slash("leaderboard", {"period": "week"})
    embed = embed_of(reply)
    assert embed["title"] == "Leaderboard · this week"
    assert embed["description"].startswith("**1.** Ana:")
    assert "← you" in embed["description"]


async def test_a_429_during_fan_out_delays_posting_but_loses_nothing(fake, service, settings):
    channels = [p.text_channel(p.CHANNEL_ID + i, p.GUILD_ID, f"study-{i}") for i in range(30)]
    fake.guilds = [p.guild(p.GUILD_ID, "Big Study Group", channels)]
    harness = DiscordHarness(fake, service, settings)
    await harness.start()
    try:
        refs = [ChannelRef(Platform.DISCORD, str(p.GUILD_ID), c["id"], c["name"]) for c in channels]
        for ref in refs:
            await service.setup(ref, ADMIN_ACTOR, {})
        fake.rate_limit("POST", r"/channels/\d+/messages", times=3, retry_after=0.4)
        started = time.monotonic()
        today = service.clock.now().date()
        rounds = await asyncio.gather(*(service.open_round(ref, today) for ref in refs))
        elapsed = time.monotonic() - started
        assert all(r is not None for r in rounds)
        for ref in refs:
            assert len(fake.posts_in(int(ref.channel_id))) == 1
            stored = await service.store.round_on(ref, today)
            assert stored.message_ref is not None
        assert len(fake.limited) == 3
        assert elapsed >= 0.4
        posts = sorted(c.at for c in fake.requests("POST", r"/channels/\d+/messages"))
        busiest = max(sum(1 for t in posts if start <= t < start + 1.0) for start in posts)
        assert busiest <= 45
    finally:
        await harness.frontend.stop()



async def test_a_retried_daily_post_does_not_appear_twice(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    round_ = await bot.service.store.get_round(round_id)
    again = RoundPost(round_id, CHANNEL, bot.service.bank.question(round_.question_id), round_.local_date,
                      round_.closes_at, "UTC", "form")
    assert await bot.frontend.messenger.post_round(again) == post["id"]
    assert len(bot.fake.posts_in(p.CHANNEL_ID)) == 1


async def test_a_wrong_token_stops_start_up_with_what_to_do(service, settings):
    fake = FakeDiscord(token="the-right-token")
    await fake.start()
    try:
        harness = DiscordHarness(fake, service, replace(settings, discord_api_base=fake.api_base,
                                                        discord_gateway_url=fake.gateway_url))
        with pytest.raises(ConnectionError, match="DISCORD_TOKEN"):
            await harness.start()
    finally:
        await fake.stop()


async def test_nothing_the_bot_sends_can_ping_anyone(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER + " @everyone <@600000000000000001>")
    await bot.slash("leaderboard")
    await bot.slash("studybot", {"time": "7"}, sub="setup", who=MEMBER)
    await bot.service.close_round(round_id)
    await bot.fake.wait_for(lambda: bot.fake.requests("PATCH", rf"/channels/\d+/messages/{post['id']}"),
                            "the count edit")
    sent = 0
    for call in bot.fake.calls:
        body = call.body.get("data", call.body) if isinstance(call.body, dict) else None
        carries_text = isinstance(body, dict) and ("content" in body or "embeds" in body)
        if call.method in ("POST", "PATCH") and carries_text:
            assert body.get("allowed_mentions") == {"parse": []}, call.path
            sent += 1
    assert sent >= 6
