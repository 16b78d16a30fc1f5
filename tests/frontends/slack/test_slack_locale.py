"""Private replies follow the Slack member's locale (users.info with include_locale, looked up once)."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from fake_slack_api import command_body, form
from slack_harness import GOOD_ANSWER, Harness, click, submission

from bot.frontends.slack.blocks import ANSWER


def text_of(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False)


def lookups(bot: Harness, user: str) -> list[dict]:
    return [c.params for c in bot.fake.called("users.info") if c.params.get("user") == user]


async def test_a_spanish_member_gets_spanish_replies_and_is_looked_up_once(bot: Harness) -> None:
    bot.fake.locales["U2"] = "es-ES"
    streak = text_of(await bot.command("/streak", ""))
    assert "*Racha actual:* 0" in streak and "*Hoy:*" in streak and "Current streak" not in streak
    board = text_of(await bot.command("/leaderboard", ""))
    assert "*Clasificación* (total)" in board
    unknown = text_of(await bot.command("/studybot", "frobnicate"))
    assert "`/studybot frobnicate` no es un comando; prueba `/studybot help`." in unknown
    english = text_of(await bot.command("/streak", "", user="U3"))
    assert "*Current streak:* 0" in english
    asked = lookups(bot, "U2")
    assert len(asked) == 1 and str(asked[0]["include_locale"]).lower() in ("1", "true")


async def test_a_german_member_answers_through_a_german_form_and_gets_german_feedback(bot: Harness) -> None:
    round_id, _post = await bot.post_now()
    bot.fake.locales["U2"] = "de-DE"
    before_views = len(bot.fake.called("views.open"))
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: len(bot.fake.called("views.open")) > before_views)
    view = bot.fake.called("views.open")[-1].params["view"]
    assert view["title"]["text"] == "Frage des Tages"
    assert view["submit"]["text"] == "Senden" and view["close"]["text"] == "Abbrechen"
    assert "Erkläre es in deinen eigenen Worten. Bis zu 3.000 Zeichen" in text_of(view)
    before = len(bot.fake.called("chat.postEphemeral"))
    await bot.interact(submission(view, GOOD_ANSWER))
    await bot.fake.wait(lambda: len(bot.fake.called("chat.postEphemeral")) > before)
    feedback = bot.fake.called("chat.postEphemeral")[-1].params
    rendered = text_of(feedback["blocks"])
    assert ":white_check_mark: *Richtig*" in rendered and "Gewertet: +" in rendered
    assert "*Musterantwort*" in rendered and "Model answer" not in rendered


async def test_the_home_tab_and_the_suggestion_form_are_in_the_members_language(bot: Harness) -> None:
    bot.fake.locales["U2"] = "es-419"
    opened = {"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"}
    status = await bot.event(opened, "Ev1")
    assert status == 200
    await bot.fake.wait(lambda: bool(bot.fake.called("views.publish")))
    home = text_of(bot.fake.called("views.publish")[-1].params["view"])
    assert "Ningún canal de este espacio de trabajo tiene aún preguntas diarias" in home
    form = await bot.command_opening_form("/suggest", "")
    assert form["title"]["text"] == "Propón una pregunta" and form["submit"]["text"] == "Enviar a revisión"
    assert all(len(form[k]["text"]) <= 24 for k in ("title", "submit", "close"))
    assert "Lo que deben responder los miembros" in text_of(form)


async def test_a_failed_locale_lookup_is_logged_and_the_reply_comes_in_english(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.locales["U2"] = "de-DE"
    bot.fake.rate_limits["users.info"] = 10  # more 429s than the client retries
    with caplog.at_level(logging.WARNING):
        reply = text_of(await bot.command("/streak", ""))
    assert "*Current streak:* 0" in reply
    assert any("users.info failed for U2" in r.getMessage() for r in caplog.records)


async def test_a_german_answer_keeps_the_public_post_and_its_count_in_its_language(bot: Harness) -> None:
    round_id, post_ts = await bot.post_now()
    bot.fake.locales["U2"] = "de-DE"
    before_views = len(bot.fake.called("views.open"))
    await bot.interact(click(ANSWER, str(round_id)))
    await bot.fake.wait(lambda: len(bot.fake.called("views.open")) > before_views)
    await bot.interact(submission(bot.fake.called("views.open")[-1].params["view"], GOOD_ANSWER))
    await bot.fake.wait(lambda: bool(bot.fake.called("chat.update")))
    await bot.frontend.messenger.drain()
    edit = bot.fake.called("chat.update")[-1].params
    assert edit["ts"] == post_ts
    shown = text_of(edit["blocks"])
    assert "*1 answered*" in shown and "Question of the day" in shown and "beantwortet" not in shown


async def test_a_burst_of_commands_from_one_member_costs_one_locale_lookup(bot: Harness) -> None:
    bot.fake.locales["U7"] = "de-DE"
    before = len(bot.fake.responses)
    bodies = [form(command_body("/streak", "", user="U7", response_url=bot.fake.response_url()))
              for _ in range(4)]
    statuses = await asyncio.gather(*(bot.post(b, "application/x-www-form-urlencoded") for b in bodies))
    assert [status for status, _text in statuses] == [200] * 4
    await bot.fake.wait(lambda: len(bot.fake.responses) >= before + 4)
    replies = [text_of(r) for r in bot.fake.responses[before:]]
    assert all("*Aktuelle Serie:* 0" in r for r in replies)
    assert len(lookups(bot, "U7")) == 1
