"""Hostile, malformed and huge input gets words, never a crash; a restarted bot still edits its posts."""

from __future__ import annotations

import json

from slack_harness import GOOD_ANSWER, Harness, Starter, click

from bot.core.models import ChannelRef, Platform
from bot.frontends.slack.blocks import ANSWER, APPEAL, QUIZ_ANSWER


async def test_an_overlong_command_is_refused_with_the_limit(bot: Harness) -> None:
    reply = json.dumps(await bot.command("/leaderboard", "period=week " + "x" * 5000))
    assert "studybot reads at most 2,000" in reply


async def test_unknown_options_and_stray_words_are_explained(bot: Harness) -> None:
    assert "has no option `colour`" in json.dumps(await bot.command("/leaderboard", "colour=red"))
    assert "did not expect" in json.dumps(await bot.command("/streak", "please"))
    assert "is not a command" in json.dumps(await bot.command("/studybot", "launch-rockets", user="UX"))
    bot.fake.admins.add("UADMIN")
    assert "Use `/studybot admins add @member`" in json.dumps(
        await bot.command("/studybot", "admins add bob", user="UADMIN"))


async def test_an_admin_can_add_another_admin_by_mention(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    reply = json.dumps(await bot.command("/studybot", "admins add <@UHELPER|helper>", user="UADMIN"))
    assert "can now use" in reply
    assert "Daily questions are set up" in json.dumps(
        await bot.command("/studybot", "setup time=08:00", user="UHELPER"))


async def test_malformed_button_payloads_get_words_and_never_a_500(bot: Harness) -> None:
    for action, value in ((ANSWER, "999999"), (ANSWER, "x" * 40), (QUIZ_ANSWER, "no-such-question"),
                          (APPEAL, "-1")):
        status, _ = await bot.interact(click(action, value, response_url=bot.fake.response_url()))
        assert status == 200
    await bot.fake.wait(lambda: len(bot.fake.responses) == 4)
    shown = json.dumps(bot.fake.responses)
    assert "went wrong on our side" not in shown
    assert not bot.fake.called("views.open")
    for body in (b"payload=%7Bnot+json", b"payload=%FF%FE", b"{"):
        status, text = await bot.post(body, "application/x-www-form-urlencoded")
        assert status == 400 and "malformed" in text


async def test_a_huge_thread_reply_is_refused_privately_and_costs_no_attempt(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    reply = {"type": "message", "channel": "C1", "user": "U8", "text": "word " * 2000,
             "ts": "1800000002.000001", "thread_ts": post_ts}
    assert await bot.event(reply, "Ev-huge") == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    assert "4,000" in json.dumps(bot.fake.called("chat.postEphemeral")[0].params["blocks"])
    assert await bot.service.store.answer_count(round_id) == 0
    ok = {**reply, "text": GOOD_ANSWER, "ts": "1800000002.000002"}
    assert await bot.event(ok, "Ev-after") == 200
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) == 2)
    assert await bot.service.store.answer_count(round_id) == 1


async def test_a_restarted_bot_rebuilds_the_post_to_update_its_count(start_bot: Starter) -> None:
    first = await start_bot()
    round_id, post_ts = await first.post_now()
    second = await start_bot()  # a new process: nothing cached
    channel = ChannelRef(Platform.SLACK, "T1", "C1")
    await second.frontend.messenger.update_answer_count(channel, f"C1:{post_ts}", round_id, 5)
    await second.frontend.messenger.drain()
    edit = second.fake.called("chat.update")[-1].params
    assert edit["ts"] == post_ts and "5 answered" in json.dumps(edit["blocks"])
    assert "dropout" in json.dumps(edit["blocks"]).lower()
