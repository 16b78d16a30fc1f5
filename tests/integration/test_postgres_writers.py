"""Many writers on one PostgreSQL database: processes and connection pools racing for the same rows."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import psycopg
import pytest
from rounds_support import ADMIN, channel, open_world

from bot.config import PROJECT_ROOT
from bot.core.errors import Conflict, StoreError
from bot.core.models import Platform
from bot.core.ports import ReviewState
from bot.store import open_store
from tests.integration.store_support import CHANNEL, COMMUNITY, opened, person, schedule

pytestmark = pytest.mark.postgres


@pytest.fixture
async def two(postgres_url):
    """Two stores on one database, each with its own connections, as two processes have."""
    stores = (await open_store(postgres_url), await open_store(postgres_url))
    yield stores
    for store in stores:
        await store.close()


CHANNELS = 1000

POSTER = """
import asyncio, json, sys
from rounds_support import open_world
from bot.schedule.runner import DueRunner

async def main():
    world = await open_world(sys.argv[1], "2026-03-02T09:00+00:00")
    await DueRunner(world.service).catch_up()
    await world.store.close()
    print(json.dumps([p.channel.channel_id for p in world.platform.posts]))

asyncio.run(main())
"""


async def test_three_processes_posting_1000_channels_at_once_post_each_exactly_once(postgres_url):
    setup = await open_world(postgres_url, "2026-03-02T08:00+00:00")
    for n in range(CHANNELS):
        await setup.service.setup(channel(f"c{n:04d}"), ADMIN, {"time": "09:00", "days": "daily"})
    await setup.store.close()
    support = str(PROJECT_ROOT / "tests" / "integration")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", POSTER, postgres_url],
            cwd=PROJECT_ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join((support, str(PROJECT_ROOT)))},
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err[-2000:] for _, err in outputs]
    posted = [c for out, _ in outputs for c in json.loads(out.strip().splitlines()[-1])]
    assert len(posted) == CHANNELS and len(set(posted)) == CHANNELS  # each channel once, by one process
    with psycopg.connect(postgres_url) as conn:
        rounds = conn.execute("SELECT count(*), count(message_ref) FROM rounds").fetchone()
    assert rounds == (CHANNELS, CHANNELS)


async def test_two_processes_resolving_one_appeal_resolve_it_once(postgres_url, two):
    first, second = two
    due = datetime(2026, 3, 3, tzinfo=UTC)
    await first.save_review(person("ann"), ReviewState("q1", "{}", due, 0.3, 1))  # Ann becomes a member
    with psycopg.connect(postgres_url) as conn:  # an answer row as the answer path stores it
        answer_id = conn.execute(
            "INSERT INTO answers (member, community, question_id, difficulty, body, score, verdict, "
            "source, submitted_at) SELECT id, community, 'q1', 'beginner', 'my answer', 0.3, 'partial', "
            "'form', '2026-03-02T09:00:00.000000Z' FROM members WHERE external_id = 'ann' RETURNING id"
        ).fetchone()
    appeal = await first.create_appeal(answer_id[0], person("ann"), "please look again")
    lead = person("lead")
    results = await asyncio.gather(
        *(s.resolve_appeal(appeal.id, n % 2 == 0, lead) for n in range(8) for s in (first, second)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    assert [a.status for a in await second.list_appeals(COMMUNITY, "all")] in (["accepted"], ["rejected"])
    with pytest.raises(Conflict, match="already"):
        await second.resolve_appeal(appeal.id, True, lead)


async def test_admins_added_at_once_by_two_processes_are_recorded_once(two):
    first, second = two
    results = await asyncio.gather(
        *(store.add_admin(COMMUNITY, "bea", f"by-{n}") for n in range(10) for store in (first, second))
    )
    assert results.count(True) == 1
    assert [c.action for c in await first.admin_changes(COMMUNITY)] == ["add"]
    assert await second.is_admin(COMMUNITY, "bea")


async def test_a_stale_posting_lease_is_taken_over_by_exactly_one_process(postgres_url, two):
    first, second = two
    day = date(2026, 3, 2)
    claimed = await first.claim_round(CHANNEL, day, "q1", opened(day), None)
    assert await second.take_over_post(claimed.id, 60) is False  # the claimer's lease is fresh
    with psycopg.connect(postgres_url) as conn:  # the claiming process died an hour ago
        conn.execute("UPDATE rounds SET post_lease = post_lease - 3600")
    taken = await asyncio.gather(
        *(store.take_over_post(claimed.id, 60) for _ in range(10) for store in (first, second))
    )
    assert taken.count(True) == 1
    await second.set_round_message(claimed.id, "msg-1")
    assert await first.take_over_post(claimed.id, 0) is False  # posted: no lease to take
    assert await first.unposted_rounds() == []


async def test_one_delivery_seen_by_two_processes_is_handled_once(two):
    first, second = two
    seen = await asyncio.gather(
        *(store.first_delivery(Platform.SLACK, "Ev-1") for _ in range(6) for store in (first, second))
    )
    assert seen.count(True) == 1
    await first.remember_reply(Platform.SLACK, "Ev-1", "done")
    assert await second.recorded_reply(Platform.SLACK, "Ev-1") == "done"


async def test_a_cohort_created_at_once_by_two_processes_exists_once(two):
    first, second = two
    results = await asyncio.gather(
        *(store.create_cohort(COMMUNITY, "Evening") for _ in range(5) for store in (first, second)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert [c.name for c in await second.list_cohorts(COMMUNITY)] == ["Evening"]
    joined = await asyncio.gather(*(s.join_cohort(person("cy"), "evening") for s in (first, second)))
    assert {c.members for c in joined} == {1}


async def test_a_store_carries_on_after_the_server_dropped_its_connections(postgres_url, two):
    first, _ = two
    await first.save_schedule(schedule())
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # what a server restart does to them
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'studybot'"
        ).fetchone()[0]
    assert dropped == 8  # both stores' connections
    for _ in range(6):  # more calls than connections: each dead one is replaced on its first use
        assert [s.tz for s in await first.list_schedules()] == ["UTC"]
        assert await first.claim_round(CHANNEL, date(2026, 3, 2), "q1", opened(date(2026, 3, 2)), None) in (
            None,
            await first.round_on(CHANNEL, date(2026, 3, 2)),
        )
    assert len(await first.channel_rounds(CHANNEL)) == 1


async def test_a_closed_store_refuses_further_calls_instead_of_waiting_for_a_connection(postgres_url):
    store = await open_store(postgres_url)
    await store.close()
    await store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="The store is closed"):
        await asyncio.wait_for(store.list_schedules(), timeout=10)
    with pytest.raises(StoreError, match="The store is closed"):
        await asyncio.wait_for(store.save_schedule(schedule()), timeout=10)
