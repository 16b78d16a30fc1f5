"""`/today`, `/history` and `/progress` on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, open_world

from bot.core.errors import NotFound
from bot.core.member_text import history_lines, progress_lines, today_lines
from bot.core.models import MemberRef, Platform
from bot.schedule.runner import DueRunner

GOOD = "It reduces overfitting because it adds random noise during training."
WEAK = "It has something to do with the weights, I think."
BEN = MemberRef(Platform.CONSOLE, "local", "ben", "ben")


async def world_with_rounds(db_target, until: str):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "daily"})
    await runner.advance(world.clock, datetime.fromisoformat(until))
    return world, runner


async def test_today_shows_the_open_question_with_time_left_and_whether_you_answered(db_target):
    world, _ = await world_with_rounds(db_target, "2026-03-02T10:00+00:00")
    before = await world.service.today_view(CHANNEL, MEMBER)
    assert before.question.id == "t-01" and not before.answered
    assert before.time_left == timedelta(hours=22)  # closes Tuesday 09:00 Berlin = 08:00 UTC
    assert before.closes_at.isoformat() == "2026-03-03T09:00:00+01:00"
    assert "22h left" in today_lines(before)[1] and "not answered yet" in today_lines(before)[2]
    await world.service.submit_answer(MEMBER, before.round.id, GOOD)
    after = await world.service.today_view(CHANNEL, MEMBER)
    assert after.answered and after.answer.counted and after.answer.verdict == "correct"
    assert "You answered: correct" in today_lines(after)[2]
    await world.store.close()


async def test_today_without_an_open_question_says_when_the_next_one_comes(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "daily"})
    view = await world.service.today_view(CHANNEL, MEMBER)
    assert view.round is None and view.next_post.isoformat() == "2026-03-02T09:00:00+01:00"
    assert today_lines(view)[1].startswith("Next question: Mon 2 Mar 09:00")
    await world.store.close()


async def test_history_lists_your_answers_newest_first_and_reopens_one_with_its_feedback(db_target):
    world, runner = await world_with_rounds(db_target, "2026-03-02T10:00+00:00")
    monday = (await world.store.open_rounds(CHANNEL))[-1]
    first = await world.service.submit_answer(MEMBER, monday.id, GOOD)
    await world.service.submit_answer(BEN, monday.id, WEAK)  # someone else's answer
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-03T10:00+00:00"))
    tuesday = (await world.store.open_rounds(CHANNEL))[-1]
    second = await world.service.submit_answer(MEMBER, tuesday.id, WEAK)
    view = await world.service.history(MEMBER)
    assert [r.answer_id for r in view.rows] == [second.answer_id, first.answer_id]
    assert [(r.question_id, r.verdict, r.counted) for r in view.rows] == [
        ("t-02", second.grade.verdict, True),
        ("t-01", "correct", True),
    ]
    assert [r.day.isoformat() for r in view.rows] == ["2026-03-03", "2026-03-02"]
    assert history_lines(view)[1].startswith(
        f"#{first.answer_id} · Mon 2 Mar · correct {round(first.grade.score * 100)}% · +{first.points} pts"
    )
    again = await world.service.answer_feedback(MEMBER, first.answer_id)
    assert again.grade.score == first.grade.score and again.grade.covered == first.grade.covered
    assert again.model_answer == first.model_answer
    await world.store.close()


async def test_another_members_answer_cannot_be_opened(db_target):
    world, _ = await world_with_rounds(db_target, "2026-03-02T10:00+00:00")
    monday = (await world.store.open_rounds(CHANNEL))[-1]
    bens = await world.service.submit_answer(BEN, monday.id, GOOD)
    with pytest.raises(NotFound, match="`/history` lists yours"):
        await world.service.answer_feedback(MEMBER, bens.answer_id)
    with pytest.raises(NotFound):
        await world.service.answer_feedback(MEMBER, 10**9)
    assert (await world.service.history(MEMBER)).rows == ()
    await world.store.close()


async def test_progress_counts_questions_seen_topic_strength_freezes_and_reviews(db_target):
    world, runner = await world_with_rounds(db_target, "2026-03-02T10:00+00:00")
    for day in range(2, 5):  # t-01 (cnn) correct, t-02 (cnn) weak, t-03 (cnn) correct
        round_ = (await world.store.open_rounds(CHANNEL))[-1]
        await world.service.submit_answer(MEMBER, round_.id, WEAK if day == 3 else GOOD)
        await runner.advance(world.clock, datetime.fromisoformat(f"2026-03-{day + 1:02d}T10:00+00:00"))
    quiz = await world.service.quiz(MEMBER, "gan")
    await world.service.submit_quiz_answer(MEMBER, quiz.question.id, GOOD)
    view = await world.service.progress(CHANNEL, MEMBER)
    assert (view.seen, view.pool, view.answers) == (4, 7, 4)
    cnn = next(t for t in view.topics if t.topic == "cnn")
    assert (cnn.seen, cnn.correct, cnn.total) == (3, 2, 3)
    assert (view.streak.current, view.run, view.next_freeze_in) == (3, 3, 4)
    assert view.reviews_due == 1  # the weak answer of two days ago is due again; good ones wait
    lines = progress_lines(view)
    assert lines[0] == "Questions seen: 4 of 7; 3 of 4 answers correct."
    assert "next freeze after 4 more answered days in a row" in lines[1]
    world.later(days=30)
    assert (await world.service.progress(CHANNEL, MEMBER)).reviews_due == 4
    await world.store.close()
