"""Answers on a real database: what counts, what is practice, live counts, reveals, hints, appeals."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, open_world

from bot.core.errors import AnswerRejected, Conflict, NotAllowed, NotFound
from bot.core.models import Actor, MemberRef, Platform, Verdict

GOOD = "It reduces overfitting, because it adds random noise to the inputs during training."
WEAK = "It is a kind of layer in a network, I think it has something to do with images."


async def posted_world(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
    round_ = await world.service.post_now(CHANNEL, ADMIN)
    return world, round_


async def test_the_first_in_time_answer_counts_and_a_second_one_is_practice(db_target):
    world, round_ = await posted_world(db_target)
    first = await world.service.submit_answer(MEMBER, round_.id, GOOD)
    assert first.counted and first.practice_reason is None
    assert first.grade.verdict == Verdict.CORRECT and first.points > 0
    assert first.streak is not None and first.streak.current == 1
    second = await world.service.submit_answer(MEMBER, round_.id, GOOD)
    assert not second.counted and second.points == 0 and second.practice_reason == "already answered"
    await world.store.close()


async def test_a_double_submission_arriving_at_once_counts_once(db_target):
    world, round_ = await posted_world(db_target)
    results = await asyncio.gather(*(world.service.submit_answer(MEMBER, round_.id, GOOD) for _ in range(2)))
    assert sorted(f.counted for f in results) == [False, True]
    assert await world.store.answer_count(round_.id) == 1
    await world.store.close()


async def test_an_answer_after_the_round_closed_is_practice_and_says_so(db_target):
    world, round_ = await posted_world(db_target)
    await world.service.close_round(round_.id)
    late = await world.service.submit_answer(MEMBER, round_.id, GOOD)
    assert not late.counted and late.practice_reason == "round closed" and late.points == 0
    assert late.grade.verdict == Verdict.CORRECT  # still graded, so the member learns something
    await world.store.close()


async def test_an_answer_past_the_close_time_counts_as_practice_even_before_the_round_is_closed(db_target):
    world, round_ = await posted_world(db_target)
    world.at("2026-03-03T09:30+00:00")  # the next post time passed; nobody has run the scheduler yet
    late = await world.service.submit_answer(MEMBER, round_.id, GOOD)
    assert not late.counted and late.practice_reason == "round closed"
    await world.store.close()


@pytest.mark.parametrize(("reply", "says"), [("", "empty"), ("   \n ", "empty"), ("x" * 4001, "4,000")])
async def test_empty_or_overlong_answers_are_refused_and_cost_no_attempt(db_target, reply, says):
    world, round_ = await posted_world(db_target)
    with pytest.raises(AnswerRejected, match=says):
        await world.service.submit_answer(MEMBER, round_.id, reply)
    assert await world.store.answer_count(round_.id) == 0
    assert (await world.service.submit_answer(MEMBER, round_.id, GOOD)).counted
    await world.store.close()


async def test_answering_an_unknown_round_says_so(db_target):
    world, _ = await posted_world(db_target)
    with pytest.raises(NotFound, match="no daily question with number 999"):
        await world.service.submit_answer(MEMBER, 999, GOOD)
    await world.store.close()


async def test_each_counted_answer_updates_the_live_count_on_the_post(db_target):
    world, round_ = await posted_world(db_target)
    for n in range(3):
        member = MemberRef(Platform.CONSOLE, "local", f"m{n}", f"m{n}")
        await world.service.submit_answer(member, round_.id, GOOD)
    await world.service.submit_answer(MemberRef(Platform.CONSOLE, "local", "m0", "m0"), round_.id, GOOD)
    assert world.platform.counts == [(round_.id, 1), (round_.id, 2), (round_.id, 3)]
    await world.store.close()


async def test_closing_reveals_answers_share_correct_and_the_most_missed_point(db_target):
    world, round_ = await posted_world(db_target)
    await world.service.submit_answer(MEMBER, round_.id, GOOD)
    await world.service.submit_answer(MemberRef(Platform.CONSOLE, "local", "bo", "bo"), round_.id, WEAK)
    summary = await world.service.close_round(round_.id)
    assert summary is not None and summary.stats.answers == 2 and summary.stats.correct == 1
    assert summary.stats.correct_share == 0.5 and summary.stats.most_missed is not None
    assert world.platform.reveals == [summary]
    assert await world.service.close_round(round_.id) is None  # closing twice reveals once
    await world.store.close()


async def test_hints_come_in_order_and_stop_at_the_last(db_target):
    world, round_ = await posted_world(db_target)
    hints = [await world.service.hint(MEMBER, round_.id, n) for n in (1, 2, 3)]
    assert [(h.number, h.total) for h in hints] == [(1, 2), (2, 2), (2, 2)]
    await world.store.close()


async def test_an_accepted_appeal_makes_the_answer_full_marks_and_gives_its_points(db_target):
    world, round_ = await posted_world(db_target)
    weak = await world.service.submit_answer(MEMBER, round_.id, WEAK)
    assert weak.grade.verdict != Verdict.CORRECT
    appeal = await world.service.appeal(MEMBER, weak.answer_id, "I meant noise injection")
    with pytest.raises(NotAllowed):
        await world.service.resolve_appeal(Actor(MEMBER), appeal.appeal.id, accept=True)
    assert [a.id for a in await world.service.appeals(ADMIN)] == [appeal.appeal.id]
    result = await world.service.resolve_appeal(ADMIN, appeal.appeal.id, accept=True, add_phrase=True)
    assert "accepted" in result.message and "content editors" in result.message
    rows = [r async for r in world.store.iter_answers(channel=CHANNEL)]
    assert (rows[0].score, rows[0].verdict, rows[0].points) == (1.0, "correct", 10)
    await world.store.close()


async def test_the_csv_export_is_for_admins_and_lists_every_answer(db_target):
    world, round_ = await posted_world(db_target)
    await world.service.submit_answer(MEMBER, round_.id, "=HYPERLINK(\"x\") " + GOOD)
    with pytest.raises(NotAllowed, match="export"):
        await world.service.export_csv(Actor(MEMBER), CHANNEL)
    text = await world.service.export_csv(ADMIN, CHANNEL)
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "'=HYPERLINK" in lines[1]  # a formula is never live in a spreadsheet
    await world.store.close()


async def test_quiz_brings_back_a_failed_question_before_a_known_one(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    first = await world.service.quiz(MEMBER)
    failed = await world.service.submit_quiz_answer(MEMBER, first.question.id, WEAK)
    assert not failed.counted and failed.practice_reason == "quiz"
    second = await world.service.quiz(MEMBER)
    assert second.question.id != first.question.id and second.reason == "new"
    await world.service.submit_quiz_answer(MEMBER, second.question.id, GOOD)
    world.later(days=1, hours=1)
    again = await world.service.quiz(MEMBER)
    assert (again.question.id, again.reason) == (first.question.id, "due for review")
    await world.store.close()


async def test_quiz_filters_by_topic_and_difficulty_and_explains_an_unknown_topic(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    pick = await world.service.quiz(MEMBER, topic="RNN", difficulty="advanced")
    assert "rnn" in pick.question.topics and pick.question.difficulty == "advanced"
    with pytest.raises(NotFound, match="Did you mean cnn"):
        await world.service.quiz(MEMBER, topic="cnnn")
    await world.store.close()


async def test_quiz_never_offers_the_question_that_is_open_in_a_channel(db_target):
    world, round_ = await posted_world(db_target)
    picks = set()
    for _ in range(6):
        pick = await world.service.quiz(MEMBER)
        picks.add(pick.question.id)
        await world.service.submit_quiz_answer(MEMBER, pick.question.id, GOOD)
    assert round_.question_id not in picks
    await world.store.close()


async def test_a_cohort_leaderboard_ranks_ties_together(db_target):
    world, round_ = await posted_world(db_target)
    await world.service.cohort_create(ADMIN, "alpha")
    names = ["ana", "bo", "cy"]
    for name in names:
        member = MemberRef(Platform.CONSOLE, "local", name, name)
        await world.service.cohort_join(member, "Alpha")
        await world.service.submit_answer(member, round_.id, WEAK if name == "cy" else GOOD)
    board = await world.service.leaderboard(CHANNEL, MEMBER, "week", "alpha")
    assert sorted((r.rank, r.member.user_id) for r in board.rows[:2]) == [(1, "ana"), (1, "bo")]
    assert board.rows[2].rank == 3 and board.me is not None and board.me.rank == 1
    with pytest.raises(NotFound, match="cohorts: alpha"):
        await world.service.leaderboard(CHANNEL, MEMBER, "week", "beta")
    assert (await world.service.streak(CHANNEL, MEMBER)).current == 1
    assert (await world.store.round_on(CHANNEL, date(2026, 3, 2))).id == round_.id
    await world.store.close()


async def test_joining_twice_or_leaving_a_cohort_you_are_not_in_says_so(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    await world.service.cohort_create(ADMIN, "alpha")
    joined = await world.service.cohort_join(MEMBER, "ALPHA")
    assert joined.cohort.members == 2 and "You joined alpha" in joined.message  # with its creator
    with pytest.raises(Conflict, match="already in alpha"):
        await world.service.cohort_join(MEMBER, "alpha")
    await world.service.cohort_leave(MEMBER, "alpha")
    with pytest.raises(Conflict, match="not in alpha"):
        await world.service.cohort_leave(MEMBER, "alpha")
    with pytest.raises(NotAllowed, match="create cohorts"):
        await world.service.cohort_create(Actor(MEMBER), "beta")
    await world.store.close()
