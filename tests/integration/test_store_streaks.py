"""Property: the store's incremental streak state always equals the streak computed from history."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.models import RoundStatus, StreakState
from bot.core.streaks import RoundMark, streak_from_history
from bot.store import open_store
from tests.integration.store_support import CHANNEL, draft, opened, person, schedule

BASE = date(2024, 3, 1)
TODAY = BASE + timedelta(days=24)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("post"), st.integers(0, 24)),
        st.tuples(st.just("skip"), st.integers(0, 24)),
        st.tuples(st.just("close"), st.integers(0, 30)),
        st.tuples(st.just("answer"), st.integers(0, 30), st.booleans()),
    ),
    max_size=40,
)


async def replay(ops) -> StreakState:
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(Path(tmp) / "streaks.db")
        try:
            await store.save_schedule(schedule())
            counted: set[int] = set()
            ann = person("ann")
            state = StreakState()
            for op in ops:
                rounds = [
                    r for r in await store.channel_rounds(CHANNEL) if r.status is not RoundStatus.SKIPPED
                ]
                if op[0] == "post":
                    day = BASE + timedelta(days=op[1])
                    await store.claim_round(CHANNEL, day, f"q{op[1]}", opened(day), None)
                elif op[0] == "skip":
                    await store.skip_day(CHANNEL, BASE + timedelta(days=op[1]), "maintenance")
                elif op[0] == "close" and rounds:
                    await store.close_round(rounds[op[1] % len(rounds)].id, datetime(2024, 4, 1, tzinfo=UTC))
                elif op[0] == "answer" and rounds:
                    target = rounds[op[1] % len(rounds)]
                    got = await store.record_answer(draft(ann, target, 0.8, countable=op[2]))
                    if got.counted:
                        counted.add(target.id)
                rounds = [
                    r for r in await store.channel_rounds(CHANNEL) if r.status is not RoundStatus.SKIPPED
                ]
                marks = [
                    RoundMark(r.local_date, r.status is RoundStatus.CLOSED, r.id in counted) for r in rounds
                ]
                state = await store.member_streak(CHANNEL, ann, TODAY)
                assert state == streak_from_history(marks, TODAY)
            return state
        finally:
            await store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_the_stored_streak_matches_the_streak_from_history_after_every_step(ops):
    asyncio.run(replay(ops))


def test_a_long_answered_run_in_the_store_earns_and_uses_freezes():
    ops = []
    for i in range(9):
        ops += [("post", i), ("answer", i, True), ("close", i)]
    ops += [("post", 9), ("close", 9), ("post", 10), ("answer", 10, True)]
    state = asyncio.run(replay(ops))
    assert (state.current, state.longest, state.freezes) == (10, 10, 0)
