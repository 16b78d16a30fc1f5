"""Rough edges on Slack: quoted names, cohort creators, spellings, status, appeals, the board."""

from __future__ import annotations

import json
import re

from slack_harness import GOOD_ANSWER, Harness
from test_slack_flows import answer_round

from bot.frontends.slack.blocks import APPEAL


def text_of(reply: dict) -> str:
    return json.loads(json.dumps(reply))["blocks"][0]["text"]["text"]


def action_ids(message: dict) -> list[str]:
    return [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


async def test_a_quoted_cohort_name_works_and_the_suggested_command_works_as_typed(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    created = text_of(await bot.command("/cohort", 'create name="Night Owls"', user="UADMIN"))
    assert "added you" in created
    suggested = re.search(r"`/cohort (join name=[^`]+)`", created)
    assert suggested and suggested[1] == 'join name="Night Owls"'
    joined = text_of(await bot.command("/cohort", suggested[1], user="U9"))
    assert "You joined Night Owls (2 members)" in joined
    typographic = text_of(await bot.command("/cohort", "leave name=\u201cNight Owls\u201d", user="U9"))
    assert "You left Night Owls (1 member left)" in typographic
    unquoted = text_of(await bot.command("/cohort", "join Night Owls", user="U9"))
    assert 'name="Night Owls"' in unquoted


async def test_quiz_topics_and_option_values_accept_us_and_uk_spellings(bot: Harness) -> None:
    reply = await bot.command("/quiz", "topic=regularisation")
    button = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["value"] == "dl-dropout"
    board = text_of(await bot.command("/leaderboard", "Period=WEEK"))
    assert "Leaderboard" in board and "(week)" in board


async def test_status_names_the_open_question_and_setup_reads_every_day(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    setup = text_of(await bot.command("/studybot", "setup days=mon-sun", user="UADMIN"))
    assert "every day" in setup and "on daily" not in setup
    await bot.post_now()
    status = text_of(await bot.command("/studybot", "status", user="UADMIN"))
    assert "*Open question:* Why does dropout reduce overfitting" in status
    assert "Open round" not in status


async def test_a_full_score_has_no_appeal_button_and_the_board_marks_your_row(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    full = await answer_round(bot, round_id, "U7", GOOD_ANSWER)
    assert "100%" in json.dumps(full["blocks"]) and APPEAL not in action_ids(full)
    partial = await answer_round(bot, round_id, "U8", "Dropout randomly drops units.")
    assert action_ids(partial) == [APPEAL]
    board = text_of(await bot.command("/leaderboard", "", user="U7"))
    mine = next(line for line in board.splitlines() if "(you)" in line)
    assert "1 answer ·" in mine and "% correct" in mine and "1 answers" not in board


async def test_help_names_only_the_commands_slack_registers_and_setup_as_studybot_setup(bot: Harness) -> None:
    overview = json.dumps(await bot.command("/studybot", "help"))
    assert "/quiz:" in overview and "/cohort:" in overview and "/studybot setup:" in overview
    assert "/hint:" not in overview and "/help:" not in overview and "\\n/setup" not in overview
    assert "press Hint" in overview
