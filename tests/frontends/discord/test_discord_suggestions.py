"""/suggest on the loopback fake of Discord: the form, its review, the DM to the author, the post."""

from __future__ import annotations

import discord_payloads as p
import pytest
from discord_harness import ADMIN, ADMIN_ACTOR, MEMBER, DiscordHarness

from bot.content.suggestion_rules import SuggestionRules
from bot.core.models import Actor, ChannelRef, MemberRef, Platform

EPHEMERAL = 64
FORM = {
    "prompt": "Why do we normalise inputs before training a network?",
    "answer": "Normalising inputs puts features on a similar scale, which makes gradient descent converge "
              "faster and more stably.",
    "topics": "training",
    "difficulty": "beginner",
    "points": "similar scale; converge faster\nHints: think of the loss surface",
}


@pytest.fixture
async def bot_with_rules(bot: DiscordHarness) -> DiscordHarness:
    bot.service.rules = SuggestionRules()
    return bot


def embed_of(reply: dict) -> dict:
    return reply["data"]["embeds"][0]


async def test_a_suggestion_from_the_form_is_approved_posted_credited_and_graded(bot_with_rules):
    bot = bot_with_rules
    form = await bot.slash("suggest")
    assert form["kind"] == 9 and form["data"]["custom_id"] == "studybot:suggest-form"
    inputs = [c["custom_id"] for c in p.flatten_components(form["data"]["components"]) if c.get("type") == 4]
    assert inputs == ["prompt", "answer", "topics", "difficulty", "points"]

    sent = await bot.submit_form("studybot:suggest-form", FORM)
    assert sent["data"]["flags"] & EPHEMERAL and embed_of(sent)["title"] == "Suggestion #1 sent"
    stored = await bot.service.store.get_suggestion(1)
    assert stored.question["hints"] == ["think of the loss surface"]
    assert [k["text"] for k in stored.question["key_points"]] == ["similar scale", "converge faster"]

    listed = await bot.slash("studybot", {}, sub="suggestions", who=ADMIN, admin=True)
    assert "Why do we normalise inputs" in embed_of(listed)["description"]
    approved = await bot.slash("studybot", {"action": "approve", "id": 1, "reason": "Great question"},
                               sub="suggestions", who=ADMIN, admin=True)
    said = embed_of(approved)["description"]
    assert "approved" in said and "Self-test: passed" in said
    dm = (await bot.fake.wait_for(lambda: bot.fake.posts_in(p.MEMBER_ID + 1) or None, "the author's DM"))[-1]
    note = dm["embeds"][0]["description"]
    assert "was approved" in note and "Great question" in note

    await bot.set_up_channel(packs="community")
    round_id, post = await bot.post_today()
    assert post["embeds"][0]["description"] == FORM["prompt"]
    assert "suggested by Ana" in post["embeds"][0]["footer"]["text"]
    reply = "It puts features on a similar scale so gradient descent can converge faster."
    feedback = await bot.submit(f"studybot:answer-form:{round_id}", reply)
    assert embed_of(feedback)["title"].startswith("✅ Correct")
    board = await bot.slash("authors")
    assert "1. Ana · 1 approved" in embed_of(board)["description"]


async def test_a_refused_form_is_answered_privately_with_every_field_listed_back(bot_with_rules):
    bot = bot_with_rules
    refused = await bot.submit_form("studybot:suggest-form", {**FORM, "difficulty": "hard"})
    embed = embed_of(refused)
    assert refused["data"]["flags"] & EPHEMERAL and embed["title"] == "Suggestion not saved"
    assert "difficulty: 'hard' is not one of" in embed["description"]
    shown = {f["name"]: f["value"] for f in embed["fields"]}
    assert shown["prompt"] == FORM["prompt"] and shown["difficulty"] == "hard"
    assert shown["hints"] == "think of the loss surface"
    assert await bot.service.store.get_suggestion(1) is None


async def test_rejection_edit_and_member_refusal_over_discord(bot_with_rules):
    bot = bot_with_rules
    await bot.submit_form("studybot:suggest-form", FORM)
    denied = await bot.slash("studybot", {"action": "approve", "id": 1}, sub="suggestions", who=MEMBER)
    assert "Manage Server" in (denied["data"].get("content") or embed_of(denied)["description"])
    edited = await bot.slash("studybot", {"action": "edit", "id": 1, "difficulty": "advanced"},
                             sub="suggestions", who=ADMIN, admin=True)
    assert {f["name"]: f["value"] for f in embed_of(edited)["fields"]}["difficulty"] == "advanced"
    rejected = await bot.slash("studybot", {"action": "reject", "id": 1, "reason": "Covered in week 1"},
                               sub="suggestions", who=ADMIN, admin=True)
    assert "rejected" in embed_of(rejected)["description"]
    dm = (await bot.fake.wait_for(lambda: bot.fake.posts_in(p.MEMBER_ID + 1) or None, "the author's DM"))[-1]
    note = dm["embeds"][0]["description"]
    assert "not accepted" in note and "Covered in week 1" in note


def test_the_form_and_the_refusal_fit_discord_limits_even_for_huge_fields():
    from discord_limits import (
        MODAL_TITLE,
        PLACEHOLDER,
        ROWS,
        TEXT_INPUT_LABEL,
        TEXT_INPUT_MAX,
        embed_problems,
    )

    from bot.frontends.discord.suggestions import fields_embed, suggest_modal

    huge = {name: "x" * 9000 for name in ("prompt", "answer", "topics", "difficulty", "points", "hints")}
    data = suggest_modal(huge).to_dict()
    assert len(data["title"]) <= MODAL_TITLE and len(data["components"]) <= ROWS
    for row in data["components"]:
        (field,) = row["components"]
        assert len(field["label"]) <= TEXT_INPUT_LABEL and len(field.get("placeholder") or "") <= PLACEHOLDER
        assert len(field.get("value") or "") <= field["max_length"] <= TEXT_INPUT_MAX
    assert embed_problems(fields_embed("Suggestion not saved", "y" * 9000, huge).to_dict()) == []


async def test_quiz_in_a_channel_with_the_community_pack_gives_the_approved_suggestion(bot_with_rules):
    bot = bot_with_rules
    await bot.submit_form("studybot:suggest-form", FORM)
    await bot.slash("studybot", {"action": "approve", "id": 1}, sub="suggestions", who=ADMIN, admin=True)
    await bot.set_up_channel(packs="community")
    elsewhere = ChannelRef(Platform.DISCORD, str(p.GUILD_ID), str(p.CHANNEL_ID + 50), "other")
    await bot.service.setup(elsewhere, ADMIN_ACTOR, {"packs": "test"})  # another channel's packs
    for _ in range(2):  # the channel's pack only: the suggestion again, not the other channel's questions
        reply = await bot.slash("quiz")
        assert reply["data"]["flags"] & EPHEMERAL
        assert embed_of(reply)["description"] == FORM["prompt"]
        message = bot.fake.messages[max(bot.fake.messages)]
        form = await bot.click(message, "studybot:quiz:suggestion-1")
        assert form["data"]["custom_id"] == "studybot:quiz-form:suggestion-1"
        reply = "It puts features on a similar scale so gradient descent can converge faster."
        feedback = await bot.submit("studybot:quiz-form:suggestion-1", reply)
        assert embed_of(feedback)["title"].startswith("✅ Correct")
        assert "Practice" in embed_of(feedback)["description"]


async def approved_in(bot: DiscordHarness, guild_id: int) -> str:
    """Suggest and approve FORM in that server; the new question's id."""
    member = MemberRef(Platform.DISCORD, str(guild_id), str(p.MEMBER_ID + 1), "Ana")
    stored = await bot.service.suggest(member, ChannelRef(Platform.DISCORD, str(guild_id), "1"), FORM)
    admin = Actor(MemberRef(Platform.DISCORD, str(guild_id), str(p.ADMIN_ID), "Lead"), is_admin=True)
    return (await bot.service.approve_suggestion(admin, stored.id)).suggestion.question_id


async def test_quiz_topic_autocomplete_offers_the_topics_of_the_channels_packs(bot_with_rules):
    bot = bot_with_rules
    await approved_in(bot, p.GUILD_ID)
    await bot.set_up_channel(packs="community")
    assert [c["value"] for c in await bot.autocomplete("quiz", {"topic": ""}, "topic")] == ["training"]
    await bot.set_up_channel(packs="all")
    offered = [c["value"] for c in await bot.autocomplete("quiz", {"topic": ""}, "topic")]
    assert "training" in offered and "regularization" in offered


async def test_a_quiz_form_naming_another_servers_question_is_refused_and_nothing_recorded(bot_with_rules):
    bot = bot_with_rules
    other_id = await approved_in(bot, p.OTHER_GUILD_ID)
    reply = await bot.submit(f"studybot:quiz-form:{other_id}", "It puts features on a similar scale.")
    said = str(reply["data"])
    assert reply["data"]["flags"] & EPHEMERAL
    assert f"Question `{other_id}` is not in this community" in said and FORM["prompt"] not in said
    ana = MemberRef(Platform.DISCORD, str(p.GUILD_ID), str(p.MEMBER_ID), "Ana")
    assert await bot.service.store.member_answers(ana) == []
