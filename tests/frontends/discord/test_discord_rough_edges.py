"""Rough edges on Discord: spellings, names with spaces, cohort creators, status, appeals, the board."""

from __future__ import annotations

import json

from discord_harness import ADMIN, GOOD_ANSWER, DiscordHarness
from test_discord_flows import buttons, embed_of


def shown(reply: dict) -> str:
    return json.dumps(embed_of(reply), ensure_ascii=False)


async def test_quiz_topics_accept_us_and_uk_spellings_and_autocomplete_offers_either(bot: DiscordHarness):
    reply = await bot.slash("quiz", {"topic": "Regularisation"})
    assert buttons(reply["data"]) == ["studybot:quiz:dl-dropout"]
    topics = await bot.autocomplete("quiz", {"topic": "normalis"}, "topic")
    assert [c["value"] for c in topics] == ["normalization"]


async def test_a_cohort_with_spaces_adds_its_creator_and_suggests_a_command_that_works(bot: DiscordHarness):
    created = await bot.slash("cohort", {"name": "Night Owls"}, sub="create", who=ADMIN, admin=True)
    message = embed_of(created)["description"]
    assert "added you" in message and "`/cohort join name:Night Owls`" in message
    listed = await bot.slash("cohort", {}, sub="list", who=ADMIN)
    assert "Night Owls" in shown(listed) and "1 member" in shown(listed) and "1 members" not in shown(listed)
    joined = await bot.slash("cohort", {"name": '"Night Owls"'}, sub="join")  # quotes typed in the field
    assert "You joined Night Owls (2 members)" in embed_of(joined)["description"]


async def test_status_names_the_open_question_instead_of_a_round_id(bot: DiscordHarness):
    await bot.set_up_channel(days="mon-sun")
    await bot.post_today()
    status = await bot.slash("studybot", {}, sub="status", who=ADMIN, admin=True)
    fields = {f["name"]: f["value"] for f in embed_of(status)["fields"]}
    assert fields["Open question"].startswith("Why does dropout reduce overfitting")
    assert "Open round" not in fields


async def test_setup_days_mon_sun_reads_every_day(bot: DiscordHarness):
    reply = await bot.slash("studybot", {"days": "mon-sun"}, sub="setup", who=ADMIN, admin=True)
    text = shown(reply)
    assert "every day" in text and "on daily" not in text


async def test_a_full_score_has_no_appeal_button_and_a_partial_one_has(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    full = await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    assert embed_of(full)["title"].endswith("100 %")
    assert buttons(full["data"]) == [] and "Appeal" not in embed_of(full)["footer"]["text"]
    partial = await bot.submit(f"studybot:answer-form:{round_id}", "Dropout randomly drops units.")
    assert [b.split(":")[1] for b in buttons(partial["data"])] == ["appeal"]


async def test_the_leaderboard_marks_your_row_and_says_1_answer(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    board = embed_of(await bot.slash("leaderboard"))["description"]
    assert "1 answer ·" in board and "1 answers" not in board
    assert "% correct" in board and board.endswith("← you")
