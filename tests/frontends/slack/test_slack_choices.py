"""Choice questions on Slack: option buttons, the checkbox form, private feedback, the picks at the reveal."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_harness import MONDAY_MORNING, Harness, click, submission

from bot.content.loader import load_bank
from bot.core.clocks import SimulatedClock
from bot.core.service import StudyService
from bot.frontends.slack.choice_questions import PICK, QUIZ_PICK
from bot.frontends.slack.modals import ANSWER_BLOCK, ANSWER_INPUT
from bot.store import open_store

TYPES = Path(__file__).resolve().parents[2] / "fixtures" / "content" / "types"


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[StudyService]:
    store = await open_store(tmp_path / "studybot.db")
    yield StudyService(store, load_bank([TYPES]), SimulatedClock(MONDAY_MORNING))
    await store.close()


async def post_choice(bot: Harness, packs: str) -> dict:
    """Set up C1 with `packs` and post today's question; return the posted message's parameters."""
    bot.fake.admins.add("UADMIN")
    await bot.command("/studybot", f"setup time=09:00 tz=Europe/Berlin packs={packs}", user="UADMIN")
    before = len(bot.fake.called("chat.postMessage"))
    await bot.command("/studybot", "post-now", user="UADMIN")
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postMessage")) > before)
    return bot.fake.called("chat.postMessage")[before].params


def elements(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def press(bot: Harness, action_id: str, value: str, user: str) -> str:
    """Press a button; return the private reply the member gets (as JSON text)."""
    before = len(bot.fake.called("chat.postEphemeral"))
    await bot.interact(click(action_id, value, user=user))
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) > before)
    reply = bot.fake.called("chat.postEphemeral")[-1].params
    assert reply["user"] == user
    return json.dumps(reply["blocks"], ensure_ascii=False)


async def test_one_right_option_gets_a_button_per_option_and_a_press_is_graded_privately(bot: Harness):
    post = await post_choice(bot, "types")
    buttons = elements(post["blocks"])
    round_id = int(buttons[-1]["value"].split(":")[0])
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in buttons] == [
        (PICK, f"{round_id}:1", "1. ReLU"),
        (PICK, f"{round_id}:2", "2. Sigmoid"),
        (PICK, f"{round_id}:3", "3. Tanh"),
        ("studybot_hint", f"{round_id}:1", "Hint"),
    ]
    assert "*2.* Sigmoid" in json.dumps(post["blocks"])
    assert "Press an option to answer privately" in json.dumps(post["blocks"])

    right = await press(bot, PICK, f"{round_id}:2", "U2")
    assert "*Correct* · 100%" in right and "Counted: +10 points" in right
    assert "Its output lies between 0 and 1" in right
    wrong = await press(bot, PICK, f"{round_id}:3", "U3")
    assert "*Incorrect* · 0%" in wrong and "Counted: +0 points" in wrong
    assert "Its range is -1 to 1" in wrong

    await bot.service.close_round(round_id)
    await bot.fake.wait(lambda: "*Picks*" in json.dumps(bot.fake.called("chat.postMessage")[-1].params))
    reveal = bot.fake.called("chat.postMessage")[-1].params
    texts = [b["text"]["text"] for b in reveal["blocks"] if b["type"] == "section"]
    picks = next(t for t in texts if t.startswith("*Picks*")).splitlines()
    assert picks[1].startswith("*1.* ReLU") and picks[1].endswith(" 0 (0%)")
    assert picks[2].startswith("*2.* Sigmoid :white_check_mark:") and picks[2].endswith(" 1 (50%)")
    assert picks[3].startswith("*3.* Tanh") and picks[3].endswith(" 1 (50%)")


async def test_a_stale_or_forged_option_button_is_refused_with_words(bot: Harness):
    await post_choice(bot, "types")
    refused = await press(bot, PICK, "not-a-round", "U2")
    assert "does not name an option" in refused
    missing = await press(bot, PICK, "999:2", "U2")
    assert "no daily question with number 999" in missing


async def test_several_right_options_are_ticked_in_the_answer_form(bot: Harness):
    post = await post_choice(bot, "types-multi")
    (answer, _hint) = elements(post["blocks"])
    assert answer["action_id"] == "studybot_answer"
    await bot.interact(click("studybot_answer", answer["value"]))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    view = bot.fake.called("views.open")[-1].params["view"]
    box = next(b for b in view["blocks"] if b.get("block_id") == ANSWER_BLOCK)
    assert box["element"]["type"] == "checkboxes"
    assert [o["value"] for o in box["element"]["options"]] == ["1", "2", "3"]
    ticked = submission(view, "")
    ticked["view"]["state"]["values"][ANSWER_BLOCK][ANSWER_INPUT] = {
        "type": "checkboxes",
        "selected_options": [{"value": "1"}, {"value": "3"}],
    }
    before = len(bot.fake.called("chat.postEphemeral"))
    await bot.interact(ticked)
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) > before)
    shown = json.dumps(bot.fake.called("chat.postEphemeral")[-1].params["blocks"], ensure_ascii=False)
    assert "*Correct* · 100%" in shown and "Counted: +15 points" in shown


async def test_quiz_on_a_choice_question_has_practice_option_buttons(bot: Harness):
    reply = await bot.command("/quiz", "topic=output-layers")
    buttons = elements(reply["blocks"])
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (QUIZ_PICK, "t-choice:1"),
        (QUIZ_PICK, "t-choice:2"),
        (QUIZ_PICK, "t-choice:3"),
    ]
    result = await press(bot, QUIZ_PICK, "t-choice:2", "U2")
    assert "*Correct* · 100%" in result and "Practice (quiz)" in result


async def test_a_thread_reply_with_the_option_number_is_graded_and_a_shrug_is_refused(bot: Harness):
    post = await post_choice(bot, "types")
    post_ts = bot.fake.called("chat.postMessage")[-1].result["ts"]
    assert post["channel"] == "C1"
    shrug = {
        "type": "message",
        "channel": "C1",
        "user": "U4",
        "text": "idk",
        "ts": "1800000000.000001",
        "thread_ts": post_ts,
        "channel_type": "channel",
    }
    assert await bot.event(shrug, "Ev-shrug") == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.postEphemeral")))
    refused = bot.fake.called("chat.postEphemeral")[-1].params
    assert refused["user"] == "U4" and "No attempt used" in json.dumps(refused["blocks"])
    assert "Sigmoid" not in json.dumps(refused["blocks"])  # nothing revealed
    assert bot.fake.called("reactions.add")[-1].params["name"] == "grey_question"
    pick = {**shrug, "text": "2", "ts": "1800000000.000002"}
    assert await bot.event(pick, "Ev-pick") == 200
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) > 1)
    assert bot.fake.called("reactions.add")[-1].params["name"] == "white_check_mark"
    assert "Counted: +10 points" in json.dumps(bot.fake.called("chat.postEphemeral")[-1].params["blocks"])
