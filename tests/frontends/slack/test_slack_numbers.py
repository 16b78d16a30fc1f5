"""Numbers in Slack commands and buttons: odd digits or huge values get the allowed range, never a crash."""

from __future__ import annotations

import json

from slack_harness import Harness, click

from bot.frontends.slack.blocks import HINT

GENERIC = "went wrong on our side"


async def test_odd_digits_and_huge_numbers_in_admin_commands_are_refused_with_the_range(bot: Harness) -> None:
    bot.fake.admins.add("UADMIN")
    time_reply = json.dumps(await bot.command("/studybot", "setup time=99999999999999999999", user="UADMIN"))
    superscript = json.dumps(await bot.command("/studybot", "appeals accept ²", user="UADMIN"))
    huge = json.dumps(await bot.command("/studybot", "appeals reject #9999999999999999999999", user="UADMIN"))
    for reply in (time_reply, superscript, huge):
        assert GENERIC not in reply
    assert "`hour` must be from 0 to 23" in time_reply
    assert "whole number from 1 to 9,007,199,254,740,991" in superscript and "digits 0-9" in superscript
    assert "`id` must be from 1 to 9,007,199,254,740,991" in huge


async def test_a_hint_button_naming_a_superscript_hint_number_gets_words(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    status, _ = await bot.interact(click(HINT, f"{round_id}:²", response_url=bot.fake.response_url()))
    assert status == 200
    await bot.fake.wait(lambda: any("does not name" in json.dumps(r) or GENERIC in json.dumps(r)
                                    for r in bot.fake.responses))
    shown = json.dumps(bot.fake.responses)
    assert GENERIC not in shown and "This button does not name a hint" in shown
