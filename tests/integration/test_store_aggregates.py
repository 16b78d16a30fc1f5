"""Counters and aggregates kept in the answer's transaction agree with a scan of the answers:
the live count under concurrent answers, cohort totals through join, leave and regrade, ranks from
either end of a board, and what migration 0007 rebuilds from an older database."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.models import Period
from bot.core.scoring import period_start
from bot.store import migrations, open_store
from tests.integration.store_support import COMMUNITY, draft, person, post, schedule

MONDAY = date(2024, 3, 4)
NOW = datetime(2024, 3, 10, 18, tzinfo=UTC)
WEEK = period_start(Period.WEEK, NOW, "UTC")
EVER = datetime(2000, 1, 1, tzinfo=UTC)  # not a period start: boards from here are scanned


@pytest.fixture
async def store(tmp_path):
    s = await open_store(tmp_path / "studybot.db")
    await s.save_schedule(schedule())
    yield s
    await s.close()


def scan(path, sql: str, params=()) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


async def answer(store, who: str, day: date, score: float):
    rnd = await store.round_on(schedule().channel, day) or await post(store, day)
    return await store.record_answer(draft(person(who), rnd, score))


async def cohorts_match_a_scan(store) -> list:
    """The maintained cohort standings, after checking them against ones computed from answers."""
    week = await store.cohort_standings(COMMUNITY, WEEK)
    assert week == await store.cohort_standings(COMMUNITY, WEEK - timedelta(microseconds=1))
    ever = await store.cohort_standings(COMMUNITY, None)
    assert ever == await store.cohort_standings(COMMUNITY, EVER)
    return ever


async def test_the_live_count_is_exact_under_concurrent_answers(store):
    rounds = [await post(store, MONDAY + timedelta(days=i)) for i in range(3)]
    drafts = []
    for i in range(40):
        for rnd in rounds[: 1 + i % 3]:
            drafts.append(draft(person(f"m{i}"), rnd))
            if i % 4 == 0:
                drafts.append(draft(person(f"m{i}"), rnd))  # a double click
            if i % 5 == 0:
                drafts.append(draft(person(f"late{i}"), rnd, countable=False))
    results = await asyncio.gather(*(store.record_answer(d) for d in drafts))

    for rnd in rounds:
        counted = [r for d, r in zip(drafts, results, strict=True) if d.round_id == rnd.id and r.counted]
        (scanned,) = scan(
            store.path, "SELECT COUNT(*) FROM answers WHERE round = ? AND counted = 1", (rnd.id,)
        )
        assert await store.answer_count(rnd.id) == len(counted) == scanned[0]
        # Each counted answer saw the count right after itself: 1, 2, ... with no gap or repeat.
        assert sorted(r.answered for r in counted) == list(range(1, len(counted) + 1))
    assert [await store.answer_count(r.id) for r in rounds] == [40, 26, 13]
    assert all(r.answered is None for r in results if not r.counted)


async def test_cohort_totals_follow_answers_joins_leaves_and_regrades(store):
    for name in ("Morning", "Evening", "Empty"):
        await store.create_cohort(COMMUNITY, name)
    await store.join_cohort(person("ann"), "Morning")
    old = await answer(store, "bob", MONDAY - timedelta(days=7), 1.0)  # last week, before joining
    await answer(store, "ann", MONDAY, 1.0)
    await answer(store, "bob", MONDAY + timedelta(days=1), 0.5)
    await answer(store, "cy", MONDAY + timedelta(days=1), 0.9)
    standings = await cohorts_match_a_scan(store)
    assert [(c.cohort, c.members, c.points, c.answers) for c in standings] == [
        ("Morning", 1, 10, 1),
        ("Empty", 0, 0, 0),
        ("Evening", 0, 0, 0),
    ]

    await store.join_cohort(person("bob"), "Evening")  # brings his whole history
    await store.join_cohort(person("bob"), "Evening")  # already in: changes nothing
    await store.join_cohort(person("cy"), "Morning")
    standings = await cohorts_match_a_scan(store)
    assert [(c.cohort, c.members, c.points, c.answers) for c in standings] == [
        ("Morning", 2, 19, 2),
        ("Evening", 1, 15, 2),
        ("Empty", 0, 0, 0),
    ]
    week = await store.cohort_standings(COMMUNITY, WEEK)
    assert [(c.cohort, c.points) for c in week] == [("Morning", 19), ("Evening", 5), ("Empty", 0)]

    await store.update_answer_grade(old.answer_id, 0.2, "incorrect", 2, "g2")
    await answer(store, "bob", MONDAY + timedelta(days=2), 1.0)  # counted while in the cohort
    standings = await cohorts_match_a_scan(store)
    assert [(c.cohort, c.points, c.answers, c.correct) for c in standings][:2] == [
        ("Morning", 19, 2, 2),
        ("Evening", 18, 3, 1),
    ]

    await store.leave_cohort(person("ann"), "Morning")
    await store.leave_cohort(person("ann"), "Morning")  # not in it any more: changes nothing
    standings = await cohorts_match_a_scan(store)
    assert [(c.cohort, c.members, c.points) for c in standings] == [
        ("Evening", 1, 18),
        ("Morning", 1, 9),
        ("Empty", 0, 0),
    ]
    assert [c.members for c in await store.list_cohorts(COMMUNITY)] == [0, 1, 1]


async def test_every_members_rank_and_neighbours_match_a_scan_from_either_end(store):
    for i in range(30):
        await answer(store, f"m{i:02d}", MONDAY, [1.0, 0.5, 0.5, 0.2, 0.0][i % 5])
        if i % 3 == 0:
            await answer(store, f"m{i:02d}", MONDAY + timedelta(days=1), 0.7)
    await store.update_answer_grade(1, 0.0, "incorrect", 0, "g2")  # the top scorer drops
    for i in range(30):
        me = person(f"m{i:02d}")
        for period, since, scanned in (
            (Period.WEEK, WEEK, WEEK - timedelta(microseconds=1)),
            (Period.ALL, None, EVER),
        ):
            fast = await store.leaderboard(COMMUNITY, period, since, None, me)
            assert fast == await store.leaderboard(COMMUNITY, period, scanned, None, me)
    low = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("m04"))
    # Nothing for m04, m14, m19, m29 (0.0) nor m08, m13, m23, m28 (0.2 is incorrect: 0 points):
    # the 22 others are above them.
    assert (low.me.points, low.me.rank) == (0, 23)
    assert [(r.member.user_id, r.rank) for r in low.neighbours] == [("m26", 15), ("m04", 23), ("m08", 23)]


def at_schema_0006(tmp_path):
    folder = tmp_path / "old-migrations"
    folder.mkdir()
    for m in migrations.discover():
        if m.version <= 6:
            shutil.copy(migrations.MIGRATIONS_DIR / m.name, folder)
    path = tmp_path / "old.db"
    migrations.migrate(path, folder)
    return path


OLD_HISTORY = """
INSERT INTO communities (id, platform, external_id) VALUES (1, 'discord', 'guild-1');
INSERT INTO channels (id, community, external_id, name) VALUES (1, 1, 'chan-1', 'study');
INSERT INTO members (id, community, external_id, name) VALUES
    (1, 1, 'ann', 'Ann'), (2, 1, 'bob', 'Bob'), (3, 1, 'cy', 'Cy'), (4, 1, 'dee', 'Dee');
INSERT INTO rounds (id, channel, local_date, question_id, status) VALUES
    (1, 1, '2024-02-26', 'q1', 'closed'), (2, 1, '2024-03-04', 'q2', 'open');
INSERT INTO answers (member, community, round, question_id, difficulty, body, score, verdict, points,
                     counted, source, submitted_at, week_key, month_key) VALUES
    (1, 1, 1, 'q1', 'beginner', 'a', 1.0, 'correct', 10, 1, 'form', '2024-02-26T10:00:00.000000Z',
     '2024-02-26T00:00:00.000000Z', '2024-02-01T00:00:00.000000Z'),
    (2, 1, 1, 'q1', 'beginner', 'a', 0.5, 'partial', 5, 1, 'form', '2024-02-26T11:00:00.000000Z',
     '2024-02-26T00:00:00.000000Z', '2024-02-01T00:00:00.000000Z'),
    (1, 1, 2, 'q2', 'beginner', 'a', 0.9, 'correct', 9, 1, 'form', '2024-03-04T10:00:00.000000Z',
     '2024-03-04T00:00:00.000000Z', '2024-03-01T00:00:00.000000Z'),
    (3, 1, 2, 'q2', 'beginner', 'a', 0.8, 'correct', 8, 1, 'form', '2024-03-04T10:30:00.000000Z',
     '2024-03-04T00:00:00.000000Z', '2024-03-01T00:00:00.000000Z'),
    (4, 1, 2, 'q2', 'beginner', 'a', 0.1, 'incorrect', 1, 1, 'form', '2024-03-04T11:00:00.000000Z',
     '2024-03-04T00:00:00.000000Z', '2024-03-01T00:00:00.000000Z'),
    (3, 1, 2, 'q2', 'beginner', 'a', 1.0, 'correct', 0, 0, 'form', '2024-03-04T12:00:00.000000Z',
     NULL, NULL);
INSERT INTO member_totals SELECT member, community, SUM(points), COUNT(*), SUM(verdict = 'correct')
    FROM answers WHERE counted = 1 GROUP BY member;
INSERT INTO member_periods SELECT member, 'week', week_key, community, SUM(points), COUNT(*),
    SUM(verdict = 'correct') FROM answers WHERE counted = 1 GROUP BY member, week_key;
INSERT INTO member_periods SELECT member, 'month', month_key, community, SUM(points), COUNT(*),
    SUM(verdict = 'correct') FROM answers WHERE counted = 1 GROUP BY member, month_key;
INSERT INTO community_periods SELECT DISTINCT community, 'week', week_key FROM answers WHERE counted = 1;
INSERT INTO community_periods SELECT DISTINCT community, 'month', month_key FROM answers WHERE counted = 1;
INSERT INTO cohorts (id, community, name, name_key, created_at) VALUES
    (1, 1, 'Morning', 'morning', ''), (2, 1, 'Evening', 'evening', '');
INSERT INTO cohort_members (cohort, member, joined_at) VALUES (1, 1, ''), (1, 4, ''), (2, 2, ''), (2, 3, '');
"""


async def test_migration_0007_rebuilds_counters_and_aggregates_from_an_older_database(tmp_path):
    path = at_schema_0006(tmp_path)
    conn = sqlite3.connect(path)
    conn.executescript(OLD_HISTORY)
    conn.close()
    store = await open_store(path)
    try:
        assert [await store.answer_count(r) for r in (1, 2)] == [2, 3]
        standings = await cohorts_match_a_scan(store)
        assert [(c.cohort, c.members, c.points, c.answers) for c in standings] == [
            ("Morning", 2, 20, 3),
            ("Evening", 2, 13, 2),
        ]
        week = await store.cohort_standings(COMMUNITY, datetime(2024, 3, 4, tzinfo=UTC))
        assert [(c.cohort, c.points) for c in week] == [("Morning", 10), ("Evening", 8)]
        board = await store.leaderboard(COMMUNITY, Period.ALL, None, None, person("dee"))
        assert (board.me.rank, board.me.points) == (4, 1)
        # New answers carry on from the rebuilt numbers.
        rnd = await store.get_round(2)
        got = await store.record_answer(draft(person("bob"), rnd, 1.0))
        assert got.counted and got.answered == 4
        standings = await cohorts_match_a_scan(store)
        assert [(c.cohort, c.points) for c in standings] == [("Evening", 13 + got.points), ("Morning", 20)]
    finally:
        await store.close()


AGGREGATE_TABLES = ("member_totals", "member_periods", "board_points", "community_periods", "cohort_periods")


def aggregate_rows(path) -> dict[str, list]:
    return {t: sorted(scan(path, f"SELECT * FROM {t}")) for t in AGGREGATE_TABLES}


THURSDAY = MONDAY + timedelta(days=3)


def refusing(state):
    raise ValueError("this review update fails after the answer moved its aggregates")


async def test_answers_folded_into_one_batch_leave_the_aggregates_of_one_write_at_a_time(tmp_path):
    """A backlog committed as one batch sums its board and period moves before the COMMIT; the
    boards must come out exactly as when every answer commits alone, and a write that fails after
    moving aggregates must take its moves back out of the batch."""
    plan = [(f"m{i % 7}", MONDAY + timedelta(days=i % 3), [1.0, 0.5, 0.9, 0.2][i % 4]) for i in range(24)]
    plan.insert(9, ("m1", MONDAY + timedelta(days=1), 1.0))  # the same member and round: practice
    stores = []
    for name in ("alone", "batched"):
        s = await open_store(tmp_path / f"{name}.db")
        await s.save_schedule(schedule())
        await s.create_cohort(COMMUNITY, "Morning")
        for who in ("m0", "m3", "m5"):
            await s.join_cohort(person(who), "Morning")
        days = sorted({day for _, day, _ in plan} | {THURSDAY})
        rounds = {day: await post(s, day) for day in days}
        stores.append((s, rounds))
    (alone, alone_rounds), (batched, batched_rounds) = stores
    try:
        for who, day, score in plan:
            await alone.record_answer(draft(person(who), alone_rounds[day], score))
        with pytest.raises(ValueError, match="this review update fails"):
            await alone.record_answer(draft(person("m5"), alone_rounds[THURSDAY]), refusing)

        started, release = asyncio.Event(), threading.Event()
        loop = asyncio.get_running_loop()

        def hold(conn: sqlite3.Connection) -> None:  # keeps the writer busy while the backlog queues
            loop.call_soon_threadsafe(started.set)
            assert release.wait(10), "the test never released the writer"

        before = batched.write_stats
        holding = asyncio.ensure_future(batched._db.write(hold))
        await started.wait()
        backlog = [batched.record_answer(draft(person(w), batched_rounds[d], s)) for w, d, s in plan]
        backlog.insert(
            15,
            batched.record_answer(draft(person("m5"), batched_rounds[THURSDAY]), refusing),
        )
        queued = [asyncio.ensure_future(c) for c in backlog]
        await asyncio.sleep(0.1)
        release.set()
        await holding
        results = await asyncio.gather(*queued, return_exceptions=True)
        after = batched.write_stats

        assert (after.commits - before.commits, after.writes - before.writes) == (2, len(plan) + 1)
        assert isinstance(results[15], ValueError)
        assert sum(1 for r in results if not isinstance(r, Exception) and r.counted) == len(
            {(w, d) for w, d, _ in plan}
        )  # first answer per member and round
        assert aggregate_rows(batched.path) == aggregate_rows(alone.path)
        for s in (alone, batched):
            assert await cohorts_match_a_scan(s)
        for who in ("m0", "m1", "m5"):
            for period, since in ((Period.WEEK, WEEK), (Period.ALL, None)):
                got = await batched.leaderboard(COMMUNITY, period, since, None, person(who))
                assert got == await alone.leaderboard(COMMUNITY, period, since, None, person(who))
    finally:
        for s, _ in stores:
            await s.close()
