"""The due-logic on a real database: on-time posts, closing, catch-up, exactly once, fan-out."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime

from rounds_support import ADMIN, CHANNEL, RecordingPlatform, channel, open_world

from bot.core.models import RoundStatus
from bot.schedule.fanout import FanOut
from bot.schedule.runner import DueRunner


async def test_advancing_the_clock_posts_each_scheduled_day_and_closes_the_previous_one(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")  # Monday
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "mon-fri"})
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-09T07:00+00:00"))
    posted = [(p.local_date.isoformat(), p.question.id) for p in world.platform.posts]
    assert posted == [("2026-03-02", "t-01"), ("2026-03-03", "t-02"), ("2026-03-04", "t-03"),
                      ("2026-03-05", "t-04"), ("2026-03-06", "t-05")]
    assert [r.round_id for r in world.platform.reveals] == [p.round_id for p in world.platform.posts[:4]]
    friday = await world.store.round_on(CHANNEL, date(2026, 3, 6))
    assert friday is not None and friday.status == RoundStatus.OPEN  # open over the weekend
    await world.store.close()


async def test_post_times_follow_local_time_across_a_daylight_saving_change(db_target):
    world = await open_world(db_target, "2026-03-27T07:00+00:00")  # Friday before CEST
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "mon-fri"})
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-31T12:00+00:00"))
    utc_hours = [(r.local_date.isoformat(), (await world.store.get_round(r.round_id)).opened_at.hour)
                 for r in world.platform.posts]
    assert utc_hours == [("2026-03-27", 8), ("2026-03-30", 7), ("2026-03-31", 7)]
    await world.store.close()


async def test_a_schedule_set_up_after_todays_post_time_waits_for_tomorrow(db_target):
    world = await open_world(db_target, "2026-03-02T10:00+00:00")
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-02T23:00+00:00"))
    assert world.platform.posts == []
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-03T09:00+00:00"))
    assert [p.local_date for p in world.platform.posts] == [date(2026, 3, 3)]
    await world.store.close()


async def _schedule_then_restart(db_target, restart_at: str) -> tuple[RecordingPlatform, object]:
    first = await open_world(db_target, "2026-03-02T08:00+00:00")
    runner = DueRunner(first.service)
    await runner.catch_up()
    await first.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
    await runner.advance(first.clock, datetime.fromisoformat("2026-03-02T09:05+00:00"))
    await first.store.close()  # the bot goes down after Monday's post
    second = await open_world(db_target, restart_at)
    await DueRunner(second.service).catch_up()
    return second.platform, second


async def test_a_restart_inside_the_grace_window_posts_the_missed_day_late(db_target):
    platform, world = await _schedule_then_restart(db_target, "2026-03-03T14:30+00:00")
    assert [p.local_date for p in platform.posts] == [date(2026, 3, 3)]
    assert [r.round_id for r in platform.reveals] == [1]  # Monday's round closed with its reveal
    await world.store.close()


async def test_a_restart_outside_the_grace_window_skips_the_day_and_says_so(db_target):
    platform, world = await _schedule_then_restart(db_target, "2026-03-03T15:30+00:00")
    assert platform.posts == []
    skipped = await world.store.round_on(CHANNEL, date(2026, 3, 3))
    assert skipped is not None and skipped.status == RoundStatus.SKIPPED
    assert len(platform.notices) == 1 and "Streaks are not affected" in platform.notices[0][1]
    await world.store.close()


async def test_a_restart_days_later_posts_today_and_skips_every_day_in_between(db_target):
    platform, world = await _schedule_then_restart(db_target, "2026-03-06T10:00+00:00")
    assert [p.local_date for p in platform.posts] == [date(2026, 3, 6)]
    statuses = [(await world.store.round_on(CHANNEL, date(2026, 3, d))).status for d in (3, 4, 5)]
    assert statuses == [RoundStatus.SKIPPED] * 3
    await world.store.close()


async def test_a_round_claimed_but_never_posted_is_posted_at_the_next_start(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
    schedule = await world.store.get_schedule(CHANNEL)
    claimed = await world.service.claim_round(schedule, date(2026, 3, 2))  # then the process dies
    await world.store.close()
    again = await open_world(db_target, "2026-03-02T09:10+00:00")
    again.service.post_lease_seconds = 0.0  # the claiming process died: its lease is void
    await DueRunner(again.service).catch_up()
    assert [p.round_id for p in again.platform.posts] == [claimed.id]
    assert (await again.store.get_round(claimed.id)).message_ref == f"msg-{claimed.id}"
    await again.store.close()


async def test_two_processes_on_one_database_post_each_day_once(db_target):
    setup = await open_world(db_target, "2026-03-02T08:00+00:00")
    for n in range(20):
        await setup.service.setup(channel(f"c{n}"), ADMIN, {"time": "09:00", "days": "daily"})
    await setup.store.close()
    worlds = [await open_world(db_target, "2026-03-02T08:59+00:00",
                               RecordingPlatform(delay=0.005)) for _ in range(2)]
    runners = [DueRunner(w.service) for w in worlds]
    await asyncio.gather(*(r.catch_up() for r in runners))
    until = datetime.fromisoformat("2026-03-03T09:30+00:00")
    reports = await asyncio.gather(*(r.advance(w.clock, until) for r, w in zip(runners, worlds, strict=True)))
    posts = [(p.channel.channel_id, p.local_date) for w in worlds for p in w.platform.posts]
    assert len(posts) == 40 and len(set(posts)) == 40  # 20 channels x 2 days, each exactly once
    assert sum(len(r.posted) for r in reports) == 40
    for w in worlds:
        await w.store.close()


async def test_a_slow_channel_does_not_delay_the_others(db_target):
    platform = RecordingPlatform(delay=0.01, slow_channels={"c0": 1.5})
    world = await open_world(db_target, "2026-03-02T08:00+00:00", platform)
    for n in range(30):
        await world.service.setup(channel(f"c{n}"), ADMIN, {"time": "09:00", "days": "daily"})
    runner = DueRunner(world.service, FanOut(world.service, concurrency=4))
    await runner.catch_up()
    world.at("2026-03-02T09:00+00:00")
    started = time.monotonic()
    task = asyncio.create_task(runner.run_due())
    while len(platform.posts) < 29:
        await asyncio.sleep(0.01)
    assert time.monotonic() - started < 1.0  # the other 29 did not wait for c0
    report = await task
    assert len(report.posted) == 30
    await world.store.close()


async def test_a_failing_channel_is_retried_then_reported_and_the_others_still_post(db_target):
    platform = RecordingPlatform(failing_channels={"c1"})
    world = await open_world(db_target, "2026-03-02T08:00+00:00", platform)
    for n in range(3):
        await world.service.setup(channel(f"c{n}"), ADMIN, {"time": "09:00", "days": "daily"})
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    world.service.post_lease_seconds = 0.0  # re-posting a failed channel without waiting for its lease
    runner = DueRunner(world.service, FanOut(world.service, backoff=(1.0, 5.0), sleep=no_wait))
    await runner.catch_up()
    world.at("2026-03-02T09:00+00:00")
    report = await runner.run_due()
    assert sorted(p.channel.channel_id for p in platform.posts) == ["c0", "c2"]
    assert platform.attempts["c1"] == 3 and waits == [1.0, 5.0]
    assert [r.channel.channel_id for r, _ in report.failed] == ["c1"]
    assert [c for c, _ in platform.notices] == ["c1"] and "could not be posted" in platform.notices[0][1]
    # the claimed round is not lost: a later run posts it once the channel works again
    platform.failing_channels.clear()
    world.later(minutes=5)
    await runner.run_due()
    assert sorted(p.channel.channel_id for p in platform.posts) == ["c0", "c1", "c2"]
    await world.store.close()


async def test_paused_channels_get_no_post(db_target):
    world = await open_world(db_target, "2026-03-02T08:00+00:00")
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
    await world.service.pause(CHANNEL, ADMIN)
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-04T10:00+00:00"))
    assert world.platform.posts == []
    await world.service.resume(CHANNEL, ADMIN)
    await runner.advance(world.clock, datetime.fromisoformat("2026-03-05T10:00+00:00"))
    assert [p.local_date for p in world.platform.posts] == [date(2026, 3, 5)]
    await world.store.close()


async def test_a_channel_that_keeps_failing_is_retried_a_few_times_then_left_alone(db_target):
    platform = RecordingPlatform(failing_channels={"c0"})
    world = await open_world(db_target, "2026-03-02T08:00+00:00", platform)
    await world.service.setup(channel("c0"), ADMIN, {"time": "09:00", "days": "daily"})

    async def no_wait(seconds: float) -> None:
        return None

    world.service.post_lease_seconds = 0.0  # re-posting a failed channel without waiting for its lease
    runner = DueRunner(world.service, FanOut(world.service, sleep=no_wait))
    await runner.catch_up()
    world.at("2026-03-02T09:00+00:00")
    for _ in range(8):  # the minute sweeps of the next 40 minutes
        await runner.run_due()
        world.later(minutes=5)
    assert platform.attempts["c0"] == 3 * (1 + 3)  # the first post and three recoveries, 3 tries each
    assert len(platform.notices) == 4
    await world.store.close()
