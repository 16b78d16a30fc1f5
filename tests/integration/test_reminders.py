"""Reminders and freeze notes on a real database, driven by the scheduler and a simulated clock."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, open_world

from bot.core.errors import InvalidInput
from bot.core.models import MemberRef, Platform
from bot.schedule.runner import DueRunner

GOOD = "It reduces overfitting because it adds random noise during training."
BEN = MemberRef(Platform.CONSOLE, "local", "ben", "ben")


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


async def daily_world(db_target, now: str, **setup: str):
    world = await open_world(db_target, now)
    runner = DueRunner(world.service)
    await runner.catch_up()
    await world.service.setup(
        CHANNEL, ADMIN, {"time": "09:00", "tz": "Europe/Berlin", "days": "daily", **setup}
    )
    return world, runner


async def answer_open(world, member=MEMBER) -> None:
    round_ = (await world.store.open_rounds(CHANNEL))[-1]
    await world.service.submit_answer(member, round_.id, GOOD)


async def opted_in(db_target, start: str, answer_at: str, **remind: str):
    """A daily Berlin channel whose first round ana answered (streak 1) before turning reminders on."""
    world, runner = await daily_world(db_target, start)
    await runner.advance(world.clock, at(answer_at))
    await answer_open(world)
    await world.service.remind(CHANNEL, MEMBER, {"action": "on", **remind})
    return world, runner


async def test_a_reminder_comes_once_before_the_round_closes_and_not_again_after_a_restart(db_target):
    world, runner = await daily_world(db_target, "2026-03-02T07:00+00:00")
    await runner.advance(world.clock, at("2026-03-02T08:30+00:00"))  # Monday's round is open
    await answer_open(world)  # streak 1
    await world.service.remind(CHANNEL, MEMBER, {"action": "on", "before": "2h"})
    # Tuesday's round opens 09:00 Berlin (08:00 UTC) and closes Wednesday 08:00 UTC: due 06:00 UTC
    await runner.advance(world.clock, at("2026-03-04T05:59+00:00"))
    assert world.platform.private == []
    await runner.advance(world.clock, at("2026-03-04T06:00+00:00"))
    [note] = world.platform.private
    assert note.kind == "reminder" and note.member.user_id == "ana"
    assert note.closes_at == at("2026-03-04T08:00+00:00") and "1-day streak" in note.text
    await runner.advance(world.clock, at("2026-03-04T07:30+00:00"))
    assert len(world.platform.private) == 1  # never twice, however many runs
    await world.store.close()

    again = await open_world(db_target, "2026-03-04T07:45+00:00")  # a restarted process
    restarted = DueRunner(again.service)
    await restarted.catch_up()
    await restarted.run_due()
    assert again.platform.private == []
    await again.store.close()


async def test_no_reminder_once_the_member_answered(db_target):
    world, runner = await opted_in(db_target, "2026-03-02T07:00+00:00", "2026-03-02T08:30+00:00", before="2h")
    await runner.advance(world.clock, at("2026-03-03T12:00+00:00"))
    await answer_open(world)  # Tuesday answered before the reminder is due
    await runner.advance(world.clock, at("2026-03-04T07:59+00:00"))
    assert world.platform.private == []
    await world.store.close()


async def test_no_reminder_without_a_streak_or_without_opting_in(db_target):
    world, runner = await daily_world(db_target, "2026-03-02T07:00+00:00")
    await runner.advance(world.clock, at("2026-03-02T08:30+00:00"))
    await answer_open(world, BEN)  # ben has a streak but never turned reminders on
    await world.service.remind(CHANNEL, MEMBER, {"action": "on"})  # ana opted in, streak 0
    await runner.advance(world.clock, at("2026-03-04T07:59+00:00"))
    assert world.platform.private == []
    await world.store.close()


async def test_before_counts_back_from_the_real_close_across_the_spring_change(db_target):
    # Saturday 28 March opens 09:00 CET (08:00 UTC); it closes Sunday 09:00 CEST (07:00 UTC)
    world, runner = await opted_in(db_target, "2026-03-27T07:00+00:00", "2026-03-27T09:00+00:00", before="2h")
    await runner.advance(world.clock, at("2026-03-29T04:59+00:00"))
    assert world.platform.private == []
    await runner.advance(world.clock, at("2026-03-29T05:00+00:00"))  # 07:00 CEST, two hours before
    assert [n.round_id for n in world.platform.private] == [
        (await world.store.round_on(CHANNEL, date(2026, 3, 28))).id
    ]
    await world.store.close()


async def test_at_keeps_its_wall_clock_time_across_the_autumn_change(db_target):
    # Saturday 24 October opens 09:00 CEST; the first 08:00 after it is Sunday 08:00 CET = 07:00 UTC
    world, runner = await opted_in(db_target, "2026-10-23T06:00+00:00", "2026-10-23T08:00+00:00", at="8:00")
    await runner.advance(world.clock, at("2026-10-25T06:59+00:00"))
    assert world.platform.private == []
    await runner.advance(world.clock, at("2026-10-25T07:00+00:00"))
    assert len(world.platform.private) == 1
    await world.store.close()


async def test_a_paused_channel_gets_no_reminder_until_it_is_resumed(db_target):
    world, runner = await opted_in(db_target, "2026-03-02T07:00+00:00", "2026-03-02T08:30+00:00", before="2h")
    await runner.advance(world.clock, at("2026-03-03T10:00+00:00"))  # Tuesday's round is open
    await world.service.pause(CHANNEL, ADMIN)
    await runner.advance(world.clock, at("2026-03-04T07:00+00:00"))  # past the due time
    assert world.platform.private == []
    await world.service.resume(CHANNEL, ADMIN)
    await runner.run_due()
    [note] = world.platform.private
    assert note.round_id == (await world.store.round_on(CHANNEL, date(2026, 3, 3))).id
    await world.store.close()


async def test_a_failed_direct_message_is_recorded_and_not_tried_again(db_target):
    world, runner = await opted_in(db_target, "2026-03-02T07:00+00:00", "2026-03-02T08:30+00:00", before="2h")
    world.platform.closed_dms.add("ana")
    await runner.advance(world.clock, at("2026-03-04T07:30+00:00"))
    tuesday = await world.store.round_on(CHANNEL, date(2026, 3, 3))
    assert world.platform.private == [] and world.platform.private_attempts == 1
    assert await world.store.notice_status("reminder", tuesday.id, MEMBER) == "failed"
    await world.store.close()


async def test_the_channel_default_applies_and_an_admin_can_turn_reminders_off(db_target):
    world, runner = await daily_world(db_target, "2026-03-02T07:00+00:00")
    change = await world.service.setup(CHANNEL, ADMIN, {"remind": "30m"})
    assert "30m before a round closes" in change.message
    await runner.advance(world.clock, at("2026-03-02T08:30+00:00"))
    await answer_open(world)
    await world.service.remind(CHANNEL, MEMBER, {"action": "on"})
    await runner.advance(world.clock, at("2026-03-04T07:29+00:00"))
    assert world.platform.private == []
    await runner.advance(world.clock, at("2026-03-04T07:30+00:00"))
    assert len(world.platform.private) == 1
    await world.service.setup(CHANNEL, ADMIN, {"remind": "off"})
    await runner.advance(world.clock, at("2026-03-05T07:45+00:00"))
    assert len(world.platform.private) == 1
    await world.store.close()


async def test_a_freeze_earned_and_a_freeze_used_each_send_one_note(db_target):
    world, runner = await daily_world(db_target, "2026-03-02T07:00+00:00")
    for day in range(2, 9):  # seven answered days in a row
        await runner.advance(world.clock, at(f"2026-03-{day:02d}T09:00+00:00"))
        await answer_open(world)
    [earned] = world.platform.private
    assert (earned.kind, earned.event, earned.freezes) == ("freeze", "earned", 1)
    await runner.advance(world.clock, at("2026-03-10T09:00+00:00"))  # Monday 9th missed, closed
    used = world.platform.private[1:]
    assert [(n.event, n.freezes) for n in used] == [("used", 0)]
    assert (await world.service.streak(CHANNEL, MEMBER)).current == 7
    await runner.advance(world.clock, at("2026-03-11T09:00+00:00"))
    assert len(world.platform.private) == 2
    await world.store.close()


async def test_members_who_turned_reminders_off_get_no_freeze_notes(db_target):
    world, runner = await daily_world(db_target, "2026-03-02T07:00+00:00")
    await world.service.remind(CHANNEL, MEMBER, {"action": "off"})
    for day in range(2, 9):
        await runner.advance(world.clock, at(f"2026-03-{day:02d}T09:00+00:00"))
        await answer_open(world)
    assert world.platform.private == []
    await world.store.close()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"action": "on", "at": "18:00", "before": "2h"}, "not both"),
        ({"action": "on", "before": "soon"}, "not a lead time"),
        ({"action": "on", "before": "3m"}, "choose from 5m to 48h"),
        ({"action": "on", "at": "25:00"}, "`at=25:00` is not a time"),
        ({"action": "off", "before": "2h"}, "takes no time"),
        ({"action": "maybe"}, "say `on` or `off`"),
    ],
)
async def test_bad_remind_options_are_refused_with_what_to_write(db_target, options, words):
    world, _ = await daily_world(db_target, "2026-03-02T07:00+00:00")
    with pytest.raises(InvalidInput, match=words):
        await world.service.remind(CHANNEL, MEMBER, options)
    assert await world.store.get_reminder(CHANNEL, MEMBER) is None
    await world.store.close()


async def test_remind_without_options_says_how_it_is_set(db_target):
    world, _ = await daily_world(db_target, "2026-03-02T07:00+00:00")
    first = await world.service.remind(CHANNEL, MEMBER, {})
    assert first.pref is None and "not turned on" in first.message
    await world.service.remind(CHANNEL, MEMBER, {"at": "18:30"})
    shown = await world.service.remind(CHANNEL, MEMBER, {})
    assert shown.pref.enabled and "at 18:30" in shown.message
    await world.store.close()


async def test_a_bad_channel_default_is_refused_and_nothing_changes(db_target):
    world, _ = await daily_world(db_target, "2026-03-02T07:00+00:00")
    with pytest.raises(InvalidInput, match="remind=off"):
        await world.service.setup(CHANNEL, ADMIN, {"remind": "tomorrow", "time": "10:00"})
    schedule = await world.store.get_schedule(CHANNEL)
    assert schedule.post_time.hour == 9
    await world.store.close()


async def test_two_processes_on_one_database_send_a_reminder_once(db_target):
    world, runner = await opted_in(db_target, "2026-03-02T07:00+00:00", "2026-03-02T08:30+00:00", before="2h")
    await runner.advance(world.clock, at("2026-03-04T05:59+00:00"))
    other = await open_world(db_target, "2026-03-04T06:30+00:00")  # a second process
    world.at("2026-03-04T06:30+00:00")
    sent = await asyncio.gather(*(w.service.send_private_notes() for w in (world, other) for _ in range(3)))
    assert sum(len(s) for s in sent) == 1
    assert len(world.platform.private) + len(other.platform.private) == 1
    await other.store.close()
    await world.store.close()
