"""A 100 KB reply from a chat form or thread: refused before grading with its length, no attempt used."""

from __future__ import annotations

import time

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, open_world

from bot.core.errors import AnswerRejected

HUGE = "relu does not saturate " * 4_348 + "relu"  # 100,008 characters
GOOD = "It reduces overfitting, because it adds random noise to the inputs during training."


async def test_a_100_kb_reply_is_refused_with_its_length_and_the_limit_and_costs_no_attempt(db_target):
    world = await open_world(db_target, "2026-03-02T09:00+00:00")
    try:
        await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
        round_ = await world.service.post_now(CHANNEL, ADMIN)
        started = time.perf_counter()
        with pytest.raises(AnswerRejected, match=r"100,008 characters long; the limit is 4,000\. Shorten it"):
            await world.service.submit_answer(MEMBER, round_.id, HUGE)
        assert time.perf_counter() - started < 1.0
        assert await world.store.answer_count(round_.id) == 0
        assert (await world.service.submit_answer(MEMBER, round_.id, GOOD)).counted
    finally:
        await world.store.close()
