"""Through discord.py: forms and buttons for another server's (or channel's) round are refused."""

from __future__ import annotations

import discord_payloads as p
from discord_harness import GOOD_ANSWER, MEMBER, DiscordHarness

OTHER_CHANNEL_ID = 700000000000000002
OTHER_SERVER_CHANNEL = p.text_channel(OTHER_CHANNEL_ID, p.OTHER_GUILD_ID, "their-questions")
SAME_SERVER_OTHER_CHANNEL = p.text_channel(OTHER_CHANNEL_ID, p.GUILD_ID, "off-topic")


def answer_form(round_id: int, text: str) -> dict:
    return {"custom_id": f"studybot:answer-form:{round_id}",
            "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": text}]}]}


async def act(bot: DiscordHarness, kind: int, data: dict, *, guild_id: int, channel: dict,
              msg: dict | None = None) -> dict:
    """An interaction by the member from `channel` of server `guild_id`; return what they see."""
    payload = p.interaction(kind, data, who=MEMBER, permissions=p.MEMBER_PERMISSIONS, channel=channel,
                            guild_id=guild_id, msg=msg)
    return await bot.fake.final_reply(await bot.fake.interact(payload))


def said(reply: dict) -> str:
    data = reply.get("data") or {}
    return data.get("content") or " ".join(e.get("description") or "" for e in data.get("embeds") or [])


async def stored_answers(bot: DiscordHarness) -> int:
    return len([row async for row in bot.service.store.iter_answers()])


async def test_a_form_for_another_servers_round_is_refused_and_recorded_nowhere(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    reply = await act(bot, 5, answer_form(round_id, GOOD_ANSWER), guild_id=p.OTHER_GUILD_ID,
                      channel=OTHER_SERVER_CHANNEL)
    assert f"Question {round_id} belongs to another server, so nothing was recorded" in said(reply)
    assert await stored_answers(bot) == 0
    assert await bot.service.store.answer_count(round_id) == 0
    assert "answered" not in bot.fake.messages[int(post["id"])]["content"]


async def test_a_form_sent_from_another_channel_of_the_server_is_refused(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    reply = await act(bot, 5, answer_form(round_id, GOOD_ANSWER), guild_id=p.GUILD_ID,
                      channel=SAME_SERVER_OTHER_CHANNEL)
    assert "was posted in #daily-question, not here" in said(reply)
    assert await stored_answers(bot) == 0


async def test_answer_and_hint_buttons_for_another_servers_round_open_nothing(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    for custom_id in (f"studybot:answer:{round_id}", f"studybot:hint:{round_id}:1"):
        reply = await act(bot, 3, {"custom_id": custom_id, "component_type": 2}, guild_id=p.OTHER_GUILD_ID,
                          channel=OTHER_SERVER_CHANNEL, msg=post)
        assert reply["kind"] != 9, "no answer form may open"
        assert "belongs to another server" in said(reply)
