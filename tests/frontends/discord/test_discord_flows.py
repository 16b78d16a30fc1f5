"""End to end: practice, hints, appeals, cohorts, counts, the reveal, thread answers and failures."""

from __future__ import annotations

import logging
from dataclasses import replace

import discord_payloads as p
from discord_harness import (
    ADMIN,
    ADMIN_ACTOR,
    BANK,
    CHANNEL,
    GOOD_ANSWER,
    MEMBER,
    MONDAY_MORNING,
    DiscordHarness,
)
from fake_discord import FakeDiscord

from bot.core.clocks import SimulatedClock
from bot.core.service import StudyService
from bot.frontends.discord.replies import APOLOGY
from bot.store import open_store

EPHEMERAL = 64


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


def buttons(data: dict) -> list[str]:
    return [c["custom_id"] for c in p.flatten_components(data.get("components") or []) if "custom_id" in c]


async def test_quiz_gives_a_private_practice_question_that_can_be_answered(bot: DiscordHarness):
    reply = await bot.slash("quiz", {"topic": "regularization"})
    assert reply["data"]["flags"] & EPHEMERAL
    assert embed_of(reply)["description"] == "Why does dropout reduce overfitting in neural networks?"
    assert buttons(reply["data"]) == ["studybot:quiz:dl-dropout"]
    message = bot.fake.messages[max(bot.fake.messages)]
    form = await bot.click(message, "studybot:quiz:dl-dropout")
    assert form["kind"] == 9 and form["data"]["custom_id"] == "studybot:quiz-form:dl-dropout"
    feedback = await bot.submit("studybot:quiz-form:dl-dropout", GOOD_ANSWER)
    assert embed_of(feedback)["title"].startswith("✅ Correct")
    assert "Practice" in embed_of(feedback)["description"]


async def test_autocomplete_suggests_topics_and_timezones(bot: DiscordHarness):
    topics = await bot.autocomplete("quiz", {"topic": "reg"}, "topic")
    assert [c["value"] for c in topics] == ["regularization"]
    zones = await bot.autocomplete("studybot", {"tz": "berl"}, "tz", sub="setup")
    assert "Europe/Berlin" in [c["value"] for c in zones]
    assert len(await bot.autocomplete("studybot", {"tz": ""}, "tz", sub="setup")) == 25


async def test_hint_button_shows_hints_one_by_one_privately(bot: DiscordHarness):
    await bot.set_up_channel(packs="test")
    round_id, post = await bot.post_today()
    first = await bot.click(post, f"studybot:hint:{round_id}:1")
    assert first["data"]["flags"] & EPHEMERAL
    assert embed_of(first)["title"] == "Hint 1 of 2"
    assert buttons(first["data"]) == [f"studybot:hint:{round_id}:2"]
    second = await bot.slash("hint")
    assert embed_of(second)["title"] == "Hint 1 of 2"


async def test_hint_without_an_open_round_is_explained(bot: DiscordHarness):
    reply = await bot.slash("hint")
    assert "No question is open" in reply["data"]["content"]


async def test_a_burst_of_answers_becomes_few_edits_of_the_live_count(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    members = [p.user(p.MEMBER_ID + i, f"member{i}") for i in range(6)]
    for who in members:
        await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER, who=who)
    await bot.fake.wait_for(lambda: bot.fake.messages[int(post["id"])]["content"] == "**6** answered",
                            "the count to reach 6")
    edits = bot.fake.requests("PATCH", rf"/channels/{p.CHANNEL_ID}/messages/{post['id']}")
    assert 1 <= len(edits) < len(members)


async def test_closing_the_round_reveals_the_model_answer_under_the_post(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, post = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    summary = await bot.service.close_round(round_id)
    assert summary is not None
    thread_id = int(post["id"])
    assert thread_id in bot.fake.threads
    reveal = bot.fake.posts_in(thread_id)[-1]["embeds"][0]
    assert reveal["title"] == "Round closed: the model answer"
    assert summary.question.answer in reveal["description"]
    assert {f["name"]: f["value"] for f in reveal["fields"]}["Answers"] == "1"


async def test_an_appeal_reaches_the_admins_list(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    feedback = await bot.submit(f"studybot:answer-form:{round_id}", "Dropout is when the model drops out.")
    appeal_id = buttons(feedback["data"])[0]
    message = bot.fake.messages[max(bot.fake.messages)]
    form = await bot.click(message, appeal_id)
    assert form["kind"] == 9
    filed = await bot.submit(form["data"]["custom_id"], "I meant units are dropped at random.")
    assert embed_of(filed)["title"] == "Appeal filed"
    listed = await bot.slash("studybot", {}, sub="appeals", who=ADMIN, admin=True)
    assert "I meant units are dropped at random." in embed_of(listed)["fields"][0]["value"]


async def test_cohorts_can_be_created_joined_and_listed(bot: DiscordHarness):
    created = await bot.slash("cohort", {"name": "night-owls"}, sub="create", who=ADMIN, admin=True)
    assert embed_of(created)["title"] == "Cohort created"
    joined = await bot.slash("cohort", {"name": "night-owls"}, sub="join")
    assert embed_of(joined)["title"] == "Cohort joined"
    listed = await bot.slash("cohort", {}, sub="list")
    assert "night-owls" in embed_of(listed)["description"]


async def test_streak_shows_todays_status(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    reply = await bot.slash("streak")
    fields = {f["name"]: f["value"] for f in embed_of(reply)["fields"]}
    assert fields["Current"] == "1 day 🔥"
    assert fields["Today"].startswith("answered")


async def test_export_arrives_as_a_private_csv_file(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    reply = await bot.slash("studybot", {"period": "all"}, sub="export", who=ADMIN, admin=True)
    assert reply["data"]["flags"] & EPHEMERAL
    call = bot.fake.requests("POST", r"/webhooks/\d+/[^/]+")[-1]
    (name, content), = call.files.items()
    assert name == "studybot-daily-question-all.csv"
    assert "Ana" in content.decode()


async def test_an_unexpected_failure_becomes_an_apology_and_a_log_line(fake, settings, tmp_path, caplog):
    store = await open_store(tmp_path / "broken.db")
    service = StudyService(store, BANK, SimulatedClock(MONDAY_MORNING))
    harness = DiscordHarness(fake, service, settings)
    await harness.start()
    try:
        await store.close()
        with caplog.at_level(logging.ERROR, logger="studybot.discord"):
            reply = await harness.slash("leaderboard")
        assert reply["data"]["content"] == APOLOGY
        assert reply["data"]["flags"] & EPHEMERAL
        assert any("failed" in r.getMessage() for r in caplog.records)
    finally:
        await harness.frontend.stop()


async def thread_bot(service: StudyService, settings, *, granted: bool) -> tuple[FakeDiscord, DiscordHarness]:
    fake = FakeDiscord(message_content_granted=granted)
    await fake.start()
    await service.setup(CHANNEL, ADMIN_ACTOR, {"answers": "both"})
    harness = DiscordHarness(fake, service, replace(settings, discord_api_base=fake.api_base,
                                                    discord_gateway_url=fake.gateway_url))
    await harness.start()
    return fake, harness


async def test_thread_replies_are_graded_with_a_reaction_and_private_feedback(service, settings):
    fake, harness = await thread_bot(service, settings, granted=True)
    try:
        assert fake.identify["intents"] & (1 << 15)  # Message Content requested
        _, post = await harness.post_today()
        thread_id = int(post["id"])
        await fake.wait_for(lambda: thread_id in fake.threads, "the answer thread")
        reply = await fake.say_in_thread(thread_id, MEMBER, GOOD_ANSWER)
        await fake.wait_for(lambda: fake.reactions, "a verdict reaction")
        assert fake.reactions[0] == (thread_id, int(reply["id"]), "✅")
        dm = await fake.wait_for(lambda: fake.posts_in(p.MEMBER_ID + 1), "feedback by DM")
        assert dm[0]["embeds"][0]["title"].startswith("✅ Correct")
        assert not [m for m in fake.posts_in(thread_id) if m["embeds"]], "feedback must not be public"
    finally:
        await harness.frontend.stop()
        await fake.stop()


async def test_thread_mode_without_the_intent_warns_and_still_connects(service, settings, caplog):
    with caplog.at_level(logging.WARNING, logger="studybot.discord"):
        fake, harness = await thread_bot(service, settings, granted=False)
    try:
        assert not fake.identify["intents"] & (1 << 15)
        assert any("Message Content intent" in r.getMessage() for r in caplog.records)
        reply = await harness.slash("studybot", {"answers": "thread"}, sub="setup", who=ADMIN, admin=True)
        notes = [f["value"] for f in embed_of(reply)["fields"] if f["name"] == "Note"]
        assert notes and "Message Content intent" in notes[0]
    finally:
        await harness.frontend.stop()
        await fake.stop()


async def test_an_overlong_or_forged_submission_gets_a_polite_refusal(bot: DiscordHarness):
    await bot.set_up_channel()
    round_id, _ = await bot.post_today()
    too_long = await bot.submit(f"studybot:answer-form:{round_id}", "because " * 700)
    assert "4,000" in too_long["data"]["content"] or "4000" in too_long["data"]["content"]
    unknown = await bot.submit("studybot:answer-form:424242", GOOD_ANSWER)
    assert unknown["data"]["flags"] & EPHEMERAL
    assert unknown["data"]["content"] != APOLOGY
    stale = await bot.submit("studybot:some-old-form:1", GOOD_ANSWER)
    assert "press the button again" in stale["data"]["content"]
    counted = await bot.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    assert "Counted" in embed_of(counted)["description"]


async def test_a_thread_answer_from_someone_with_closed_dms_gets_a_spoiler_free_note(service, settings):
    fake, harness = await thread_bot(service, settings, granted=True)
    try:
        fake.closed_dms.add(p.MEMBER_ID)
        _, post = await harness.post_today()
        thread_id = int(post["id"])
        await fake.wait_for(lambda: thread_id in fake.threads, "the answer thread")
        await fake.say_in_thread(thread_id, MEMBER, GOOD_ANSWER)
        note = await fake.wait_for(lambda: fake.posts_in(thread_id), "a note in the thread")
        assert "cannot DM you" in note[0]["content"]
        assert note[0]["embeds"] == []
        assert fake.reactions and fake.reactions[0][2] == "✅"
    finally:
        await harness.frontend.stop()
        await fake.stop()
