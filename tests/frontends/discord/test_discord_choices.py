"""Choice questions on Discord: option buttons, the picks menu, private feedback and the reveal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord_payloads as p
import pytest
from discord_harness import MEMBER, MONDAY_MORNING, DiscordHarness

from bot.content.loader import load_bank
from bot.core.clocks import SimulatedClock
from bot.core.service import StudyService
from bot.store import open_store

TYPES = Path(__file__).resolve().parents[2] / "fixtures" / "content" / "types"
EPHEMERAL = 64
BEA = p.user(p.MEMBER_ID + 1, "Bea")


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[StudyService]:
    store = await open_store(tmp_path / "studybot.db")
    yield StudyService(store, load_bank([TYPES]), SimulatedClock(MONDAY_MORNING))
    await store.close()


def components(message: dict) -> list[dict]:
    return [c for c in p.flatten_components(message.get("components") or []) if "custom_id" in c]


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields") or []}


async def pick(
    bot: DiscordHarness, message: dict, custom_id: str, values: list[str], who: dict = MEMBER
) -> dict:
    """Close the picks menu with `values` ticked; return what the member sees."""
    data = {"custom_id": custom_id, "component_type": 3, "values": values}
    token = await bot.fake.interact(bot._interaction(3, data, who, False, msg=message))
    return await bot.fake.final_reply(token)


async def test_a_choice_question_is_posted_with_one_button_per_option_and_hint(bot: DiscordHarness):
    await bot.set_up_channel(packs="types")
    round_id, post = await bot.post_today()
    assert [(c["custom_id"], c.get("label")) for c in components(post)] == [
        (f"studybot:pick:{round_id}:1", "1. ReLU"),
        (f"studybot:pick:{round_id}:2", "2. Sigmoid"),
        (f"studybot:pick:{round_id}:3", "3. Tanh"),
        (f"studybot:hint:{round_id}:1", "Hint"),
    ]
    shown = fields(post["embeds"][0])
    assert shown["Options"] == "**1.** ReLU\n**2.** Sigmoid\n**3.** Tanh"
    assert shown["How to answer"].startswith("Press an option")


async def test_pressing_an_option_grades_it_privately_and_the_reveal_shows_the_picks(bot: DiscordHarness):
    await bot.set_up_channel(packs="types")
    round_id, post = await bot.post_today()
    right = await bot.click(post, f"studybot:pick:{round_id}:2")
    assert right["data"]["flags"] & EPHEMERAL
    assert embed_of(right)["title"] == "✅ Correct: 100 %"
    assert "Counted: **+10 points**" in embed_of(right)["description"]
    assert "Its output lies between 0 and 1" in embed_of(right)["description"]
    wrong = await bot.click(post, f"studybot:pick:{round_id}:1", who=BEA)
    assert embed_of(wrong)["title"] == "❌ Not yet: 0 %"
    assert "Counted: **+0 points**" in embed_of(wrong)["description"]  # incorrect earns nothing
    assert "Unbounded above" in embed_of(wrong)["description"]
    again = await bot.click(post, f"studybot:pick:{round_id}:3")
    assert "Practice (already answered)" in embed_of(again)["description"]

    await bot.service.close_round(round_id)
    reveal = bot.fake.posts_in(int(post["id"]))[-1]["embeds"][0]
    picks = fields(reveal)["Picks"].splitlines()
    assert picks[0] == "**1.** ReLU" and picks[1].endswith(" 1 (50%)")
    assert picks[2] == "**2.** Sigmoid ✓" and picks[3].endswith(" 1 (50%)")
    assert picks[4] == "**3.** Tanh" and picks[5].endswith(" 0 (0%)")


async def test_option_buttons_keep_working_after_a_restart(bot: DiscordHarness):
    await bot.set_up_channel(packs="types")
    round_id, post = await bot.post_today()
    await bot.restart()
    reply = await bot.click(post, f"studybot:pick:{round_id}:2")
    assert embed_of(reply)["title"] == "✅ Correct: 100 %"


async def test_several_right_options_are_ticked_in_a_menu(bot: DiscordHarness):
    await bot.set_up_channel(packs="types-multi")
    round_id, post = await bot.post_today()
    (menu, hint) = components(post)
    assert menu["custom_id"] == f"studybot:picks:{round_id}" and menu["type"] == 3
    assert (menu["min_values"], menu["max_values"]) == (1, 3)
    assert [o["label"] for o in menu["options"]] == [
        "1. Dropout",
        "2. More layers on the same data",
        "3. Data augmentation",
    ]
    assert hint["custom_id"] == f"studybot:hint:{round_id}:1"
    both = await pick(bot, post, f"studybot:picks:{round_id}", ["1", "3"])
    assert embed_of(both)["title"] == "✅ Correct: 100 %"
    half = await pick(bot, post, f"studybot:picks:{round_id}", ["1"], who=BEA)
    assert embed_of(half)["title"] == "🟡 Partly right: 50 %"
    assert fields(embed_of(half))["Missed"] == "✗ Data augmentation"


async def test_quiz_on_a_choice_question_offers_practice_buttons(bot: DiscordHarness):
    reply = await bot.slash("quiz", {"topic": "output-layers"})
    message = bot.fake.messages[max(bot.fake.messages)]
    ids = [c["custom_id"] for c in components(reply["data"])]
    assert ids == [
        "studybot:quiz-pick:t-choice:1",
        "studybot:quiz-pick:t-choice:2",
        "studybot:quiz-pick:t-choice:3",
    ]
    assert fields(embed_of(reply))["Options"].startswith("**1.** ReLU")
    feedback = await bot.click(message, "studybot:quiz-pick:t-choice:2")
    assert embed_of(feedback)["title"] == "✅ Correct: 100 %"
    assert "Practice" in embed_of(feedback)["description"]


async def test_a_non_answer_in_the_form_is_refused_and_the_attempt_stays(bot: DiscordHarness):
    await bot.set_up_channel(packs="types", order="sequential")
    round_id, post = await bot.post_today()
    refused = await bot.submit(f"studybot:answer-form:{round_id}", "idk")
    assert refused["data"]["flags"] & EPHEMERAL
    assert "No attempt used" in refused["data"]["content"]
    assert not refused["data"].get("embeds")  # no feedback, no model answer
    counted = await bot.click(post, f"studybot:pick:{round_id}:2")
    assert "Counted" in embed_of(counted)["description"]
