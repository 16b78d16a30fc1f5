"""HTTP mode end to end: signed requests over real HTTP on 127.0.0.1 into the real bolt app and service."""

from __future__ import annotations

import json
import time

from fake_slack_api import command_body, form, sign
from slack_harness import GOOD_ANSWER, Harness, click, submission

from bot.core.models import ChannelRef, Platform
from bot.frontends.slack.blocks import ANSWER, APPEAL
from bot.frontends.slack.modals import ANSWER_BLOCK


def text_of(reply: dict) -> str:
    return json.dumps(reply)


async def test_a_good_signature_is_served_and_a_bad_or_stale_one_is_refused_with_401(bot: Harness) -> None:
    body = form(command_body("/streak", "", response_url=bot.fake.response_url()))
    forged = {**sign(body), "X-Slack-Signature": "v0=" + "0" * 64}
    assert (await bot.post(body, "application/x-www-form-urlencoded", headers=forged))[0] == 401
    stale = sign(body, timestamp=int(time.time()) - 600)
    assert (await bot.post(body, "application/x-www-form-urlencoded", headers=stale))[0] == 401
    assert (await bot.post(body, "application/x-www-form-urlencoded", signed=False))[0] == 401
    assert bot.fake.responses == []

    reply = await bot.command("/streak", "")
    assert "Current streak" in text_of(reply) and reply["response_type"] == "ephemeral"
    assert len(bot.fake.responses) == 1


async def test_every_command_answers_help_with_its_options(bot: Harness) -> None:
    assert "period" in text_of(await bot.command("/leaderboard", "help"))
    assert "tz:" in text_of(await bot.command("/studybot", "setup help"))
    assert "difficulty" in text_of(await bot.command("/quiz", "help"))
    overview = text_of(await bot.command("/studybot", ""))
    assert "/studybot setup" in overview and "/quiz" in overview


async def test_a_non_admin_is_refused_setup_and_no_schedule_is_created(bot: Harness) -> None:
    reply = text_of(await bot.command("/studybot", "setup time=10:00", user="UNOBODY"))
    assert "workspace admins and owners" in reply
    assert bot.fake.called("users.info")[-1].params["user"] == "UNOBODY"
    status = await bot.service.status(ChannelRef(Platform.SLACK, "T1", "C1"))
    assert status.schedule is None


async def test_an_admin_sets_up_the_channel_and_gets_the_next_post_time_in_words(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    reply = text_of(await bot.command("/studybot", "setup time=09:00 tz=Europe/Berlin days=mon-fri",
                                      user="UADMIN"))
    assert "09:00" in reply and "Europe/Berlin" in reply and "Next post" in reply
    reply = text_of(await bot.command("/studybot", "setup time=25:00", user="UADMIN"))
    assert "is not a time" in reply


async def test_answer_button_opens_a_modal_and_the_submission_brings_private_feedback(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    status, _ = await bot.interact(click(ANSWER, str(round_id), response_url=bot.fake.response_url()))
    assert status == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    opened = bot.fake.called("views.open")[0].params
    assert opened["trigger_id"] == "trigger-7"
    assert "dropout" in json.dumps(opened["view"]["blocks"][0])

    status, body = await bot.interact(submission(opened["view"], GOOD_ANSWER))
    assert status == 200 and body == ""
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    private = bot.fake.called("chat.postEphemeral")[0].params
    assert private["user"] == "U2" and private["channel"] == "C1"
    shown = json.dumps(private["blocks"])
    assert "Counted" in shown and "Model answer" in shown
    actions = [e.get("action_id") for b in private["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "100%" in shown and APPEAL not in actions  # a full score has nothing to appeal

    await bot.fake.wait(lambda: any("1 answered" in json.dumps(c.params["blocks"])
                                    for c in bot.fake.called("chat.update")))
    update = bot.fake.called("chat.update")[-1].params
    assert update["ts"] == post_ts and update["channel"] == "C1"


async def test_an_empty_answer_is_refused_in_the_ack_and_costs_no_attempt(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    view = bot.fake.called("views.open")[0].params["view"]
    status, body = await bot.interact(submission(view, "   \n  "))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors" and "empty" in answer["errors"][ANSWER_BLOCK]
    assert await bot.service.store.answer_count(round_id) == 0


async def test_a_hostile_cohort_name_is_echoed_without_pinging_anyone(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    reply = await bot.command("/cohort", 'create "name=<!channel> crew"', user="UADMIN")
    shown = text_of(reply)
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown


async def test_a_rate_limited_post_is_retried_after_retry_after_and_lands_once(bot: Harness) -> None:
    bot.fake.rate_limits["chat.postMessage"] = 1
    await bot.post_now()
    assert bot.fake.throttled == ["chat.postMessage"]
    assert len(bot.fake.called("chat.postMessage")) == 1


async def test_a_thread_reply_is_graded_with_a_reaction_and_private_feedback(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    reply = {"type": "message", "channel": "C1", "user": "U3", "text": GOOD_ANSWER, "ts": "1800000000.000001",
             "thread_ts": post_ts, "channel_type": "channel"}
    assert await bot.event(reply, "Ev-thread") == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    reaction = bot.fake.called("reactions.add")[0].params
    assert reaction["timestamp"] == "1800000000.000001" and reaction["name"] == "white_check_mark"
    private = bot.fake.called("chat.postEphemeral")[0].params
    assert private["user"] == "U3" and private["thread_ts"] == post_ts

    edit = {**reply, "subtype": "message_changed", "ts": "1800000000.000002"}
    robot = {**reply, "bot_id": "BOTHER", "ts": "1800000000.000003"}
    assert await bot.event(edit, "Ev-edit") == 200
    assert await bot.event(robot, "Ev-robot") == 200
    await bot.command("/streak", "")  # a later request: the ignored events had their turn
    assert len(bot.fake.called("reactions.add")) == 1
    assert await bot.service.store.answer_count(round_id) == 1


async def test_the_same_event_delivered_twice_is_recorded_once(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    reply = {"type": "message", "channel": "C1", "user": "U4", "text": GOOD_ANSWER, "ts": "1800000000.000009",
             "thread_ts": post_ts, "channel_type": "channel"}
    assert await bot.event(reply, "Ev-twice") == 200
    assert await bot.event(reply, "Ev-twice", headers={"X-Slack-Retry-Num": "1",
                                                        "X-Slack-Retry-Reason": "http_timeout"}) == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    await bot.command("/streak", "", user="U4")
    assert len(bot.fake.called("reactions.add")) == 1
    assert len(bot.fake.called("chat.postEphemeral")) == 1
    assert await bot.service.store.answer_count(round_id) == 1


async def test_feedback_goes_by_dm_when_the_channel_refuses_ephemeral_messages(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    bot.fake.refuse_ephemeral.add("C1")
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    await bot.interact(submission(bot.fake.called("views.open")[0].params["view"], GOOD_ANSWER))
    await bot.fake.wait(lambda: any(c.params.get("channel") == "DU2"
                                    for c in bot.fake.called("chat.postMessage")))
    assert bot.fake.called("conversations.open")[0].params["users"] == "U2"


async def test_export_arrives_as_a_csv_file_in_the_admins_dm(bot: Harness) -> None:
    await bot.post_now()
    reply = text_of(await bot.command("/studybot", "export period=week", user="UADMIN"))
    assert "direct message" in reply
    assert bot.fake.called("files.completeUploadExternal")[0].params["channel_id"] == "DUADMIN"
    assert bot.fake.uploads and b"," in bot.fake.uploads[0]
