"""Member and admin flows over HTTP: practice, hints, appeals, coalesced counts, health, the manifest."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
import yaml
from fake_slack_api import FakeSlack
from slack_harness import GOOD_ANSWER, Harness, click, settings_for, submission

from bot.cli import main
from bot.cli.slack import manifest_for
from bot.core.models import ChannelRef, MemberRef, Platform
from bot.core.service import StudyService
from bot.frontends.slack import build
from bot.frontends.slack.blocks import APPEAL, APPEAL_ACCEPT, HINT, QUIZ_ANSWER
from bot.frontends.slack.commands import SLASH_COMMANDS
from bot.frontends.slack.frontend import BOT_SCOPES


async def answer_round(bot: Harness, round_id: int, user: str, text: str) -> dict:
    """Press Answer, submit the modal, and return the private feedback message's parameters."""
    before_views = len(bot.fake.called("views.open"))
    before = len(bot.fake.called("chat.postEphemeral"))
    await bot.interact(click("studybot_answer", str(round_id), user=user))
    await bot.fake.wait(lambda: len(bot.fake.called("views.open")) > before_views)
    view = bot.fake.called("views.open")[-1].params["view"]
    await bot.interact(submission(view, text, user=user))
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) > before)
    return bot.fake.called("chat.postEphemeral")[-1].params


async def test_quiz_gives_a_private_practice_question_whose_answer_earns_no_points(bot: Harness) -> None:
    reply = await bot.command("/quiz", "topic=regularization")
    button = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == QUIZ_ANSWER and button["value"] == "dl-dropout"
    await bot.interact(click(QUIZ_ANSWER, button["value"]))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    view = bot.fake.called("views.open")[0].params["view"]
    assert view["title"]["text"] == "Practice question"
    await bot.interact(submission(view, GOOD_ANSWER))
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    assert "Practice" in json.dumps(bot.fake.called("chat.postEphemeral")[0].params["blocks"])
    unknown = json.dumps(await bot.command("/quiz", "difficulty=impossible"))
    assert "difficulty=impossible" in unknown and "choose one of" in unknown


async def test_the_hint_button_gives_hints_one_after_another(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    await bot.interact(click(HINT, f"{round_id}:1", response_url=bot.fake.response_url()))
    await bot.fake.wait(lambda: any("Hint 1 of 2" in json.dumps(r) for r in bot.fake.responses))
    first = next(r for r in bot.fake.responses if "Hint 1 of 2" in json.dumps(r))
    assert first["response_type"] == "ephemeral"
    assert first["blocks"][-1]["elements"][0]["value"] == f"{round_id}:2"
    await bot.interact(click(HINT, "not-a-round", response_url=bot.fake.response_url()))
    await bot.fake.wait(lambda: any("does not name a round" in json.dumps(r) for r in bot.fake.responses))


async def test_an_appeal_reaches_the_admins_who_can_accept_it(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    feedback = await answer_round(bot, round_id, "U7", "Dropout is a kind of layer that exists in networks.")
    appeal = next(e for b in feedback["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert appeal["action_id"] == APPEAL
    await bot.interact(click(APPEAL, appeal["value"], user="U7", response_url=bot.fake.response_url()))
    await bot.fake.wait(lambda: any("appeal is with the admins" in json.dumps(r) for r in bot.fake.responses))

    refused = json.dumps(await bot.command("/studybot", "appeals", user="U7"))
    assert "workspace admins and owners" in refused
    listing = await bot.command("/studybot", "appeals", user="UADMIN")
    accept = next(e for b in listing["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == APPEAL_ACCEPT)
    decided = len(bot.fake.responses)
    await bot.interact(click(APPEAL_ACCEPT, accept["value"], user="UADMIN",
                             response_url=bot.fake.response_url()))
    await bot.fake.wait(lambda: len(bot.fake.responses) > decided)
    assert "accepted" in json.dumps(bot.fake.responses[decided]).lower()
    assert "No open appeals" in json.dumps(await bot.command("/studybot", "appeals", user="UADMIN"))


async def test_a_burst_of_answers_becomes_few_post_edits_ending_on_the_true_count(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    channel = ChannelRef(Platform.SLACK, "T1", "C1")
    answers = [bot.service.submit_answer(MemberRef(Platform.SLACK, "T1", f"UB{i}", f"burst {i}"), round_id,
                                         GOOD_ANSWER) for i in range(12)]
    await asyncio.gather(*answers)
    await bot.fake.wait(lambda: any("12 answered" in json.dumps(c.params["blocks"])
                                    for c in bot.fake.called("chat.update")))
    await bot.frontend.messenger.drain()
    edits = bot.fake.called("chat.update")
    assert 1 <= len(edits) <= 4
    assert "12 answered" in json.dumps(edits[-1].params["blocks"]) and edits[-1].params["ts"] == post_ts
    assert (await bot.service.status(channel)).answered_today == 12


async def test_healthz_reports_the_callable_and_503_when_it_fails(fake: FakeSlack,
                                                                  service: StudyService) -> None:
    state = {"ok": True, "database": "ok"}
    frontend = build(service, settings_for(fake), health=lambda: dict(state), host="127.0.0.1")
    await frontend.start()
    try:
        url = f"http://127.0.0.1:{frontend.port}/healthz"
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as ok:
                assert ok.status == 200 and (await ok.json())["database"] == "ok"
            state["ok"] = False
            async with http.get(url) as bad:
                assert bad.status == 503
    finally:
        await frontend.stop()


def test_the_manifest_asks_for_every_scope_the_bot_uses_and_every_command() -> None:
    manifest = manifest_for(None)
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert sorted(commands) == sorted(SLASH_COMMANDS)
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])
    assert manifest["settings"]["socket_mode_enabled"] is True
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"message.channels", "message.groups"} <= events


def test_the_manifest_command_fills_in_the_public_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slack", "manifest", "--url", "https://bot.example.org/"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    events = "https://bot.example.org/slack/events"
    assert printed["settings"]["socket_mode_enabled"] is False
    assert printed["settings"]["event_subscriptions"]["request_url"] == events
    assert printed["settings"]["interactivity"]["request_url"] == events
    assert {c["url"] for c in printed["features"]["slash_commands"]} == {events}
    assert printed["oauth_config"]["redirect_urls"] == ["https://bot.example.org/slack/oauth_redirect"]
    assert main(["slack", "manifest", "--url", "http://plain.example.org"]) == 2
    assert "https://" in capsys.readouterr().err


async def test_admin_status_is_looked_up_once_for_a_burst_of_commands(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    for _ in range(3):
        assert "no schedule yet" in json.dumps(await bot.command("/studybot", "status", user="UADMIN"))
    assert [c.params["user"] for c in bot.fake.called("users.info")] == ["UADMIN"]
