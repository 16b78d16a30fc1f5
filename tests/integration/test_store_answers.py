"""Answers on a real SQLite file: exactly-once counting, points with streak bonus, stats, export, regrade."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.errors import NotFound
from bot.core.models import Difficulty, Period, TodayStatus
from bot.store import open_store
from bot.store.postgres import PostgresStore
from tests.integration.store_support import (
    CHANNEL,
    COMMUNITY,
    OTHER_CHANNEL,
    draft,
    person,
    post,
    schedule,
)

MONDAY = date(2024, 3, 4)


@pytest.fixture
async def store(db_target):
    s = await open_store(db_target)
    await s.save_schedule(schedule())
    yield s
    await s.close()


async def test_the_first_answer_to_a_round_counts_and_earns_points(store):
    rnd = await post(store, MONDAY)
    got = await store.record_answer(draft(person("ann"), rnd, 0.8, difficulty=Difficulty.INTERMEDIATE))
    assert got.counted and got.points == 12
    assert got.streak.current == 1 and got.streak.today is TodayStatus.ANSWERED


async def test_a_second_answer_to_the_same_round_is_practice_with_no_points(store):
    rnd = await post(store, MONDAY)
    await store.record_answer(draft(person("ann"), rnd, 0.5))
    again = await store.record_answer(draft(person("ann"), rnd, 1.0))
    assert not again.counted and again.points == 0
    assert again.streak.current == 1
    assert await store.answer_count(rnd.id) == 1


async def test_the_same_submission_arriving_ten_times_at_once_counts_once(store):
    rnd = await post(store, MONDAY)
    results = await asyncio.gather(*(store.record_answer(draft(person("ann"), rnd)) for _ in range(10)))
    assert sum(r.counted for r in results) == 1
    assert len({r.answer_id for r in results}) == 10
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("ann"))
    assert board.me.answers == 1 and board.me.points == 8


async def test_a_late_or_quiz_answer_is_stored_as_practice(store):
    rnd = await post(store, MONDAY)
    late = await store.record_answer(draft(person("ann"), rnd, countable=False))
    quiz = await store.record_answer(draft(person("ann"), None))
    assert (late.counted, late.points, quiz.counted, quiz.points, quiz.streak) == (False, 0, False, 0, None)
    rows = [r async for r in store.iter_answers()]
    assert [(r.counted, r.source) for r in rows] == [(False, "form"), (False, "quiz")]


async def test_an_answer_to_a_round_that_does_not_exist_is_refused(store):
    with pytest.raises(NotFound, match="round 404"):
        await store.record_answer(
            draft(person("ann"), None).__class__(**{**draft(person("ann"), None).__dict__, "round_id": 404})
        )


async def test_a_streak_of_three_adds_a_bonus_point_from_the_third_day(store):
    earned = []
    for i in range(4):
        rnd = await post(store, MONDAY + timedelta(days=i))
        earned.append((await store.record_answer(draft(person("ann"), rnd, 1.0))).points)
        await store.close_round(rnd.id, datetime(2024, 3, 5 + i, tzinfo=UTC))
    assert earned == [10, 10, 11, 11]


async def test_a_missed_closed_round_resets_the_streak(store):
    first = await post(store, MONDAY)
    await store.record_answer(draft(person("ann"), first))
    await store.close_round(first.id, datetime(2024, 3, 5, tzinfo=UTC))
    missed = await post(store, MONDAY + timedelta(days=1))
    await store.close_round(missed.id, datetime(2024, 3, 6, tzinfo=UTC))
    third = await post(store, MONDAY + timedelta(days=2))
    got = await store.record_answer(draft(person("ann"), third))
    assert (got.streak.current, got.streak.longest) == (1, 1)


async def test_an_open_earlier_round_does_not_break_the_streak_while_it_is_open(store):
    first = await post(store, MONDAY)
    second = await post(store, MONDAY + timedelta(days=1))
    got = await store.record_answer(draft(person("ann"), second))
    assert got.streak.current == 1
    await store.record_answer(draft(person("ann"), first))
    assert (await store.member_streak(CHANNEL, person("ann"), MONDAY + timedelta(days=1))).current == 2


async def test_round_stats_count_counted_answers_and_name_the_most_missed_point(store):
    rnd = await post(store, MONDAY)
    await store.record_answer(draft(person("ann"), rnd, 0.9, missed=("indexes",)))
    await store.record_answer(draft(person("bob"), rnd, 0.4, missed=("indexes", "joins")))
    await store.record_answer(draft(person("cy"), rnd, 0.1, missed=("joins", "indexes")))
    await store.record_answer(draft(person("cy"), rnd, 1.0, missed=("views",)))
    stats = await store.round_stats(rnd.id)
    assert (stats.answers, stats.correct, stats.most_missed) == (3, 1, "indexes")


async def test_question_scores_collect_counted_scores_per_question_in_the_channel(store):
    a = await post(store, MONDAY, question="q-a")
    b = await post(store, MONDAY + timedelta(days=1), question="q-b")
    other = await post(store, MONDAY, channel=OTHER_CHANNEL, question="q-a")
    await store.record_answer(draft(person("ann"), a, 0.5))
    await store.record_answer(draft(person("bob"), a, 1.0))
    await store.record_answer(draft(person("ann"), b, 0.25))
    await store.record_answer(draft(person("ann"), b, 0.9))
    await store.record_answer(draft(person("ann"), other, 0.0))
    assert await store.question_scores(CHANNEL) == {"q-a": [0.5, 1.0], "q-b": [0.25]}


async def test_export_filters_by_channel_community_cohort_and_time(store):
    a = await post(store, MONDAY)
    b = await post(store, MONDAY, channel=OTHER_CHANNEL)
    await store.create_cohort(COMMUNITY, "Night Owls")
    await store.join_cohort(person("bob"), "night owls")
    at = datetime(2024, 3, 4, 12, tzinfo=UTC)
    await store.record_answer(draft(person("ann"), a, at=at))
    await store.record_answer(draft(person("bob"), b, at=at + timedelta(hours=2)))
    everything = [r async for r in store.iter_answers(community=COMMUNITY)]
    assert [r.member.user_id for r in everything] == ["ann", "bob"]
    assert everything[0].channel == CHANNEL and everything[0].local_date == MONDAY
    assert [r.member.user_id async for r in store.iter_answers(channel=OTHER_CHANNEL)] == ["bob"]
    assert [r.member.user_id async for r in store.iter_answers(cohort="Night Owls")] == ["bob"]
    assert [r.member.user_id async for r in store.iter_answers(since=at + timedelta(hours=1))] == ["bob"]
    assert [r.member.user_id async for r in store.iter_answers(until=at + timedelta(hours=1))] == ["ann"]
    assert [r async for r in store.iter_answers(community=(COMMUNITY[0], "unknown"))] == []


async def test_export_pages_through_thousands_of_answers_in_order(store):
    rnd = await post(store, MONDAY)
    for i in range(2100):
        await store.record_answer(draft(person(f"m{i}"), rnd, countable=False))
    ids = [r.id async for r in store.iter_answers()]
    assert len(ids) == 2100 and ids == sorted(ids)


async def test_a_regrade_moves_points_and_correct_counts_on_the_leaderboard(store):
    rnd = await post(store, MONDAY)
    got = await store.record_answer(draft(person("ann"), rnd, 0.4))
    await store.update_answer_grade(got.answer_id, 0.9, "correct", 9, "g2")
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("ann"))
    assert (board.me.points, board.me.correct) == (9, 1)
    (row,) = [r async for r in store.iter_answers()]
    assert (row.score, row.verdict, row.points, row.grader_version) == (0.9, "correct", 9, "g2")


async def test_a_regraded_practice_answer_still_earns_no_points(store):
    got = await store.record_answer(draft(person("ann"), None, 0.2))
    await store.update_answer_grade(got.answer_id, 1.0, "correct", 10, "g2")
    assert [r.points async for r in store.iter_answers()] == [0]
    with pytest.raises(NotFound):
        await store.update_answer_grade(12345, 1.0, "correct", 10, "g2")


async def test_member_names_follow_the_latest_answer(store):
    rnd = await post(store, MONDAY)
    await store.record_answer(draft(person("ann", "Ann"), rnd))
    await store.record_answer(draft(person("ann", "Annie"), rnd))
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, None)
    assert board.rows[0].member.name == "Annie"


async def test_hostile_answer_text_is_stored_verbatim(store):
    rnd = await post(store, MONDAY)
    text = "'); DROP TABLE answers; --\x00 ☃ " + "x" * 4000
    base = draft(person("ann"), rnd)
    await store.record_answer(base.__class__(**{**base.__dict__, "text": text}))
    # PostgreSQL text cannot hold NUL: there it is kept as U+FFFD, everything else verbatim.
    kept = text.replace("\x00", "\ufffd") if isinstance(store, PostgresStore) else text
    assert [r.text async for r in store.iter_answers()] == [kept]
