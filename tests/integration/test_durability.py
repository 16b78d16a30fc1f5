"""An answer acknowledged to a member survives the process being killed mid-burst (SIGKILL), with
its counted flag, points, streak and review card; the durability pragmas the docs promise hold on
every connection."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bot.core.models import MemberRef, Platform
from bot.store import migrations, open_store
from tests.integration.rounds_support import CHANNEL

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import asyncio, sys
from datetime import date, datetime, UTC
from bot.core.models import AnswerDraft, ChannelRef, Difficulty, Grade, MemberRef, Platform, Verdict
from bot.store import open_store

async def main():
    store = await open_store(sys.argv[1])
    ch = ChannelRef(Platform.CONSOLE, "local", "general", "general")
    rnd = await store.claim_round(ch, date(2024, 3, 4), "q1", datetime.now(UTC), None)
    print("ready", flush=True)

    async def submit(i):
        member = MemberRef(Platform.CONSOLE, "local", f"user-{i}", f"User {i}")
        grade = Grade(0.9, Verdict.CORRECT, ("a",), (), grader_version="g1")
        got = await store.record_answer(AnswerDraft(member, "q1", Difficulty.BEGINNER, "answer " * 50,
                                                    grade, datetime.now(UTC), rnd.id))
        print(got.answer_id, flush=True)

    i = 0
    while True:
        await asyncio.gather(*(submit(i + k) for k in range(20)))
        i += 20

asyncio.run(main())
"""


async def test_every_acknowledged_answer_is_on_disk_after_sigkill(tmp_path):
    path = tmp_path / "durable.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout.readline().strip() == "ready"
    acknowledged: list[int] = []
    deadline = time.monotonic() + 30
    while len(acknowledged) < 400 and time.monotonic() < deadline:
        line = await asyncio.to_thread(proc.stdout.readline)
        acknowledged.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait(timeout=10)
    acknowledged += [int(x) for x in rest.split()]
    assert len(acknowledged) >= 400

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in conn.execute("SELECT id FROM answers")}
    finally:
        conn.close()
    assert set(acknowledged) <= stored

    store = await open_store(path)
    try:
        assert await store.answer_count(1) == len(stored)
    finally:
        await store.close()


def promised_pragmas() -> dict[str, str]:
    """The pragma table of docs/operations.md ("Durability and write batching")."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## Durability and write batching", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", section, flags=re.MULTILINE))


async def test_the_durability_the_docs_promise_is_in_force_on_every_connection(tmp_path):
    promised = promised_pragmas()
    assert promised.keys() == {"journal_mode", "synchronous", "foreign_keys", "busy_timeout"}
    assert promised["synchronous"] == "2"  # FULL: a commit is on disk before it is acknowledged
    path = tmp_path / "studybot.db"
    store = await open_store(path)
    try:
        seen = await store.durability()
    finally:
        await store.close()
    runner = migrations.connect(path)
    try:
        seen["migrations"] = {name: runner.execute(f"PRAGMA {name}").fetchone()[0] for name in promised}
    finally:
        runner.close()
    for connection, values in seen.items():
        assert {k: str(v) for k, v in values.items()} == promised, connection


# A member's day: answer three daily rounds in order (a quarter of them click twice on the second);
# every acknowledgement is printed as JSON after submit_answer returned. The disk is made slow (each
# COMMIT waits 20 ms before it writes), so an acknowledgement sent before its commit would be out
# long before the commit lands and the kill right after it would lose that answer.
SUBMITTER = """
import asyncio, json, sys, time
from datetime import UTC, date, datetime, timedelta
from bot.core.clocks import SimulatedClock
from bot.core.models import MemberRef, Platform
from bot.core.service import StudyService
from bot.store import open_store
from tests.integration.rounds_support import BANK, CHANNEL, RecordingPlatform

TEXTS = ("It reduces overfitting, because it adds random noise to the inputs during training.",
         "It reduces overfitting.")

async def main():
    store = await open_store(sys.argv[1])
    store._db._writer.conn.set_trace_callback(lambda sql: time.sleep(0.02) if sql == "COMMIT" else None)
    clock = SimulatedClock(datetime(2026, 3, 4, 20, tzinfo=UTC))
    service = StudyService(store, BANK, clock, default_tz="UTC")
    service.register_messenger(RecordingPlatform())
    rounds = []
    for k, question in enumerate(BANK.questions()[:3]):
        day = date(2026, 3, 2) + timedelta(days=k)
        rnd = await store.claim_round(CHANNEL, day, question.id, datetime(2026, 3, 2, 9, tzinfo=UTC), None)
        await store.set_round_message(rnd.id, f"msg-{rnd.id}")
        rounds.append(rnd)
    print(json.dumps(await store.durability()), flush=True)

    async def member(i):
        who = MemberRef(Platform.CONSOLE, "local", f"user-{i}", f"User {i}")
        for k, rnd in enumerate(rounds):
            for _ in range(2 if k == 1 and i % 4 == 0 else 1):
                got = await service.submit_answer(who, rnd.id, TEXTS[(i + k) % 2])
                print(json.dumps([got.answer_id, who.user_id, rnd.id, rnd.question_id, got.counted,
                                  got.points, got.streak.current]), flush=True)

    i = 0
    while True:
        await asyncio.gather(*(member(i + j) for j in range(40)))
        i += 40

asyncio.run(main())
"""


def kill_mid_burst(path, acks_wanted: int) -> tuple[dict, list[list]]:
    """Run SUBMITTER on `path`, SIGKILL it right after an acknowledgement; (durability, acks)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SUBMITTER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
    )
    durability = json.loads(proc.stdout.readline())
    acks: list[list] = []
    deadline = time.monotonic() + 60
    while len(acks) < acks_wanted and time.monotonic() < deadline:
        acks.append(json.loads(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait(timeout=10)
    acks += [json.loads(line) for line in rest.splitlines() if line.strip()]
    return durability, acks


async def test_every_acknowledged_answer_its_streak_and_points_survive_a_kill_mid_burst(tmp_path):
    path = tmp_path / "answers.db"
    durability, acks = kill_mid_burst(path, 600)
    assert len(acks) >= 600
    # A SIGKILL leaves the OS cache to finish writing what the process wrote; what only a power cut
    # loses is covered by the writer syncing every commit, which the killed process reports here.
    assert durability["writer"]["synchronous"] == 2 and durability["writer"]["journal_mode"] == "wal"

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT a.id, m.external_id, a.round, a.counted, a.points FROM answers a "
                "JOIN members m ON m.id = a.member"
            )
        }
        totals = dict(
            conn.execute(
                "SELECT m.external_id, t.points FROM member_totals t JOIN members m ON m.id = t.member"
            )
        )
        counted_points = dict(
            conn.execute(
                "SELECT m.external_id, SUM(a.points) FROM answers a JOIN members m ON m.id = a.member "
                "WHERE a.counted = 1 GROUP BY m.external_id"
            )
        )
        counted_rounds = dict(
            conn.execute(
                "SELECT m.external_id, COUNT(*) FROM answers a JOIN members m ON m.id = a.member "
                "WHERE a.counted = 1 GROUP BY m.external_id"
            )
        )
        counters = conn.execute(
            "SELECT r.id, r.answered, "
            "(SELECT COUNT(*) FROM answers a WHERE a.round = r.id AND a.counted = 1) FROM rounds r"
        ).fetchall()
        cards = set(
            conn.execute(
                "SELECT m.external_id, v.question_id FROM reviews v JOIN members m ON m.id = v.member"
            )
        )
    finally:
        conn.close()

    acked_points: dict[str, int] = {}
    best_streak: dict[str, int] = {}
    for answer_id, user, round_id, question_id, counted, points, streak in acks:
        assert rows.get(answer_id) == (user, round_id, int(counted), points), f"answer {answer_id} of {user}"
        assert (user, question_id) in cards, f"review card of {user} for {question_id}"
        acked_points[user] = acked_points.get(user, 0) + points
        best_streak[user] = max(best_streak.get(user, 0), streak)
    assert sum(1 for a in acks if not a[4]) > 0  # the double clicks were acknowledged as practice
    for user, points in acked_points.items():
        # Totals are what the stored answers add up to, and hold at least every acknowledged point.
        assert totals[user] == counted_points[user] >= points, user
    assert all(answered == scanned for _, answered, scanned in counters)

    store = await open_store(path)
    try:
        for user, streak in best_streak.items():
            member = MemberRef(Platform.CONSOLE, "local", user, "")
            state = await store.member_streak(CHANNEL, member, date(2026, 3, 4))
            assert state.current == counted_rounds[user] >= streak, user
    finally:
        await store.close()
