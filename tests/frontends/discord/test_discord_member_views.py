"""Discord: /today, /history, /progress, /remind and reminder DMs against the loopback fake."""

from __future__ import annotations

from datetime import timedelta

import discord_payloads as p
from discord_harness import ADMIN, CHANNEL, GOOD_ANSWER, DiscordHarness

from bot.core.models import MemberRef, Platform

EPHEMERAL = 64
ANA = MemberRef(Platform.DISCORD, str(p.GUILD_ID), str(p.MEMBER_ID), "Ana")
DM_CHANNEL = p.MEMBER_ID + 1  # the fake's DM channel id for a user


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


def buttons(data: dict) -> list[str]:
    return [c["custom_id"] for c in p.flatten_components(data.get("components") or []) if "custom_id" in c]


async def test_today_shows_the_open_question_privately_with_the_answer_button(bot: DiscordHarness):
    await bot.set_up_channel(packs="test", days="daily")
    round_id, _ = await bot.post_today()
    reply = await bot.slash("today")
    assert reply["data"]["flags"] & EPHEMERAL
    embed = embed_of(reply)
    assert embed["description"].startswith("Why does dropout reduce overfitting")
    assert "not answered yet" in embed["description"]
    assert f"studybot:answer:{round_id}" in buttons(reply["data"])
    await bot.service.submit_answer(ANA, round_id, GOOD_ANSWER)
    after = await bot.slash("today")
    assert "You answered: correct" in embed_of(after)["description"]
    assert buttons(after["data"]) == []


async def test_history_lists_answers_and_reopens_one_with_its_feedback(bot: DiscordHarness):
    await bot.set_up_channel(packs="test", days="daily")
    round_id, _ = await bot.post_today()
    feedback = await bot.service.submit_answer(ANA, round_id, GOOD_ANSWER)
    listing = embed_of(await bot.slash("history"))
    assert listing["title"] == "Your last answers"
    assert f"#{feedback.answer_id} · Mon 2 Mar · correct" in listing["description"]
    opened = embed_of(await bot.slash("history", {"id": feedback.answer_id}))
    assert opened["title"].startswith("✅ Correct")
    someone_else = await bot.slash("history", {"id": feedback.answer_id}, who=ADMIN)
    assert "no answer number" in someone_else["data"]["content"]


async def test_progress_shows_questions_seen_streak_and_freezes(bot: DiscordHarness):
    await bot.set_up_channel(packs="test", days="daily")
    round_id, _ = await bot.post_today()
    await bot.service.submit_answer(ANA, round_id, GOOD_ANSWER)
    text = embed_of(await bot.slash("progress"))["description"]
    assert "Questions seen: 1 of 2" in text
    assert "Streak 1 (longest 1)" in text and "next freeze after 6 more answered days" in text
    assert "regularization: 1 of 1 correct (100%)" in text


async def test_remind_turns_reminders_on_and_refuses_bad_times(bot: DiscordHarness):
    await bot.set_up_channel(packs="test", days="daily")
    reply = await bot.slash("remind", {"action": "on", "before": "90m"})
    assert "1h 30m before the round closes" in embed_of(reply)["description"]
    assert "allow DMs" in embed_of(reply)["footer"]["text"]
    bad = await bot.slash("remind", {"action": "on", "before": "whenever"})
    assert "not a lead time" in bad["data"]["content"]
    pref = await bot.service.store.get_reminder(CHANNEL, ANA)
    assert pref.before == timedelta(minutes=90)


async def _streak_then_open_round(bot: DiscordHarness) -> int:
    await bot.set_up_channel(packs="test", days="daily", time="09:00")
    monday, _ = await bot.post_today()
    await bot.service.submit_answer(ANA, monday, GOOD_ANSWER)
    await bot.slash("remind", {"action": "on", "before": "2h"})
    bot.service.clock.set(bot.service.clock.now() + timedelta(days=1))  # Tuesday 10:00 UTC
    tuesday, _ = await bot.post_today()
    bot.service.clock.set(bot.service.clock.now() + timedelta(hours=21, minutes=30))  # Wed 07:30
    return tuesday


async def test_a_due_reminder_arrives_as_a_direct_message_once(bot: DiscordHarness):
    tuesday = await _streak_then_open_round(bot)
    sent = await bot.service.send_private_notes()
    assert [n.round_id for n in sent] == [tuesday]
    [dm] = bot.fake.posts_in(DM_CHANNEL)
    assert dm["embeds"][0]["title"] == "⏰ Your streak is at risk"
    assert "1-day streak" in dm["embeds"][0]["description"]
    assert await bot.service.send_private_notes() == []
    assert len(bot.fake.posts_in(DM_CHANNEL)) == 1


async def test_a_member_who_blocks_dms_gets_no_reminder_and_the_failure_is_kept(bot: DiscordHarness):
    tuesday = await _streak_then_open_round(bot)
    bot.fake.closed_dms.add(p.MEMBER_ID)
    assert await bot.service.send_private_notes() == []
    assert bot.fake.posts_in(DM_CHANNEL) == []
    assert await bot.service.store.notice_status("reminder", tuesday, ANA) == "failed"
    bot.fake.closed_dms.clear()
    assert await bot.service.send_private_notes() == []  # never retried, never doubled
