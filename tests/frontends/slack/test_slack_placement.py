"""Through slack-bolt: a form, a button or a hint for another workspace's round is refused, nothing stored."""

from __future__ import annotations

import json

from slack_harness import GOOD_ANSWER, Harness, click, submission

from bot.frontends.slack.blocks import ANSWER, HINT


def from_other_workspace(payload: dict, team: str = "T2", user: str = "U9") -> dict:
    """The same payload as sent by a member of another workspace."""
    return {**payload, "team": {"id": team, "domain": team.lower()},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}}


async def stored_answers(bot: Harness) -> int:
    return len([row async for row in bot.service.store.iter_answers()])


async def test_a_form_submitted_from_another_workspace_is_refused_and_recorded_nowhere(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    view = bot.fake.called("views.open")[0].params["view"]
    edits = len(bot.fake.called("chat.update"))

    status, _ = await bot.interact(from_other_workspace(submission(view, GOOD_ANSWER)))
    assert status == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    told = bot.fake.called("chat.postEphemeral")[0].params
    assert told["user"] == "U9"
    assert "belongs to another workspace, so nothing was recorded" in json.dumps(told["blocks"])
    assert await stored_answers(bot) == 0
    assert await bot.service.store.answer_count(round_id) == 0
    await bot.frontend.messenger.drain()
    assert len(bot.fake.called("chat.update")) == edits  # the live count did not move


async def test_answer_and_hint_buttons_for_another_workspaces_round_are_refused(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    before = len(bot.fake.responses)
    url = bot.fake.response_url()
    await bot.interact(from_other_workspace(click(ANSWER, str(round_id), response_url=url)))
    await bot.interact(from_other_workspace(click(HINT, f"{round_id}:1", response_url=url)))
    await bot.fake.wait(lambda: len(bot.fake.responses) >= before + 2)
    refusals = [json.dumps(r) for r in bot.fake.responses[before:]]
    assert all("belongs to another workspace" in r for r in refusals), refusals
    assert not any("Hint 1 of 2" in r for r in refusals)
    assert bot.fake.called("views.open") == []
