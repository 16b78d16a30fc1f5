"""bot.core.phases on the answer path: a tracked submission says where its time went (the store
benchmark's latency breakdown); an untracked one records nothing."""

from __future__ import annotations

import asyncio
import time

from bot.core import phases
from bot.core.grading_pool import GradingPool
from tests.integration.rounds_support import ADMIN, CHANNEL, MEMBER, open_world

GOOD = "It reduces overfitting, because it adds random noise to the inputs during training."
WRITER = {"write_queued", "write_begin", "write_tx", "write_own", "commit", "write_ack"}


async def test_a_tracked_answer_accounts_for_its_time_phase_by_phase(tmp_path):
    world = await open_world(tmp_path / "a.db", "2026-03-02T09:00+00:00")
    world.service.grading = GradingPool(1)
    try:
        await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
        round_ = await world.service.post_now(CHANNEL, ADMIN)

        async def tracked() -> tuple[dict[str, float], float]:
            timings = phases.track()
            start = time.perf_counter()
            feedback = await world.service.submit_answer(MEMBER, round_.id, GOOD)
            assert feedback.counted
            return timings, time.perf_counter() - start

        timings, took = await asyncio.create_task(tracked())
        assert {"read_round", "grade_queued", "grade", "grade_ipc"} | WRITER <= set(timings)
        assert all(seconds >= 0 for seconds in timings.values())
        assert timings["write_own"] <= timings["write_tx"]
        assert sum(v for k, v in timings.items() if k != "write_own") <= took

        untracked = await world.service.submit_answer(MEMBER, round_.id, GOOD)  # this task tracks nothing
        assert not untracked.counted and phases.current() is None
    finally:
        world.service.grading.close()
        await world.store.close()
