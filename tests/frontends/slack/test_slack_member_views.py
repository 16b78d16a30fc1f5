"""Slack: /today, /history, /progress, /remind, the Home tab and reminder DMs against the loopback fake."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from slack_harness import GOOD_ANSWER, Harness, click, submission

from bot.core.models import ChannelRef, MemberRef, Platform
from bot.frontends.slack.blocks import ANSWER

CHANNEL = ChannelRef(Platform.SLACK, "T1", "C1")
U2 = MemberRef(Platform.SLACK, "T1", "U2")


def buttons(blocks: list[dict]) -> list[tuple[str, str]]:
    return [(e["action_id"], e["value"]) for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_today_history_and_progress_answer_privately(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    today = await bot.command("/today", "")
    assert today["response_type"] == "ephemeral"
    assert "Why does dropout reduce overfitting" in json.dumps(today["blocks"])
    assert buttons(today["blocks"]) == [(ANSWER, str(round_id))]
    feedback = await bot.service.submit_answer(U2, round_id, GOOD_ANSWER)
    answered = json.dumps((await bot.command("/today", ""))["blocks"])
    assert "You answered: correct" in answered
    listing = json.dumps((await bot.command("/history", ""))["blocks"], ensure_ascii=False)
    assert f"#{feedback.answer_id} · Mon 2 Mar · correct" in listing
    opened = json.dumps((await bot.command("/history", f"id={feedback.answer_id}"))["blocks"])
    assert "Model answer" in opened
    refused = json.dumps((await bot.command("/history", f"{feedback.answer_id}", user="U3"))["blocks"])
    assert "no answer number" in refused
    progress = json.dumps((await bot.command("/progress", ""))["blocks"])
    assert "Questions seen: 1 of 1" in progress and "Streak 1 (longest 1)" in progress


async def test_remind_confirms_and_explains_bad_options(bot: Harness) -> None:
    await bot.post_now()
    on = json.dumps((await bot.command("/remind", "on at=18:30"))["blocks"])
    assert "at 18:30" in on
    bad = json.dumps((await bot.command("/remind", "on before=2h at=18:00"))["blocks"])
    assert "not both" in bad
    unknown = json.dumps((await bot.command("/remind", "soon"))["blocks"])
    assert "choose one of on, off" in unknown
    assert (await bot.service.store.get_reminder(CHANNEL, U2)).at.hour == 18


async def test_opening_the_home_tab_publishes_todays_question_streak_and_progress(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    status = await bot.event(
        {"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"}, "Ev1"
    )
    assert status == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("views.publish")))
    call = bot.fake.called("views.publish")[-1]
    assert call.params["user_id"] == "U2" and call.params["view"]["type"] == "home"
    blocks = call.params["view"]["blocks"]
    assert buttons(blocks) == [(ANSWER, str(round_id))]
    assert "Questions seen: 0 of 1" in json.dumps(blocks)


TRY_AGAIN = "could not be loaded just now. Open this tab again in a minute to try again"
HOME_OPENED = {"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"}


async def test_a_home_tab_that_cannot_be_built_says_to_try_again_and_logs_who(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.admins.add("UADMIN")
    await bot.command("/studybot", "setup time=09:00 tz=Europe/Berlin", user="UADMIN")
    schedule = await bot.service.schedule_of(CHANNEL)
    now = bot.service.now()  # today's round asks a question the content packs no longer have
    await bot.service.store.claim_round(CHANNEL, bot.service.today(schedule, now), "retired-q", now, None)
    with caplog.at_level(logging.ERROR, logger="bot.frontends.slack.home"):
        assert await bot.event(HOME_OPENED, "Ev1") == 200
        await bot.fake.wait(lambda: bool(bot.fake.called("views.publish")))
    call = bot.fake.called("views.publish")[-1]
    assert call.params["user_id"] == "U2" and call.params["view"]["type"] == "home"
    assert TRY_AGAIN in json.dumps(call.params["view"]["blocks"])
    (record,) = [r for r in caplog.records if "Home tab" in r.getMessage()]
    assert "user U2 in workspace T1" in record.getMessage() and "building it failed" in record.getMessage()
    assert record.exc_info and "retired-q" in str(record.exc_info[1])


async def test_a_home_tab_slack_refuses_is_replaced_by_the_try_again_view(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.post_now()
    bot.fake.refuse_views = 1
    with caplog.at_level(logging.ERROR, logger="bot.frontends.slack.home"):
        assert await bot.event(HOME_OPENED, "Ev1") == 200
        await bot.fake.wait(lambda: len(bot.fake.called("views.publish")) == 2)
    refused, shown = bot.fake.called("views.publish")
    assert refused.result["error"] == "invalid_blocks" and "Questions seen" in json.dumps(refused.params)
    assert TRY_AGAIN in json.dumps(shown.params["view"]["blocks"]) and shown.result["ok"]
    assert any("Slack answered invalid_blocks" in r.getMessage() for r in caplog.records)


async def test_the_home_tab_is_published_again_after_each_answer(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    await bot.interact(submission(bot.fake.called("views.open")[-1].params["view"], GOOD_ANSWER))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.publish")))
    home = json.dumps(bot.fake.called("views.publish")[-1].params["view"]["blocks"])
    assert "You answered: correct" in home and "Streak 1 (longest 1)" in home


async def _streak_then_open_round(bot: Harness) -> int:
    monday, _ = await bot.post_now()
    await bot.service.submit_answer(U2, monday, GOOD_ANSWER)
    await bot.command("/remind", "on before=2h")
    clock = bot.service.clock
    clock.set(clock.now() + timedelta(days=1))  # Tuesday 10:00 UTC
    tuesday = await bot.service.open_round(CHANNEL, date(2026, 3, 3))
    clock.set(clock.now() + timedelta(hours=20, minutes=30))  # Wednesday 06:30 UTC; closes 08:00 UTC
    return tuesday.id


async def test_a_due_reminder_arrives_as_a_direct_message_once(bot: Harness) -> None:
    tuesday = await _streak_then_open_round(bot)
    before = len(bot.fake.called("chat.postMessage"))
    sent = await bot.service.send_private_notes()
    assert [n.round_id for n in sent] == [tuesday]
    [dm] = [c for c in bot.fake.called("chat.postMessage")[before:] if c.params["channel"] == "DU2"]
    assert "Your streak is at risk" in json.dumps(dm.params["blocks"])
    assert buttons(dm.params["blocks"]) == [(ANSWER, str(tuesday))]
    assert await bot.service.send_private_notes() == []


async def test_a_member_who_turned_off_dms_gets_no_reminder_and_the_failure_is_kept(bot: Harness) -> None:
    tuesday = await _streak_then_open_round(bot)
    bot.fake.refuse_dms.add("U2")
    assert await bot.service.send_private_notes() == []
    assert await bot.service.store.notice_status("reminder", tuesday, U2) == "failed"
    bot.fake.refuse_dms.clear()
    assert await bot.service.send_private_notes() == []


async def test_the_home_tab_answer_button_opens_the_form_and_feedback_comes_by_dm(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    home_click = click(ANSWER, str(round_id))
    del home_click["channel"]
    home_click["container"] = {"type": "view", "view_id": "VHOME"}  # clicks on the Home tab name no channel
    await bot.interact(home_click)
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    before = len(bot.fake.called("chat.postMessage"))
    await bot.interact(submission(bot.fake.called("views.open")[-1].params["view"], GOOD_ANSWER))
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postMessage")) > before)
    dm = bot.fake.called("chat.postMessage")[-1]
    assert dm.params["channel"] == "DU2" and "Model answer" in json.dumps(dm.params["blocks"])
    assert (await bot.service.today_view(CHANNEL, U2)).answered
