"""An answer acknowledged to a member survives the process being killed mid-burst (SIGKILL)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time

from bot.store import open_store

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
