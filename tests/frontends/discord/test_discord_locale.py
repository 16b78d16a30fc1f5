"""Private replies follow the language of the member's Discord client; the command picker is translated."""

from __future__ import annotations

import json

import discord_payloads as p
from discord_harness import GOOD_ANSWER, DiscordHarness

EPHEMERAL = 64


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


def labels(data: dict) -> list[str]:
    return [c["label"] for c in p.flatten_components(data.get("components") or []) if "label" in c]


async def test_answer_feedback_is_german_for_a_german_client_and_english_otherwise(bot: DiscordHarness):
    await bot.set_up_channel(packs="test")
    round_id, post = await bot.post_today()
    form = await bot.click(post, f"studybot:answer:{round_id}", locale="de")
    assert form["kind"] == 9
    assert form["data"]["title"].startswith("Antwort: ")
    assert "Deine Antwort (nur du siehst das Feedback)" in json.dumps(form["data"], ensure_ascii=False)

    feedback = await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER, locale="de")
    embed = embed_of(feedback)
    assert feedback["data"]["flags"] & EPHEMERAL
    assert embed["title"].startswith("✅ Richtig: ")
    assert "Gewertet: **+" in embed["description"] and "**Musterantwort**" in embed["description"]
    assert [f["name"] for f in embed["fields"]][:2] == ["Abgedeckt (3/3)", "Gefehlt"]
    assert embed["footer"]["text"].startswith("Frage dl-dropout")

    again = await bot.slash("history", {"id": 1})
    assert embed_of(again)["title"].startswith("✅ Correct: ")  # an English client reads English


async def test_quiz_streak_and_hint_refusal_follow_each_members_locale(bot: DiscordHarness):
    quiz = await bot.slash("quiz", {"topic": "regularization"}, locale="es-ES")
    embed = embed_of(quiz)
    assert embed["title"] == "Práctica · intermedio"
    assert [f["name"] for f in embed["fields"]] == ["Temas", "Por qué esta"]
    assert embed["footer"]["text"] == "pregunta dl-dropout · la práctica no da puntos"
    assert labels(quiz["data"]) == ["Responder"]

    streak = embed_of(await bot.slash("streak", locale="de"))
    assert streak["title"] == "Serie · Ana"
    assert [f["name"] for f in streak["fields"]] == ["Aktuell", "Längste", "Freezes", "Heute"]
    assert streak["fields"][0]["value"] == "0 Tage 🔥"

    refused = await bot.slash("hint", locale="es-419")
    assert refused["data"]["flags"] & EPHEMERAL
    assert refused["data"]["content"] == ("Ahora mismo no hay ninguna pregunta abierta en este canal; las "
                                          "pistas llegan con la pregunta diaria.")
    english = await bot.slash("hint", locale="en-GB")
    assert english["data"]["content"].startswith("No question is open in this channel right now")


async def test_an_unshipped_language_gets_the_default_english(bot: DiscordHarness):
    reply = embed_of(await bot.slash("streak", locale="ja"))
    assert reply["title"] == "Streak · Ana" and reply["fields"][0]["name"] == "Current"


async def test_admin_replies_and_permission_errors_are_translated(bot: DiscordHarness):
    refused = await bot.slash("studybot", sub="status", locale="de")
    assert refused["data"]["content"].startswith("`/studybot status` ist für Mitglieder mit der Berechtigung")
    status = embed_of(await bot.slash("studybot", sub="status", admin=True, locale="es-ES"))
    assert status["title"] == "Este canal no tiene horario"
    assert status["description"].startswith("Ejecuta `/studybot setup` aquí")


async def test_command_picker_descriptions_are_localized_but_names_stay_english(bot: DiscordHarness):
    synced = next(iter(bot.fake.commands.values()))
    cohort = next(c for c in synced if c["name"] == "cohort")
    create = next(o for o in cohort["options"] if o["name"] == "create")
    assert create["description"] == "Create a cohort in this server"
    assert create["description_localizations"]["de"] == "Eine Kohorte auf diesem Server erstellen"
    assert create["description_localizations"]["es-ES"] == "Crea una cohorte en este servidor"
    assert "name_localizations" not in create or not create["name_localizations"]
    role = next(o for o in create["options"] if o["name"] == "role")
    assert role["description_localizations"]["de"] == "eine Rolle, der die Kohorte folgt (optional)"
    admin = next(c for c in synced if c["name"] == "studybot")
    assert admin["description_localizations"]["es-ES"].startswith("Admin: programa y gestiona")
    for command in synced:
        for text in (command.get("description_localizations") or {}).values():
            assert 1 <= len(text) <= 100


async def test_a_spanish_answer_does_not_turn_the_public_count_spanish(bot: DiscordHarness):
    await bot.set_up_channel(packs="test")
    round_id, post = await bot.post_today()
    feedback = await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER, locale="es-ES")
    assert embed_of(feedback)["title"].startswith("✅ Correcta: ")
    edits = rf"/channels/{p.CHANNEL_ID}/messages/{post['id']}"
    await bot.fake.wait_for(lambda: bot.fake.requests("PATCH", edits), "the live count to be edited")
    assert bot.fake.messages[int(post["id"])]["content"] == "**1** answered"
