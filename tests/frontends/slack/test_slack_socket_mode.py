"""Socket Mode end to end: bolt dials the fake's apps.connections.open websocket and acks envelopes."""

from __future__ import annotations

import json

from fake_slack_api import command_body
from slack_harness import GOOD_ANSWER, Starter

from bot.frontends.slack.blocks import ANSWER


async def test_socket_mode_serves_commands_buttons_and_thread_events(start_bot: Starter) -> None:
    bot = await start_bot(slack_app_token="xapp-1-A1-socket", slack_signing_secret=None)
    assert bot.frontend.mode == "socket"
    fake = bot.fake
    opened = fake.called("apps.connections.open")
    assert opened and opened[0].token == "xapp-1-A1-socket"

    fake.admins.add("UADMIN")
    setup = command_body("/studybot", "setup time=09:00", user="UADMIN", response_url=fake.response_url())
    ack = await fake.deliver("slash_commands", setup)
    assert ack["envelope_id"].startswith("env-")
    await fake.wait(lambda: len(fake.responses) == 1)
    assert "Daily questions are set up" in json.dumps(fake.responses[0])

    await fake.deliver("slash_commands", command_body("/studybot", "post-now", user="UADMIN",
                                                      response_url=fake.response_url()))
    await fake.wait(lambda: bool(fake.called("chat.postMessage")))
    post = fake.called("chat.postMessage")[0]
    round_id = next(e["value"] for b in post.params["blocks"] if b["type"] == "actions"
                    for e in b["elements"] if e["action_id"] == ANSWER)

    await fake.deliver("interactive", {
        "type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U2", "team_id": "T1"},
        "api_app_id": "A1", "trigger_id": "trigger-socket", "channel": {"id": "C1"},
        "container": {"channel_id": "C1"}, "response_url": fake.response_url(),
        "actions": [{"action_id": ANSWER, "value": round_id, "type": "button", "block_id": "b"}],
    })
    await fake.wait(lambda: bool(fake.called("views.open")))
    assert fake.called("views.open")[0].params["trigger_id"] == "trigger-socket"

    event = {"type": "message", "channel": "C1", "user": "U5", "text": GOOD_ANSWER,
             "ts": "1800000001.000001", "thread_ts": post.result["ts"]}
    envelope = {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": "Ev-socket", "event_time": 1, "event": event,
                "authorizations": [{"team_id": "T1", "user_id": "UBOTT1", "is_bot": True}]}
    await fake.deliver("events_api", envelope)
    await fake.deliver("events_api", envelope)  # Slack's retry of the same event
    await fake.wait(lambda: bool(fake.called("chat.postEphemeral")))
    streak = command_body("/streak", "", user="U5", response_url=fake.response_url())
    await fake.deliver("slash_commands", streak)
    await fake.wait(lambda: len(fake.responses) == 3)
    assert len(fake.called("reactions.add")) == 1
    assert fake.called("chat.postEphemeral")[0].params["user"] == "U5"
