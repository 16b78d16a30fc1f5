"""Answers, hints and appeals are bound to the community and channel that own the round."""

from __future__ import annotations

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, channel, open_world

from bot.core.errors import NotAllowed
from bot.core.models import MemberRef, Platform

GOOD = "It reduces overfitting, because it adds random noise to the inputs during training."
OUTSIDER = MemberRef(Platform.CONSOLE, "another-community", MEMBER.user_id, "same id elsewhere")


@pytest.fixture
async def posted(db_target):
    """A world with one posted round; its store is closed after the test so no thread outlives it."""
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    try:
        await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
        yield world, await world.service.post_now(CHANNEL, ADMIN)
    finally:
        await world.store.close()


async def stored_answers(world) -> int:
    return len([row async for row in world.store.iter_answers()])


async def test_an_answer_from_another_community_is_refused_and_recorded_nowhere(posted):
    world, round_ = posted
    with pytest.raises(NotAllowed, match="belongs to another community, so nothing was recorded"):
        await world.service.submit_answer(OUTSIDER, round_.id, GOOD)
    assert await stored_answers(world) == 0
    assert world.platform.counts == []
    assert await world.store.answer_count(round_.id) == 0
    board = await world.service.leaderboard(CHANNEL, MEMBER, "all")
    assert board.rows == ()
    assert (await world.service.submit_answer(MEMBER, round_.id, GOOD)).counted


async def test_an_answer_given_from_another_channel_is_refused(posted):
    world, round_ = posted
    with pytest.raises(NotAllowed, match="was posted in #general, not here"):
        await world.service.submit_answer(MEMBER, round_.id, GOOD, channel=channel("random"))
    assert await stored_answers(world) == 0
    counted = await world.service.submit_answer(MEMBER, round_.id, GOOD, channel=CHANNEL)
    assert counted.counted and await world.store.answer_count(round_.id) == 1


async def test_hints_and_the_answer_form_are_refused_outside_the_rounds_community(posted):
    world, round_ = posted
    with pytest.raises(NotAllowed, match="another community"):
        await world.service.hint(OUTSIDER, round_.id, 1)
    with pytest.raises(NotAllowed, match="another community"):
        await world.service.answer_form(OUTSIDER, round_.id)
    with pytest.raises(NotAllowed, match="not here"):
        await world.service.hint(MEMBER, round_.id, 1, channel=channel("random"))
    assert (await world.service.hint(MEMBER, round_.id, 1, channel=CHANNEL)).number == 1


async def test_an_appeal_from_another_channel_is_refused_and_files_nothing(posted):
    world, round_ = posted
    answer = await world.service.submit_answer(MEMBER, round_.id, "It is a kind of layer.", channel=CHANNEL)
    with pytest.raises(NotAllowed, match="not here"):
        await world.service.appeal(MEMBER, answer.answer_id, "right", channel=channel("random"))
    assert await world.service.appeals(ADMIN) == []
    filed = await world.service.appeal(MEMBER, answer.answer_id, "right", channel=CHANNEL)
    assert [a.id for a in await world.service.appeals(ADMIN)] == [filed.appeal.id]
