"""/suggest on the loopback fake of Slack: the modal, its view_submission, review, DM, post, grading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_slack_api import FakeSlack
from slack_harness import BANK, MONDAY_MORNING, Harness, click, settings_for, submission

from bot.content.suggestion_rules import SuggestionRules
from bot.core.clocks import SimulatedClock
from bot.core.models import Actor, ChannelRef, MemberRef, Platform
from bot.core.service import StudyService
from bot.frontends.slack import build
from bot.frontends.slack.blocks import QUIZ_ANSWER
from bot.frontends.slack.modals import ANSWER_VIEW, AnswerContext
from bot.frontends.slack.suggestions import INPUT, SUGGEST_VIEW
from bot.store import open_store

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


async def approved_in(service: StudyService, team: str, fields: dict[str, str] = FORM) -> str:
    """Suggest and approve `fields` in Slack workspace `team`; the new question's id."""
    channel = ChannelRef(Platform.SLACK, team, "C1")
    stored = await service.suggest(MemberRef(Platform.SLACK, team, "U2", "u2"), channel, fields)
    admin = Actor(MemberRef(Platform.SLACK, team, "UADMIN", "admin"), is_admin=True)
    return (await service.approve_suggestion(admin, stored.id)).suggestion.question_id


async def test_a_payload_naming_another_workspaces_question_is_refused_and_nothing_recorded(
        slack: Harness) -> None:
    other_id = await approved_in(slack.service, "T2")  # T2's own pack; the member below is in T1
    await slack.interact(click(QUIZ_ANSWER, other_id, user="U7",  # a crafted practice Answer button
                               response_url=slack.fake.response_url()))
    await slack.fake.wait(lambda: bool(slack.fake.responses))
    assert "no longer in the content bank" in json.dumps(slack.fake.responses[-1])
    assert not slack.fake.called("views.open")
    form = {"type": "modal", "callback_id": ANSWER_VIEW,
            "private_metadata": AnswerContext("T1", "C1", question_id=other_id).dump()}
    said = len(slack.fake.called("chat.postEphemeral"))
    await slack.interact(submission(form, "It puts features on a similar scale.", user="U7"))
    await slack.fake.wait(lambda: len(slack.fake.called("chat.postEphemeral")) > said)
    reply = json.dumps(slack.fake.called("chat.postEphemeral")[-1].params["blocks"])
    assert f"Question `{other_id}` is not in this community's content" in reply
    assert FORM["prompt"] not in reply and "Correct" not in reply
    member = MemberRef(Platform.SLACK, "T1", "U7", "u7")
    assert await slack.service.store.member_answers(member) == []


async def test_a_restarted_bot_updates_the_count_on_a_community_question_post(
        slack: Harness, fake: FakeSlack, tmp_path: Path) -> None:
    await approved_in(slack.service, "T1")
    slack.fake.admins.add("UADMIN")
    await slack.command("/studybot", "setup time=09:00 packs=community", user="UADMIN")
    round_id, post_ts = await slack.post_now()
    store = await open_store(tmp_path / "studybot.db")  # a new process over the same database
    service = StudyService(store, BANK, SimulatedClock(MONDAY_MORNING))
    service.rules = SuggestionRules()
    frontend = build(service, settings_for(fake), None, host="127.0.0.1", count_interval=0.05)
    await frontend.start()
    try:
        await frontend.messenger.update_answer_count(ChannelRef(Platform.SLACK, "T1", "C1"), f"C1:{post_ts}",
                                                     round_id, 3)
        await frontend.messenger.drain()
        edit = fake.called("chat.update")[-1].params
        assert edit["ts"] == post_ts and "3 answered" in json.dumps(edit["blocks"])
        assert FORM["prompt"] in json.dumps(edit["blocks"])
    finally:
        await frontend.stop()
        await store.close()
