"""APScheduler wiring: one cron job per schedule in its own zone, kept in step with the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from rounds_support import ADMIN, CHANNEL, channel, open_world

from bot.schedule.jobs import RoundJobs, close_trigger, open_trigger
from bot.schedule.runner import DueRunner
from bot.store import open_store

BERLIN = ZoneInfo("Europe/Berlin")


async def test_the_post_trigger_fires_at_local_time_on_both_sides_of_a_dst_change(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    change = await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin",
                                                        "days": "mon-fri"})
    trigger = open_trigger(change.schedule)
    friday = trigger.get_next_fire_time(None, datetime(2026, 3, 27, 8, 0, tzinfo=BERLIN))
    monday = trigger.get_next_fire_time(None, datetime(2026, 3, 27, 10, 0, tzinfo=BERLIN))
    assert friday.isoformat() == "2026-03-27T09:00:00+01:00"
    assert monday.isoformat() == "2026-03-30T09:00:00+02:00"  # the weekend is skipped, summer time
    assert close_trigger(change.schedule) is None
    closing = close_trigger(replace(change.schedule, close_time=time(17, 0)))
    assert closing is not None
    assert closing.get_next_fire_time(None, friday).isoformat() == "2026-03-27T17:00:00+01:00"
    await world.store.close()


async def test_start_builds_one_job_per_active_schedule_and_changes_rebuild_them(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    await world.service.setup(channel("a"), ADMIN, {"time": "09:00", "tz": "Asia/Tokyo"})
    await world.service.setup(channel("b"), ADMIN, {"time": "10:00"})
    await world.service.pause(channel("b"), ADMIN)
    jobs = RoundJobs(DueRunner(world.service))
    await jobs.start()
    try:
        assert [job_id for job_id, _ in jobs.jobs() if job_id != "sweep"] == ["open:console:local:a"]
        job = jobs.scheduler.get_job("open:console:local:a")
        assert (job.next_run_time.hour, str(job.next_run_time.tzinfo)) == (9, "Asia/Tokyo")
        await world.service.setup(channel("a"), ADMIN, {"time": "07:45"})  # rebuilt at once
        job = jobs.scheduler.get_job("open:console:local:a")
        assert (job.next_run_time.hour, job.next_run_time.minute) == (7, 45)
        await world.service.resume(channel("b"), ADMIN)
        assert jobs.scheduler.get_job("open:console:local:b") is not None
        await world.service.pause(channel("a"), ADMIN)
        assert jobs.scheduler.get_job("open:console:local:a") is None
    finally:
        await jobs.stop()
    assert not jobs.scheduler.running
    await world.store.close()


async def test_a_firing_job_posts_its_channel_once(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    await world.service.setup(channel("a"), ADMIN, {"time": "09:00"})
    await world.service.setup(channel("b"), ADMIN, {"time": "09:00"})
    jobs = RoundJobs(DueRunner(world.service))
    await jobs.start()
    try:
        world.at("2026-03-02T09:00+00:00")
        job = jobs.scheduler.get_job("open:console:local:a")
        await job.func(*job.args)
        await job.func(*job.args)  # a doubled or late firing does no harm
        assert [p.channel.channel_id for p in world.platform.posts] == ["a"]
    finally:
        await jobs.stop()
    await world.store.close()


async def test_the_sweep_picks_up_a_schedule_changed_by_another_process(db_target):
    world = await open_world(db_target, "2026-03-02T07:00+00:00")
    await world.service.setup(channel("a"), ADMIN, {"time": "09:00"})
    jobs = RoundJobs(DueRunner(world.service))
    await jobs.start()
    try:
        other = await open_store(db_target)
        schedule = await other.get_schedule(channel("a"))
        await other.save_schedule(replace(schedule, post_time=time(11, 30)))
        await other.close()
        await jobs._sweep()
        job = jobs.scheduler.get_job("open:console:local:a")
        assert (job.next_run_time.hour, job.next_run_time.minute) == (11, 30)
    finally:
        await jobs.stop()
    await world.store.close()
