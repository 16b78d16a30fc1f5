"""/suggest on the loopback fake of Slack: the modal, its view_submission, review, DM, post, grading."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_harness import Harness, click, submission

from bot.content.suggestion_rules import SuggestionRules
from bot.frontends.slack.blocks import QUIZ_ANSWER
from bot.frontends.slack.suggestions import INPUT, SUGGEST_VIEW

FORM = {
    "prompt": "Why do we normalise inputs before training a network?",
    "answer": "Normalising inputs puts features on a similar scale, which makes gradient descent converge "
              "faster and more stably.",
    "topics": "training",
    "difficulty": "beginner",
    "points": "similar scale; converge faster",
    "hints": "Think of the loss surface.",
}


def filled(view: dict, values: dict[str, str], *, user: str = "U2") -> dict[str, Any]:
    """A view_submission of the suggestion modal with `values` typed into its inputs."""
    state = {name: {INPUT: {"type": "plain_text_input", "value": value}} for name, value in values.items()}
    return {"type": "view_submission", "team": {"id": "T1", "domain": "t1"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
            "api_app_id": "A1", "token": "legacy", "trigger_id": "trigger-9",
            "view": {**view, "id": f"V-{len(json.dumps(values))}", "team_id": "T1", "app_id": "A1",
                     "state": {"values": state}}}


@pytest.fixture
async def slack(bot: Harness) -> Harness:
    bot.service.rules = SuggestionRules()
    return bot


async def test_a_suggestion_from_the_modal_is_approved_posted_credited_and_graded(slack: Harness) -> None:
    view = await slack.command_opening_form("/suggest", "")
    assert view["callback_id"] == SUGGEST_VIEW
    assert [b["block_id"] for b in view["blocks"]] == ["prompt", "answer", "topics", "difficulty", "points",
                                                       "hints"]
    sent = len(slack.fake.called("chat.postEphemeral"))
    status, body = await slack.interact(filled(view, FORM))
    assert status == 200 and "errors" not in body
    await slack.fake.wait(lambda: len(slack.fake.called("chat.postEphemeral")) > sent)
    assert "suggestion 1 waits" in json.dumps(slack.fake.called("chat.postEphemeral")[-1].params["blocks"])

    slack.fake.admins.add("UADMIN")
    listed = json.dumps(await slack.command("/studybot", "suggestions", user="UADMIN"))
    assert "Why do we normalise inputs" in listed
    approved = json.dumps(await slack.command("/studybot", 'suggestions approve 1 reason="Great question"',
                                              user="UADMIN"))
    assert "approved" in approved and "self-test*: passed" in approved
    dm = [c for c in slack.fake.called("chat.postMessage") if c.params.get("channel") == "DU2"]
    assert dm and "Great question" in json.dumps(dm[-1].params["blocks"])

    await slack.command("/studybot", "setup time=09:00 packs=community", user="UADMIN")
    before = len(slack.fake.called("chat.postMessage"))
    await slack.command("/studybot", "post-now", user="UADMIN")
    await slack.fake.wait(lambda: len(slack.fake.called("chat.postMessage")) > before)
    posted = slack.fake.called("chat.postMessage")[before].params["blocks"]
    assert FORM["prompt"] in json.dumps(posted) and "Suggested by" in json.dumps(posted)
    round_id = next(e for b in posted if b["type"] == "actions" for e in b["elements"])["value"]
    opened, answered = len(slack.fake.called("views.open")), len(slack.fake.called("chat.postEphemeral"))
    await slack.interact(click("studybot_answer", round_id, user="U7"))
    await slack.fake.wait(lambda: len(slack.fake.called("views.open")) > opened)
    reply = "It puts features on a similar scale so gradient descent can converge faster."
    await slack.interact(submission(slack.fake.called("views.open")[-1].params["view"], reply, user="U7"))
    await slack.fake.wait(lambda: len(slack.fake.called("chat.postEphemeral")) > answered)
    assert "Correct" in json.dumps(slack.fake.called("chat.postEphemeral")[-1].params["blocks"])
    status = json.dumps(await slack.command("/studybot", "status", user="UADMIN"))
    assert "<@UADMIN> approved a suggestion by U2" in status  # the audit log; U2 is too short to mention
    board = json.dumps(await slack.command("/authors", ""))
    assert "<@U2>: 1 approved" in board


async def test_a_refused_modal_stays_open_with_the_problem_under_its_field(slack: Harness) -> None:
    view = await slack.command_opening_form("/suggest", 'prompt="Why normalise inputs?" difficulty=hard')
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert initial["prompt"] == "Why normalise inputs?" and initial["difficulty"] == "hard"
    status, body = await slack.interact(filled(view, {**FORM, "difficulty": "hard"}))
    reply = json.loads(body)
    assert status == 200 and reply["response_action"] == "errors"
    assert "'hard' is not one of beginner" in reply["errors"]["difficulty"]
    assert await slack.service.store.get_suggestion(1) is None


async def test_rejection_and_edit_over_slack_and_members_cannot_review(slack: Harness) -> None:
    view = await slack.command_opening_form("/suggest", "")
    await slack.interact(filled(view, FORM))
    await slack.fake.wait(lambda: bool(slack.fake.called("chat.postEphemeral")))
    refused = json.dumps(await slack.command("/studybot", "suggestions approve 1", user="U2"))
    assert "workspace admins and owners" in refused
    slack.fake.admins.add("UADMIN")
    edited = json.dumps(await slack.command("/studybot", "suggestions edit 1 difficulty=advanced",
                                            user="UADMIN"))
    assert "*difficulty*: advanced" in edited
    bad = json.dumps(await slack.command("/studybot", "suggestions edit 1 difficulty=hard", user="UADMIN"))
    assert "not saved" in bad and FORM["prompt"] in bad
    rejected = json.dumps(await slack.command("/studybot", 'suggestions reject 1 reason="Covered already"',
                                              user="UADMIN"))
    assert "rejected" in rejected
    dm = [c for c in slack.fake.called("chat.postMessage") if c.params.get("channel") == "DU2"]
    assert dm and "Covered already" in json.dumps(dm[-1].params["blocks"])


async def test_quiz_in_a_channel_with_the_community_pack_gives_the_suggestion(slack: Harness) -> None:
    view = await slack.command_opening_form("/suggest", "")
    await slack.interact(filled(view, FORM))
    await slack.fake.wait(lambda: bool(slack.fake.called("chat.postEphemeral")))
    slack.fake.admins.add("UADMIN")
    await slack.command("/studybot", "suggestions approve 1", user="UADMIN")
    await slack.command("/studybot", "setup time=09:00 packs=community", user="UADMIN")
    await slack.command("/studybot", "setup time=09:00 packs=test", user="UADMIN", channel="C2")

    def quiz_button(reply: dict) -> dict:
        return next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])

    for _ in range(2):  # C1's pack only: the suggestion again, not C2's question
        reply = await slack.command("/quiz", "", user="U7")
        assert FORM["prompt"] in json.dumps(reply) and quiz_button(reply)["value"] == "suggestion-1"
        opened, answered = len(slack.fake.called("views.open")), len(slack.fake.called("chat.postEphemeral"))
        await slack.interact(click(QUIZ_ANSWER, "suggestion-1", user="U7"))
        await slack.fake.wait(lambda n=opened: len(slack.fake.called("views.open")) > n)
        text = "It puts features on a similar scale so gradient descent can converge faster."
        await slack.interact(submission(slack.fake.called("views.open")[-1].params["view"], text, user="U7"))
        await slack.fake.wait(lambda n=answered: len(slack.fake.called("chat.postEphemeral")) > n)
        said = json.dumps(slack.fake.called("chat.postEphemeral")[-1].params["blocks"])
        assert "Correct" in said and "Practice" in said
    other = await slack.command("/quiz", "", user="U7", channel="C2")
    assert quiz_button(other)["value"] == "dl-dropout"
