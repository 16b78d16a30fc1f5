"""Schedules and rounds on SQLite and PostgreSQL: exactly-once claims, skips, closing and recovery."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.errors import InvalidInput, NotFound
from bot.core.models import AnswerMode, Order, RoundStatus, Schedule
from bot.store import open_store
from tests.integration.store_support import CHANNEL, OTHER_CHANNEL, opened


@pytest.fixture
async def store(db_target):
    s = await open_store(db_target)
    yield s
    await s.close()


async def test_a_saved_schedule_reads_back_with_every_setting(store):
    wanted = Schedule(
        channel=CHANNEL,
        post_time=time(7, 30),
        tz="Europe/Berlin",
        days=frozenset({0, 2, 4}),
        packs=("python", "sql"),
        order=Order.ADAPTIVE,
        answers=AnswerMode.BOTH,
        paused=True,
        close_time=time(21, 0),
        grace=timedelta(hours=2),
    )
    assert await store.save_schedule(wanted) == wanted
    assert await store.get_schedule(CHANNEL) == wanted
    assert await store.list_schedules() == [wanted]
    assert await store.get_schedule(OTHER_CHANNEL) is None


async def test_saving_a_schedule_again_replaces_it(store):
    await store.save_schedule(Schedule(channel=CHANNEL, tz="UTC"))
    await store.save_schedule(Schedule(channel=CHANNEL, tz="Asia/Tokyo", paused=True))
    assert [(s.tz, s.paused) for s in await store.list_schedules()] == [("Asia/Tokyo", True)]


async def test_a_schedule_with_an_unknown_zone_is_refused(store):
    with pytest.raises(InvalidInput, match="timezone"):
        await store.save_schedule(Schedule(channel=CHANNEL, tz="Nowhere/City"))


async def test_a_day_is_claimed_once_and_the_second_claim_gets_none(store):
    day = date(2024, 3, 4)
    first = await store.claim_round(CHANNEL, day, "q1", opened(day), opened(day) + timedelta(hours=12))
    assert first is not None and first.status is RoundStatus.OPEN and first.question_id == "q1"
    assert first.closes_at == opened(day) + timedelta(hours=12)
    assert await store.claim_round(CHANNEL, day, "q2", opened(day), None) is None
    assert (await store.round_on(CHANNEL, day)).question_id == "q1"


async def test_twenty_simultaneous_claims_of_one_day_yield_one_round(store):
    day = date(2024, 3, 5)
    claims = await asyncio.gather(
        *(store.claim_round(CHANNEL, day, f"q{i}", opened(day), None) for i in range(20))
    )
    assert sum(c is not None for c in claims) == 1


CLAIM_SCRIPT = """
import asyncio, sys
from datetime import date, datetime, UTC
from bot.core.models import ChannelRef, Platform
from bot.store import open_store

async def main():
    store = await open_store(sys.argv[1])
    ch = ChannelRef(Platform.DISCORD, "guild-1", "chan-1", "study")
    won = 0
    for i in range(40):
        day = date(2024, 1, 1).fromordinal(date(2024, 1, 1).toordinal() + i)
        if await store.claim_round(ch, day, sys.argv[2], datetime.now(UTC), None):
            won += 1
    await store.close()
    print(won)

asyncio.run(main())
"""


async def test_processes_sharing_the_database_never_claim_the_same_day_twice(db_target):
    path = db_target
    await (await open_store(path)).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIM_SCRIPT, str(path), f"p{i}"], stdout=subprocess.PIPE, text=True
        )
        for i in range(3)
    ]
    won = [int(p.communicate(timeout=60)[0]) for p in procs]
    assert sum(won) == 40
    store = await open_store(path)
    try:
        assert len(await store.channel_rounds(CHANNEL)) == 40
    finally:
        await store.close()


async def test_a_skipped_day_has_no_question_and_blocks_a_later_claim(store):
    day = date(2024, 3, 6)
    assert await store.skip_day(CHANNEL, day, "bot was down") is True
    assert await store.skip_day(CHANNEL, day, "again") is False
    assert await store.claim_round(CHANNEL, day, "q1", opened(day), None) is None
    skipped = await store.round_on(CHANNEL, day)
    assert skipped.status is RoundStatus.SKIPPED and skipped.question_id is None


async def test_a_posted_day_cannot_be_skipped(store):
    day = date(2024, 3, 7)
    await store.claim_round(CHANNEL, day, "q1", opened(day), None)
    assert await store.skip_day(CHANNEL, day, "too late") is False


async def test_only_one_caller_closes_a_round(store):
    day = date(2024, 3, 8)
    rnd = await store.claim_round(CHANNEL, day, "q1", opened(day), None)
    results = await asyncio.gather(
        *(store.close_round(rnd.id, datetime(2024, 3, 9, tzinfo=UTC)) for _ in range(5))
    )
    assert results.count(True) == 1
    assert (await store.get_round(rnd.id)).status is RoundStatus.CLOSED
    assert await store.open_rounds() == []


async def test_open_rounds_are_listed_per_channel_and_in_date_order(store):
    for day in (date(2024, 3, 12), date(2024, 3, 11)):
        await store.claim_round(CHANNEL, day, "q", opened(day), None)
    await store.claim_round(OTHER_CHANNEL, date(2024, 3, 11), "q", opened(date(2024, 3, 11)), None)
    assert [r.local_date.day for r in await store.open_rounds(CHANNEL)] == [11, 12]
    assert len(await store.open_rounds()) == 3
    assert [r.local_date.day for r in await store.channel_rounds(CHANNEL)] == [11, 12]


async def test_a_round_that_never_got_its_message_is_found_after_a_crash(store):
    a = await store.claim_round(CHANNEL, date(2024, 3, 13), "q", opened(date(2024, 3, 13)), None)
    b = await store.claim_round(OTHER_CHANNEL, date(2024, 3, 13), "q", opened(date(2024, 3, 13)), None)
    await store.set_round_message(a.id, "msg-1")
    assert [r.id for r in await store.unposted_rounds()] == [b.id]
    assert (await store.get_round(a.id)).message_ref == "msg-1"


async def test_setting_the_message_of_a_missing_round_says_so(store):
    with pytest.raises(NotFound):
        await store.set_round_message(999, "msg")
    assert await store.get_round(999) is None


async def test_channel_names_are_refreshed_when_they_change(store):
    day = date(2024, 3, 14)
    await store.claim_round(CHANNEL, day, "q", opened(day), None)
    renamed = CHANNEL.__class__(CHANNEL.platform, CHANNEL.community_id, CHANNEL.channel_id, "renamed")
    await store.claim_round(renamed, day + timedelta(days=1), "q", opened(day), None)
    assert {r.channel.name for r in await store.channel_rounds(CHANNEL)} == {"renamed"}
