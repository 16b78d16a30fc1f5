"""Shared pieces of the Slack tests: a small content bank, settings for the fake, and the Harness."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
from fake_slack_api import SIGNING_SECRET, FakeSlack, command_body, form, interaction, sign

from bot.config import Settings
from bot.core.models import ContentBank, Difficulty, KeyPoint, Pack, Question
from bot.core.service import StudyService
from bot.frontends.slack import SlackFrontend
from bot.frontends.slack.modals import ANSWER_BLOCK, ANSWER_INPUT

MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

QUESTION = Question(
    id="dl-dropout",
    prompt="Why does dropout reduce overfitting in neural networks?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="Dropout randomly drops units during training, so units cannot co-adapt; the network "
    "behaves like an ensemble of thinner networks, which reduces overfitting.",
    topics=("regularization",),
    key_points=(
        KeyPoint("units are dropped at random during training", ("randomly drops units", "drops neurons")),
        KeyPoint("prevents co-adaptation", ("co-adapt", "co-adaptation", "rely on each other")),
        KeyPoint("acts like an ensemble", ("ensemble", "averaging many networks")),
    ),
    hints=("Think of many networks at once.", "What happens to units that rely on each other?"),
)
BANK = ContentBank((Pack("test", "Test pack", "1", "MIT", "tests", (QUESTION,)),))
GOOD_ANSWER = ("Dropout randomly drops units during training, which prevents co-adaptation: neurons cannot "
               "rely on each other. The effect is like training an ensemble of many thinner networks and "
               "averaging them, so the model overfits less.")


class Harness:
    """The bot's Slack frontend on 127.0.0.1 with helpers that talk to it like Slack does."""

    def __init__(self, fake: FakeSlack, frontend: SlackFrontend, service: StudyService,
                 http: aiohttp.ClientSession) -> None:
        self.fake = fake
        self.frontend = frontend
        self.service = service
        self.http = http

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.frontend.port}/slack/events"

    async def post(self, body: bytes, content_type: str, *, headers: dict[str, str] | None = None,
                   signed: bool = True) -> tuple[int, str]:
        sent = {"Content-Type": content_type, **(sign(body) if signed else {}), **(headers or {})}
        async with self.http.post(self.events_url, data=body, headers=sent) as response:
            return response.status, await response.text()

    async def command(self, command: str, text: str, *, user: str = "U2", team: str = "T1",
                      channel: str = "C1") -> dict[str, Any]:
        """Run a slash command and return the private reply it posted to the response URL."""
        before = len(self.fake.responses)
        body = form(command_body(command, text, user=user, team=team, channel=channel,
                                 response_url=self.fake.response_url()))
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        assert status == 200
        await self.fake.wait(lambda: len(self.fake.responses) > before)
        return self.fake.responses[before]

    async def command_opening_form(self, command: str, text: str, *, user: str = "U2", team: str = "T1",
                                   channel: str = "C1") -> dict[str, Any]:
        """Run a slash command that answers by opening a modal (views.open); return that view."""
        before = len(self.fake.called("views.open"))
        body = form(command_body(command, text, user=user, team=team, channel=channel,
                                 response_url=self.fake.response_url()))
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        assert status == 200
        await self.fake.wait(lambda: len(self.fake.called("views.open")) > before)
        return self.fake.called("views.open")[-1].params["view"]

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        return await self.post(interaction(payload), "application/x-www-form-urlencoded")

    async def event(self, event: dict[str, Any], event_id: str, *, team: str = "T1",
                    headers: dict[str, str] | None = None) -> int:
        body = json.dumps({"token": "legacy", "team_id": team, "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id, "event_time": 1_700_000_000, "event": event,
                           "authorizations": [{"team_id": team, "user_id": f"UBOT{team}", "is_bot": True}]})
        status, _ = await self.post(body.encode(), "application/json", headers=headers)
        return status

    async def post_now(self, *, admin: str = "UADMIN", team: str = "T1",
                       channel: str = "C1") -> tuple[int, str]:
        """Set up the channel and post today's question; return (round id on its button, post ts)."""
        self.fake.admins.add(admin)
        await self.command("/studybot", "setup time=09:00 tz=Europe/Berlin", user=admin, team=team,
                           channel=channel)
        before = len(self.fake.called("chat.postMessage"))
        reply = await self.command("/studybot", "post-now", user=admin, team=team, channel=channel)
        assert "Posted" in json.dumps(reply), reply
        await self.fake.wait(lambda: len(self.fake.called("chat.postMessage")) > before)
        posted = self.fake.called("chat.postMessage")[before]
        answer = next(e for b in posted.params["blocks"] if b["type"] == "actions" for e in b["elements"])
        return int(answer["value"]), posted.result["ts"]


def settings_for(fake: FakeSlack, **changes: Any) -> Settings:
    values: dict[str, Any] = dict(slack_bot_token="xoxb-T1", slack_signing_secret=SIGNING_SECRET,
                                  slack_api_url=fake.api_url, http_port=0)
    values.update(changes)
    return Settings(**values)


Starter = Callable[..., Awaitable[Harness]]


def click(action_id: str, value: str, *, user: str = "U2", response_url: str = "") -> dict:
    return {"type": "block_actions", "team": {"id": "T1", "domain": "t1"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
            "api_app_id": "A1", "token": "legacy", "trigger_id": "trigger-7",
            "channel": {"id": "C1", "name": "general"}, "container": {"type": "message", "channel_id": "C1"},
            "response_url": response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                         "action_ts": "1.2"}]}


def submission(view: dict, answer: str, *, user: str = "U2") -> dict:
    return {"type": "view_submission", "team": {"id": "T1", "domain": "t1"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
            "api_app_id": "A1", "token": "legacy", "trigger_id": "trigger-8",
            "view": {**view, "id": "V1", "team_id": "T1", "app_id": "A1",
                     "state": {"values": {ANSWER_BLOCK: {ANSWER_INPUT: {"type": "plain_text_input",
                                                                        "value": answer}}}}}}
