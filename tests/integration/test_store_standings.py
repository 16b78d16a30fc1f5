"""Leaderboards and cohort totals on a real SQLite file: periods, cohorts, ties, the caller's neighbours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.errors import NotFound
from bot.core.models import Period
from bot.core.scoring import period_start
from bot.store import open_store
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
NOW = datetime(2024, 3, 10, 18, tzinfo=UTC)  # Sunday of that week


@pytest.fixture
async def store(db_target):
    s = await open_store(db_target)
    await s.save_schedule(schedule())
    yield s
    await s.close()


async def answer(store, who: str, day: date, score: float, channel=CHANNEL):
    rnd = await store.round_on(channel, day) or await post(store, day, channel)
    return await store.record_answer(draft(person(who), rnd, score))


async def test_the_all_time_board_ranks_by_points_with_shared_ranks(store):
    await answer(store, "ann", MONDAY, 1.0)
    await answer(store, "bob", MONDAY, 0.5)
    await answer(store, "cy", MONDAY, 0.5)
    await answer(store, "dee", MONDAY, 0.2)
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("cy"))
    assert [(r.member.user_id, r.rank, r.points) for r in board.rows] == [
        ("ann", 1, 10),
        ("bob", 2, 5),
        ("cy", 2, 5),
        ("dee", 4, 0),  # an incorrect verdict earns 0 points
    ]
    assert board.me.rank == 2
    assert [n.member.user_id for n in board.neighbours] == ["bob", "cy", "dee"]
    assert [n.rank for n in board.neighbours] == [2, 2, 4]


async def test_the_board_shows_answers_accuracy_and_streak(store):
    for i in range(3):
        await answer(store, "ann", MONDAY + timedelta(days=i), 1.0 if i else 0.5)
    (row,) = (await store.leaderboard(COMMUNITY, Period.ALL, None, None, None)).rows
    assert (row.answers, row.correct, row.streak, row.points) == (3, 2, 3, 5 + 10 + 11)
    assert row.accuracy == pytest.approx(2 / 3)


async def test_the_week_board_counts_only_this_week(store):
    last_week = MONDAY - timedelta(days=7)
    await answer(store, "old", last_week, 1.0)
    await answer(store, "ann", MONDAY, 0.5)
    since = period_start(Period.WEEK, NOW, "UTC")
    board = await store.leaderboard(COMMUNITY, Period.WEEK, since, None, person("old"))
    assert [r.member.user_id for r in board.rows] == ["ann"]
    assert board.me is None and board.neighbours == ()
    month = await store.leaderboard(
        COMMUNITY, Period.MONTH, period_start(Period.MONTH, NOW, "UTC"), None, None
    )
    assert [r.member.user_id for r in month.rows] == ["ann"]
    everyone = await store.leaderboard(COMMUNITY, Period.ALL, None, None, None)
    assert {r.member.user_id for r in everyone.rows} == {"ann", "old"}


async def test_any_since_gives_the_same_board_as_the_period_aggregates(store):
    for i, who in enumerate(["ann", "bob", "cy", "ann", "bob", "ann"]):
        await answer(store, who, MONDAY + timedelta(days=i), 0.3 + 0.1 * i)
    since = period_start(Period.WEEK, NOW, "UTC")
    fast = await store.leaderboard(COMMUNITY, Period.WEEK, since, None, person("bob"))
    # One microsecond earlier is not a period start, so the board is computed from the answers.
    scanned = await store.leaderboard(
        COMMUNITY, Period.WEEK, since - timedelta(microseconds=1), None, person("bob")
    )
    assert fast == scanned and len(fast.rows) == 3


async def test_a_cohort_board_lists_only_its_members(store):
    await store.create_cohort(COMMUNITY, "Evening")
    await store.join_cohort(person("bob"), "evening")
    await store.join_cohort(person("cy"), "Evening")
    for who, score in (("ann", 1.0), ("bob", 0.6), ("cy", 0.9)):
        await answer(store, who, MONDAY, score)
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, "EVENING", person("bob"))
    assert board.cohort == "Evening"
    assert [(r.member.user_id, r.rank) for r in board.rows] == [("cy", 1), ("bob", 2)]
    assert board.me.rank == 2
    week = await store.leaderboard(
        COMMUNITY, Period.WEEK, period_start(Period.WEEK, NOW, "UTC"), "evening", None
    )
    assert [r.member.user_id for r in week.rows] == ["cy", "bob"]


async def test_an_unknown_cohort_is_reported(store):
    with pytest.raises(NotFound, match="cohort list"):
        await store.leaderboard(COMMUNITY, Period.ALL, None, "ghosts", None)


async def test_the_top_ten_is_limited_but_the_caller_still_sees_their_rank(store):
    for i in range(15):
        await answer(store, f"m{i:02d}", MONDAY, (15 - i) / 15)
    board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("m13"))
    assert len(board.rows) == 10
    assert board.me.rank == 11  # m10-m14 are incorrect (below 35 %): 0 points each, one shared rank
    assert [n.member.user_id for n in board.neighbours] == ["m12", "m13", "m14"]


async def test_the_streak_column_is_the_best_current_streak_across_channels(store):
    for i in range(3):
        await answer(store, "ann", MONDAY + timedelta(days=i), 0.9)
    await answer(store, "ann", MONDAY, 0.9, channel=OTHER_CHANNEL)
    (row,) = (await store.leaderboard(COMMUNITY, Period.ALL, None, None, None)).rows
    assert row.streak == 3


async def test_an_unknown_community_has_an_empty_board(store):
    board = await store.leaderboard((COMMUNITY[0], "elsewhere"), Period.ALL, None, None, person("ann"))
    assert board.rows == () and board.me is None


async def test_cohorts_compare_by_their_members_totals(store):
    for name in ("Morning", "Evening", "Empty"):
        await store.create_cohort(COMMUNITY, name)
    await store.join_cohort(person("ann"), "Morning")
    await store.join_cohort(person("bob"), "Evening")
    await store.join_cohort(person("cy"), "Evening")
    await answer(store, "ann", MONDAY, 1.0)
    await answer(store, "bob", MONDAY, 0.5)
    await answer(store, "cy", MONDAY, 0.5)
    await answer(store, "bob", MONDAY - timedelta(days=7), 1.0)
    standings = await store.cohort_standings(COMMUNITY, None)
    assert [(c.rank, c.cohort, c.points, c.members, c.answers) for c in standings] == [
        (1, "Evening", 20, 2, 3),
        (2, "Morning", 10, 1, 1),
        (3, "Empty", 0, 0, 0),
    ]
    week = await store.cohort_standings(COMMUNITY, period_start(Period.WEEK, NOW, "UTC"))
    assert [(c.rank, c.cohort, c.points) for c in week] == [
        (1, "Evening", 10),
        (1, "Morning", 10),
        (3, "Empty", 0),
    ]
    scanned = await store.cohort_standings(
        COMMUNITY, period_start(Period.WEEK, NOW, "UTC") - timedelta(microseconds=1)
    )
    assert scanned == week
