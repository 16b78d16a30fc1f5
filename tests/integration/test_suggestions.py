"""Community suggestions on SQLite and PostgreSQL: suggest, review, post, grade, credit, limits."""

from __future__ import annotations

from datetime import date

import pytest

from bot.content.suggestion_rules import SuggestionRules
from bot.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.core.models import Actor, ChannelRef, MemberRef, Platform
from bot.core.suggestions import MAX_PENDING, SuggestionRefused
from tests.integration.rounds_support import ADMIN, CHANNEL, MEMBER, open_world

GOOD = {
    "prompt": "Why do we normalise inputs before training a network?",
    "answer": "Normalising inputs puts features on a similar scale, which makes gradient descent converge "
              "faster and more stably.",
    "topics": "training, optimisation",
    "difficulty": "beginner",
    "points": "similar scale; converge faster",
    "hints": "Think about the loss surface.",
}
GOOD_REPLY = "It puts the features on a similar scale so gradient descent can converge faster."


@pytest.fixture
async def world(db_target):
    w = await open_world(db_target, "2026-03-02T08:00+00:00")
    w.service.rules = SuggestionRules()
    yield w
    await w.store.close()


TOPICS = ("dropout", "batch normalisation", "weight decay", "early stopping", "data augmentation",
          "residual connections", "attention heads", "label smoothing")


def other(n: int) -> dict[str, str]:
    return {**GOOD, "prompt": f"What problem does {TOPICS[n]} solve when training deep networks?",
            "points": ""}


async def test_an_approved_suggestion_is_posted_by_a_later_round_credited_and_graded(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    assert stored.status == "pending" and stored.author == MEMBER
    review = await service.approve_suggestion(ADMIN, stored.id, "Clear and useful")
    assert review.suggestion.status == "approved" and review.test.passed and review.told_author
    note = world.platform.private[-1]
    assert note.member.user_id == "ana" and "approved" in note.text and "Clear and useful" in note.text

    await service.setup(CHANNEL, ADMIN, {"time": "09:00", "packs": "community"})
    world.at("2026-03-02T09:00+00:00")
    round_ = await service.open_round(CHANNEL, date(2026, 3, 2))
    post = world.platform.posts[-1]
    assert round_.question_id == stored.question_id == post.question.id
    assert post.question.prompt == GOOD["prompt"] and post.question.author == "ana"

    feedback = await service.submit_answer(MemberRef(Platform.CONSOLE, "local", "bo", "bo"), round_.id,
                                           GOOD_REPLY)
    assert feedback.grade.verdict == "correct" and feedback.counted
    assert [(a.member.user_id, a.approved) for a in await service.authors(MEMBER)] == [("ana", 1)]
    changes = await world.store.admin_changes((Platform.CONSOLE, "local"))
    assert changes[0].action == "approve-suggestion" and changes[0].user_id == "ana"


async def test_a_rejected_suggestion_tells_the_author_why_and_never_joins_the_pack(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    review = await service.reject_suggestion(ADMIN, stored.id, "Too close to lesson 2")
    assert review.suggestion.status == "rejected"
    assert "not accepted" in world.platform.private[-1].text
    assert "Too close to lesson 2" in world.platform.private[-1].text
    with pytest.raises(Conflict, match="already rejected"):
        await service.approve_suggestion(ADMIN, stored.id)
    assert await service.refresh_community(Platform.CONSOLE, "local") is not None
    assert service.community_questions(Platform.CONSOLE, "local") == ()
    assert [s.id for s in await service.list_suggestions(ADMIN, "rejected")] == [stored.id]


async def test_members_cannot_review_and_other_communities_cannot_see_a_suggestion(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    with pytest.raises(NotAllowed):
        await service.approve_suggestion(Actor(MEMBER, is_admin=False), stored.id)
    stranger = Actor(MemberRef(Platform.CONSOLE, "elsewhere", "boss", "boss"), is_admin=True)
    with pytest.raises(NotFound, match="no suggestion"):
        await service.approve_suggestion(stranger, stored.id)
    assert await service.list_suggestions(stranger) == []


async def test_edit_changes_fields_and_lints_again_and_a_broken_edit_changes_nothing(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    edited = await service.edit_suggestion(ADMIN, stored.id, {"difficulty": "advanced", "hints": "Scale."})
    assert edited.suggestion.question["difficulty"] == "advanced"
    assert (await world.store.get_suggestion(stored.id)).question["hints"] == ["Scale."]
    with pytest.raises(SuggestionRefused, match="difficulty") as refused:
        await service.edit_suggestion(ADMIN, stored.id, {"difficulty": "impossible"})
    assert refused.value.kept["prompt"] == GOOD["prompt"] and refused.value.kept["difficulty"] == "impossible"
    assert (await world.store.get_suggestion(stored.id)).question["difficulty"] == "advanced"


async def test_a_rule_broken_is_refused_with_every_field_kept(world):
    typed = {**GOOD, "difficulty": "hard", "points": "similar scale; similar scale"}
    with pytest.raises(SuggestionRefused) as refused:
        await world.service.suggest(MEMBER, CHANNEL, typed)
    message = str(refused.value)
    assert "difficulty: 'hard' is not one of beginner" in message and "credit only one key point" in message
    assert refused.value.kept == typed
    assert await world.store.list_suggestions((Platform.CONSOLE, "local")) == []


async def test_a_sixth_pending_suggestion_is_refused_until_one_is_reviewed(world):
    service = world.service
    stored = [await service.suggest(MEMBER, CHANNEL, other(n)) for n in range(MAX_PENDING)]
    with pytest.raises(SuggestionRefused, match=f"already have {MAX_PENDING} suggestions") as refused:
        await service.suggest(MEMBER, CHANNEL, other(MAX_PENDING))
    assert refused.value.kept["prompt"] == other(MAX_PENDING)["prompt"]
    await service.suggest(MemberRef(Platform.CONSOLE, "local", "bo", "bo"), CHANNEL, other(MAX_PENDING))
    await service.reject_suggestion(ADMIN, stored[0].id, "")
    assert (await service.suggest(MEMBER, CHANNEL, other(MAX_PENDING + 1))).status == "pending"


async def test_a_prompt_repeating_a_bundled_or_suggested_question_is_refused_naming_it(world):
    service = world.service
    with pytest.raises(SuggestionRefused, match="question t-03 of the test pack"):
        await service.suggest(MEMBER, CHANNEL, {**GOOD, "prompt": "explain, IDEA number 3!"})
    first = await service.suggest(MEMBER, CHANNEL, GOOD)
    twin = {**GOOD, "prompt": "Why do we normalize the inputs before training a network?"}
    with pytest.raises(SuggestionRefused, match=f"suggestion {first.id} in the suggestions waiting"):
        await service.suggest(MemberRef(Platform.CONSOLE, "local", "bo", "bo"), CHANNEL, twin)
    await service.approve_suggestion(ADMIN, first.id)
    with pytest.raises(SuggestionRefused, match=f"suggestion {first.id} in the community pack"):
        await service.suggest(MemberRef(Platform.CONSOLE, "local", "bo", "bo"), CHANNEL, twin)


async def test_approval_runs_the_self_test_and_refuses_a_rubric_its_answer_fails(world):
    service = world.service
    weak = {**GOOD, "points": "batch statistics; learning rate warmup"}  # not in the model answer
    stored = await service.suggest(MEMBER, CHANNEL, weak)
    shown = await service.show_suggestion(ADMIN, stored.id)
    assert not shown.test.passed and "the model answer: expected correct" in shown.test.mismatches[0]
    with pytest.raises(Conflict, match="self-test failed"):
        await service.approve_suggestion(ADMIN, stored.id)
    assert (await world.store.get_suggestion(stored.id)).status == "pending"
    await service.edit_suggestion(ADMIN, stored.id, {"points": "similar scale"})
    assert (await service.approve_suggestion(ADMIN, stored.id)).suggestion.status == "approved"


async def test_the_community_pack_stays_in_its_community(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    await service.approve_suggestion(ADMIN, stored.id)
    away = ChannelRef(Platform.CONSOLE, "elsewhere", "general", "general")
    boss = Actor(MemberRef(Platform.CONSOLE, "elsewhere", "boss", "boss"), is_admin=True)
    await service.setup(away, boss, {"time": "09:00"})
    schedule = await service.schedule_of(away)
    assert stored.question_id not in [q.id for q in service.pool(schedule)]
    with pytest.raises(InvalidInput, match="`community` pack has no questions yet"):
        await service.setup(away, boss, {"packs": "community"})


async def test_concurrent_suggestions_never_exceed_the_pending_limit(world):
    import asyncio
    from datetime import UTC, datetime

    attempts = [world.store.add_suggestion(MEMBER, "general", {"prompt": f"Question {n}?"},
                                           datetime(2026, 3, 2, tzinfo=UTC), MAX_PENDING) for n in range(12)]
    stored = [s for s in await asyncio.gather(*attempts) if s is not None]
    assert len(stored) == MAX_PENDING
    assert len(await world.store.list_suggestions((Platform.CONSOLE, "local"), "pending")) == MAX_PENDING


BO = MemberRef(Platform.CONSOLE, "local", "bo", "bo")


async def test_quiz_draws_the_community_pack_when_selected_and_never_the_open_rounds_question(world):
    service = world.service
    ids = set()
    for fields in (GOOD, other(0)):
        stored = await service.suggest(MEMBER, CHANNEL, fields)
        ids.add((await service.approve_suggestion(ADMIN, stored.id)).suggestion.question_id)
    await service.setup(CHANNEL, ADMIN, {"time": "09:00", "packs": "community"})
    first = await service.quiz(BO, channel=CHANNEL)
    assert first.question.id in ids and first.reason == "new" and first.question.author == "ana"

    # a process that has not read the community pack yet grades the practice answer all the same
    fresh = type(service)(world.store, service.bank, world.clock, default_tz="UTC")
    fresh.rules = SuggestionRules()
    assert (await fresh.practice_question(BO, first.question.id)).prompt == first.question.prompt
    stranger = MemberRef(Platform.CONSOLE, "elsewhere", "zed", "zed")
    assert await fresh.practice_question(stranger, first.question.id) is None  # not another community's
    feedback = await fresh.submit_quiz_answer(BO, first.question.id, GOOD_REPLY)
    assert feedback.practice_reason == "quiz" and not feedback.counted and feedback.grade.score > 0

    world.at("2026-03-02T09:00+00:00")
    round_ = await service.open_round(CHANNEL, date(2026, 3, 2))
    assert round_.question_id in ids
    for _ in range(3):  # the other community question, never today's
        assert (await service.quiz(BO, channel=CHANNEL)).question.id == (ids - {round_.question_id}).pop()


async def test_quiz_follows_the_channels_packs_and_elsewhere_the_communitys(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    await service.approve_suggestion(ADMIN, stored.id)
    seen = set()  # no schedule anywhere yet: every pack, the community's own included
    for _ in range(8):
        pick = await service.quiz(BO, channel=CHANNEL)
        seen.add(pick.question.id)
        await service.submit_quiz_answer(BO, pick.question.id, GOOD_REPLY)
    assert seen == {q.id for q in service.bank.questions()} | {stored.question_id}
    world.later(days=30)  # every card is due again: the picks below go by due date
    await service.setup(CHANNEL, ADMIN, {"time": "09:00", "packs": "extra"})
    side = ChannelRef(Platform.CONSOLE, "local", "random", "random")  # no schedule of its own
    for where in (CHANNEL, side, None):
        pick = await service.quiz(BO, channel=where)
        assert pick.question.id == "t-07", where  # the one question of the `extra` pack
    with pytest.raises(NotFound, match=r"No questions on topic `cnn`\. Topics: gan\."):
        await service.quiz(BO, topic="cnn", channel=CHANNEL)
    await service.setup(CHANNEL, ADMIN, {"packs": "extra,community"})
    picks = set()
    for _ in range(2):
        pick = await service.quiz(BO, channel=side)
        picks.add(pick.question.id)
        await service.submit_quiz_answer(BO, pick.question.id, GOOD_REPLY)
    assert picks == {"t-07", stored.question_id}


async def test_another_communitys_question_is_never_graded_shown_or_hinted(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    question_id = (await service.approve_suggestion(ADMIN, stored.id)).suggestion.question_id
    stranger = MemberRef(Platform.CONSOLE, "elsewhere", "zed", "zed")
    with pytest.raises(NotFound, match="not in this community's content"):
        await service.submit_quiz_answer(stranger, question_id, GOOD_REPLY)
    assert await service.practice_question(stranger, question_id) is None
    elsewhere = ChannelRef(Platform.CONSOLE, "elsewhere", "general")
    assert await service.find_question(elsewhere, question_id) is None
    assert await world.store.member_answers(stranger) == []
    assert (await service.question_for(BO, question_id)).prompt == GOOD["prompt"]


async def test_an_accepted_appeal_on_an_advanced_community_question_gives_advanced_points(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, {**GOOD, "difficulty": "advanced"})
    await service.approve_suggestion(ADMIN, stored.id)
    await service.setup(CHANNEL, ADMIN, {"time": "09:00", "packs": "community"})
    world.at("2026-03-02T09:00+00:00")
    round_ = await service.open_round(CHANNEL, date(2026, 3, 2))
    weak = await service.submit_answer(BO, round_.id, "The features end up on a similar scale.")
    assert weak.counted and weak.grade.verdict != "correct"
    appeal = await service.appeal(BO, weak.answer_id, "Similar scale is the point")
    await service.resolve_appeal(ADMIN, appeal.appeal.id, accept=True)
    rows = [r async for r in world.store.iter_answers(channel=CHANNEL)]
    assert (rows[0].score, rows[0].verdict, rows[0].points) == (1.0, "correct", 20)  # 10 x 2.0 for advanced


async def test_the_dashboard_views_name_a_community_question_after_a_restart(world):
    service = world.service
    stored = await service.suggest(MEMBER, CHANNEL, GOOD)
    await service.approve_suggestion(ADMIN, stored.id)
    await service.setup(CHANNEL, ADMIN, {"time": "09:00", "packs": "community"})
    world.at("2026-03-02T09:00+00:00")
    round_ = await service.open_round(CHANNEL, date(2026, 3, 2))
    await service.submit_answer(BO, round_.id, "The features end up on a similar scale.")
    fresh = type(service)(world.store, service.bank, world.clock, default_tz="UTC")  # a new process
    fresh.rules = SuggestionRules()
    community = (Platform.CONSOLE, "local")
    rounds = await fresh.round_history(community)
    assert (rounds[0].prompt, rounds[0].model_answer) == (GOOD["prompt"], GOOD["answer"])
    assert (await fresh.topics_view(community)).topics == ("optimisation", "training")
    assert [t.topic for t in (await fresh.member_insight(BO)).topics] == ["optimisation", "training"]


def count_pack_reads(store) -> list[int]:
    """Count the store's reads of a community's suggestions (the real method still answers)."""
    reads = [0]
    read = store.list_suggestions

    async def counted(*args, **kwargs):
        reads[0] += 1
        return await read(*args, **kwargs)

    store.list_suggestions = counted
    return reads


async def test_unknown_suggestion_ids_cost_no_read_and_approvals_are_findable_at_once(world):
    from bot.core.suggestions import UNKNOWN_ID_REREAD

    service = world.service
    first = (await service.approve_suggestion(ADMIN, (await service.suggest(MEMBER, CHANNEL, GOOD)).id))
    reads = count_pack_reads(world.store)
    assert (await service.find_question(BO, first.suggestion.question_id)).prompt == GOOD["prompt"]
    for _ in range(5):  # a stale button, a typo, a guessed id: answered from memory
        assert await service.find_question(BO, "suggestion-9999") is None
        with pytest.raises(NotFound, match="not in this community's content"):
            await service.question_for(CHANNEL, "suggestion-9999")
    assert reads[0] == 0

    second = await service.approve_suggestion(ADMIN, (await service.suggest(MEMBER, CHANNEL, other(1))).id)
    assert (await service.find_question(BO, second.suggestion.question_id)).prompt == other(1)["prompt"]
    reads[0] = 0
    assert await service.find_question(BO, "suggestion-9999") is None and reads[0] == 0

    # another process approves one: this process reads the pack again for it once its copy is old
    elsewhere = type(service)(world.store, service.bank, world.clock, default_tz="UTC")
    elsewhere.rules = SuggestionRules()
    elsewhere.register_messenger(world.platform)
    third = await elsewhere.approve_suggestion(ADMIN, (await elsewhere.suggest(MEMBER, CHANNEL, other(2))).id)
    world.later(seconds=UNKNOWN_ID_REREAD.total_seconds())
    reads[0] = 0
    assert (await service.find_question(BO, third.suggestion.question_id)).prompt == other(2)["prompt"]
    assert await service.find_question(BO, "suggestion-9999") is None
    assert reads[0] == 1
