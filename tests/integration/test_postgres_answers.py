"""The answer path with several processes on one PostgreSQL database: double submits and a killed writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import psycopg
import pytest

from bot.config import PROJECT_ROOT
from bot.store import open_store
from tests.integration.store_support import draft, person, post

pytestmark = pytest.mark.postgres
MONDAY = date(2026, 3, 2)
SUBMITS = 20

SUBMITTER = """
import asyncio, sys
from bot.store import open_store
from tests.integration.store_support import draft, person

async def main():
    store = await open_store(sys.argv[1])
    round_ = await store.get_round(int(sys.argv[2]))
    counted = 0
    for _ in range(int(sys.argv[3])):
        twice = (store.record_answer(draft(person(sys.argv[4]), round_)) for _ in range(2))
        done = await asyncio.gather(*twice)
        counted += sum(a.counted for a in done)
    await store.close()
    print(counted)

asyncio.run(main())
"""

BURST = """
import asyncio, sys
from bot.store import open_store
from tests.integration.store_support import draft, person

async def main():
    store = await open_store(sys.argv[1])
    round_ = await store.get_round(int(sys.argv[2]))
    for n in range(100000):
        answer = await store.record_answer(draft(person(f"burst-{n}"), round_))
        print(answer.answer_id, flush=True)  # acknowledged: the transaction committed

asyncio.run(main())
"""


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=PROJECT_ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )


async def _round_id(url: str, *members: str) -> int:
    """Post Monday's round; `members` exist already (a practice answer), so their submits race
    on the round rather than queue behind the first one's creating them."""
    store = await open_store(url)
    try:
        for uid in members:
            await store.record_answer(draft(person(uid), None))
        return (await post(store, MONDAY)).id
    finally:
        await store.close()


async def test_three_processes_taking_one_members_double_submits_count_one_answer(postgres_url):
    round_id = await _round_id(postgres_url, "ann")
    procs = [_spawn(SUBMITTER, postgres_url, str(round_id), str(SUBMITS), "ann") for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err[-2000:] for _, err in outputs]
    assert sum(int(out.strip()) for out, _ in outputs) == 1  # every other submit was practice, none an error
    with psycopg.connect(postgres_url) as conn:
        answers = conn.execute("SELECT count(*), sum(counted) FROM answers").fetchone()
        answered = conn.execute("SELECT answered FROM rounds WHERE id = %s", (round_id,)).fetchone()[0]
        totals = conn.execute("SELECT answers, points > 0 FROM member_totals").fetchall()
        streak = conn.execute("SELECT current FROM member_streaks").fetchall()
    assert answers == (3 * SUBMITS * 2 + 1, 1)
    assert answered == 1 and totals == [(1, True)] and streak == [(1,)]


async def test_killing_one_process_mid_burst_loses_no_acknowledged_answer(postgres_url):
    round_id = await _round_id(postgres_url, "bob")
    killed = _spawn(BURST, postgres_url, str(round_id))
    steady = _spawn(SUBMITTER, postgres_url, str(round_id), str(SUBMITS), "bob")
    acknowledged: list[int] = []
    deadline = time.monotonic() + 120
    while len(acknowledged) < 50 and time.monotonic() < deadline:
        line = killed.stdout.readline()
        if not line:
            break
        acknowledged.append(int(line))
    killed.send_signal(signal.SIGKILL)
    rest, _ = killed.communicate(timeout=60)
    acknowledged += [int(line) for line in rest.split()]
    out, err = steady.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL and len(acknowledged) >= 50
    assert steady.returncode == 0 and int(out.strip()) == 1, err[-2000:]
    with psycopg.connect(postgres_url) as conn:
        stored = {r[0] for r in conn.execute("SELECT id FROM answers WHERE counted = 1").fetchall()}
        answered = conn.execute("SELECT answered FROM rounds WHERE id = %s", (round_id,)).fetchone()[0]
        totals = conn.execute("SELECT count(*), sum(answers) FROM member_totals").fetchone()
    assert set(acknowledged) <= stored  # every acknowledged answer is on disk
    assert answered == len(stored) == totals[0] == totals[1]  # counters agree with the rows kept
