"""A replayed signed form submission records nothing and is answered as the first one was."""

from __future__ import annotations

from fake_slack_api import interaction, sign
from slack_harness import GOOD_ANSWER, Harness, click, submission

from bot.frontends.slack.blocks import ANSWER

FORM = "application/x-www-form-urlencoded"


async def open_form(bot: Harness, round_id: int) -> dict:
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: bool(bot.fake.called("views.open")))
    return bot.fake.called("views.open")[-1].params["view"]


async def stored_answers(bot: Harness) -> int:
    return len([row async for row in bot.service.store.iter_answers()])


async def test_a_replayed_submission_records_nothing_and_gets_the_same_reply(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    view = await open_form(bot, round_id)
    body = interaction(submission(view, GOOD_ANSWER))
    headers = sign(body)  # the very request Slack signed, sent twice within bolt's 5 minutes

    first = await bot.post(body, FORM, headers=headers, signed=False)
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) == 1)
    replayed = await bot.post(body, FORM, headers=headers, signed=False)
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) == 2)

    assert replayed == first
    sent = [c.params for c in bot.fake.called("chat.postEphemeral")]
    assert sent[1]["blocks"] == sent[0]["blocks"] and sent[1]["user"] == sent[0]["user"] == "U2"
    assert "Correct" in sent[0]["text"]
    assert await stored_answers(bot) == 1
    assert await bot.service.store.answer_count(round_id) == 1

    await bot.interact(submission(view, GOOD_ANSWER + " It also averages thinned networks."))
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) == 3)
    assert "already answered" in str(bot.fake.called("chat.postEphemeral")[2].params["blocks"])
    assert await stored_answers(bot) == 2  # a new text in the same form is an answer, not a replay


async def test_a_replayed_refusal_is_refused_again_in_the_same_words(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    outsider = {**submission(await open_form(bot, round_id), GOOD_ANSWER, user="U9"),
                "team": {"id": "T2", "domain": "t2"}}
    body = interaction(outsider)
    headers = sign(body)
    for sent in (1, 2):
        await bot.post(body, FORM, headers=headers, signed=False)
        await bot.fake.wait(lambda sent=sent: len(bot.fake.called("chat.postEphemeral")) == sent)
    first, again = (c.params for c in bot.fake.called("chat.postEphemeral"))
    assert "belongs to another workspace" in first["text"] and again["blocks"] == first["blocks"]
    assert await stored_answers(bot) == 0
