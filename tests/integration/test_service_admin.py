"""Admin use cases on a real database: setup, pause, resume, skip, post-now, status, stats, packs."""

from __future__ import annotations

from datetime import date

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, open_world

from bot.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.core.models import Actor, Order, RoundStatus

MONDAY_MORNING = "2026-03-02T07:00+00:00"


async def test_setup_confirms_in_words_with_the_next_post_in_the_schedule_timezone(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    change = await world.service.setup(
        CHANNEL, ADMIN, {"time": "09:30", "tz": "europe/berlin", "days": "mon,wed", "order": "shuffled"}
    )
    assert change.schedule.tz == "Europe/Berlin"
    assert change.schedule.order == Order.SHUFFLED
    assert change.next_post is not None and change.next_post.isoformat() == "2026-03-02T09:30:00+01:00"
    assert "09:30 Europe/Berlin" in change.message and "Mon 2 Mar 09:30 CET" in change.message
    await world.store.close()


async def test_setup_keeps_options_that_are_not_given(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    await world.service.setup(CHANNEL, ADMIN, {"time": "10:00", "tz": "Asia/Tokyo", "packs": "extra"})
    change = await world.service.setup(CHANNEL, ADMIN, {"days": "daily"})
    assert (change.schedule.post_time.hour, change.schedule.tz, change.schedule.packs) == (
        10, "Asia/Tokyo", ("extra",)
    )
    assert change.message.startswith("Updated.")
    await world.store.close()


async def test_setup_by_a_member_is_refused_saying_who_may(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    with pytest.raises(NotAllowed, match="Only admins can set up"):
        await world.service.setup(CHANNEL, Actor(MEMBER), {"time": "09:00"})
    assert await world.store.get_schedule(CHANNEL) is None
    await world.store.close()


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"tz": "Mars/Olympus"}, "not a known timezone"),
        ({"time": "25:99"}, "use 24-hour HH:MM"),
        ({"days": "funday"}, "is not a day"),
        ({"packs": "nope"}, "loaded packs: test, extra"),
        ({"order": "random"}, "choose one of sequential, shuffled, adaptive"),
        ({"colour": "blue"}, "it accepts time, tz"),
    ],
)
async def test_setup_with_a_bad_option_says_what_was_wrong(db_target, options, says):
    world = await open_world(db_target, MONDAY_MORNING)
    with pytest.raises(InvalidInput, match=says):
        await world.service.setup(CHANNEL, ADMIN, options)
    await world.store.close()


async def test_pause_means_no_next_post_and_resume_brings_it_back(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00"})
    paused = await world.service.pause(CHANNEL, ADMIN)
    assert paused.schedule.paused and paused.next_post is None
    assert "until it is resumed" in paused.message
    resumed = await world.service.resume(CHANNEL, ADMIN)
    assert not resumed.schedule.paused and resumed.next_post is not None
    await world.store.close()


async def test_pause_without_a_schedule_explains_how_to_set_one_up(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    with pytest.raises(NotFound, match="studybot setup"):
        await world.service.pause(CHANNEL, ADMIN)
    await world.store.close()


async def test_skip_marks_the_next_day_and_the_next_post_moves_on(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "mon-fri"})
    change = await world.service.skip(CHANNEL, ADMIN)
    assert "Skipped Mon 2 Mar" in change.message
    assert change.next_post is not None and change.next_post.date() == date(2026, 3, 3)
    skipped = await world.store.round_on(CHANNEL, date(2026, 3, 2))
    assert skipped is not None and skipped.status == RoundStatus.SKIPPED
    await world.store.close()


async def test_post_now_opens_today_once_and_refuses_a_second_time(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    await world.service.setup(CHANNEL, ADMIN, {"time": "18:00"})
    opened = await world.service.post_now(CHANNEL, ADMIN)
    assert opened.local_date == date(2026, 3, 2) and opened.message_ref == f"msg-{opened.id}"
    assert [p.round_id for p in world.platform.posts] == [opened.id]
    with pytest.raises(Conflict, match="already posted"):
        await world.service.post_now(CHANNEL, ADMIN)
    status = await world.service.status(CHANNEL)
    assert status.open_round is not None and status.open_round.id == opened.id
    assert status.next_post is not None and status.next_post.date() == date(2026, 3, 3)
    await world.store.close()


async def test_status_and_stats_of_a_new_channel_are_empty_not_errors(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    status = await world.service.status(CHANNEL)
    assert (status.schedule, status.open_round, status.next_post) == (None, None, None)
    assert status.answered_today == 0
    stats = await world.service.stats(CHANNEL, ADMIN)
    assert (stats.rounds, stats.answers, stats.participants) == (0, 0, 0)
    with pytest.raises(NotAllowed):
        await world.service.stats(CHANNEL, Actor(MEMBER))
    await world.store.close()


async def test_packs_lists_every_loaded_pack_with_its_size(db_target):
    world = await open_world(db_target, MONDAY_MORNING)
    assert [(p.id, p.questions) for p in await world.service.packs()] == [("test", 6), ("extra", 1)]
    await world.store.close()
