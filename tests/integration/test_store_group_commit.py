"""Group commit on a real SQLite file: one COMMIT per batch, one failing write rolls back only itself."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from dataclasses import replace
from datetime import date

import pytest

from bot.core.errors import NotFound, StoreError
from bot.core.models import MemberRef, Platform
from bot.store import db as db_module
from bot.store import open_store
from bot.store.db import Database
from tests.integration.rounds_support import ADMIN, CHANNEL, MEMBER, open_world
from tests.integration.store_support import draft, person, post

GOOD = "It reduces overfitting, because it adds random noise to the inputs during training."


@pytest.fixture
async def store(tmp_path):
    s = await open_store(tmp_path / "studybot.db")
    yield s
    await s.close()


def members(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT external_id FROM members")}
    finally:
        conn.close()


async def test_a_burst_shares_commits_and_one_bad_answer_fails_alone(store):
    rnd = await post(store, date(2024, 3, 4))
    bad = replace(draft(person("ghost"), rnd), round_id=999_999)
    before = store.write_stats
    drafts = [draft(person(f"m{i}"), rnd) for i in range(40)]
    drafts.insert(17, bad)
    results = await asyncio.gather(*(store.record_answer(d) for d in drafts), return_exceptions=True)

    failed = [r for r in results if isinstance(r, Exception)]
    assert len(failed) == 1 and isinstance(results[17], NotFound)
    assert "no round 999999" in str(results[17])
    assert all(r.counted for i, r in enumerate(results) if i != 17)
    assert await store.answer_count(rnd.id) == 40
    # The failing answer had already created its member row: its savepoint took that back too.
    assert "ghost" not in members(store.path)
    assert {f"m{i}" for i in range(40)} <= members(store.path)
    after = store.write_stats
    assert after.writes - before.writes == 40
    assert after.commits - before.commits < 40  # the burst was carried by fewer commits than writes


async def test_a_write_that_loses_the_whole_transaction_fails_alone_and_the_rest_are_run_again(tmp_path):
    path = tmp_path / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (body TEXT NOT NULL UNIQUE)")
    conn.close()
    db = await Database.open(path)

    def insert(body: str):
        def fn(c: sqlite3.Connection) -> str:
            c.execute("INSERT INTO notes (body) VALUES (?)", (body,))
            return body

        return fn

    def abandon(c: sqlite3.Connection) -> None:
        c.execute("INSERT INTO notes (body) VALUES ('lost')")
        c.execute("ROLLBACK")  # what SQLite does by itself on a full disk or an I/O error
        raise sqlite3.OperationalError("database or disk is full")

    try:
        writes = [insert(f"n{i}") for i in range(10)]
        writes.insert(5, abandon)
        writes.insert(8, insert("n1"))  # a duplicate: fails in its own savepoint
        results = await asyncio.gather(*(db.write(fn) for fn in writes), return_exceptions=True)
        assert isinstance(results[5], sqlite3.OperationalError)
        assert isinstance(results[8], sqlite3.IntegrityError)
        assert [r for i, r in enumerate(results) if i not in (5, 8)] == [f"n{i}" for i in range(10)]
        stored = {r[0] for r in await db.fetchall("SELECT body FROM notes")}
        assert stored == {f"n{i}" for i in range(10)}
    finally:
        await db.close()
    with pytest.raises(StoreError, match="closed"):
        await db.write(insert("late"))


async def test_an_acknowledged_write_is_visible_to_the_next_read(store):
    rnd = await post(store, date(2024, 3, 4))
    for i in range(5):
        got = await store.record_answer(draft(person(f"m{i}"), rnd))
        assert got.answered == i + 1
        assert await store.answer_count(rnd.id) == i + 1


async def test_an_answer_is_one_write_with_its_review_card_and_live_count(tmp_path):
    world = await open_world(tmp_path / "a.db", "2026-03-02T09:00+00:00")
    try:
        await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
        round_ = await world.service.post_now(CHANNEL, ADMIN)
        before = world.store.write_stats
        first = await world.service.submit_answer(MEMBER, round_.id, GOOD)
        assert world.store.write_stats.writes - before.writes == 1
        assert first.counted and world.platform.counts[-1] == (round_.id, 1)
        again = await world.service.submit_answer(MEMBER, round_.id, GOOD)
        assert not again.counted
        card = (await world.store.reviews(MEMBER))[round_.question_id]
        assert card.reviews == 2 and card.last_score == again.grade.score
        quiz = await world.service.submit_quiz_answer(MEMBER, round_.question_id, GOOD)
        assert not quiz.counted
        assert (await world.store.reviews(MEMBER))[round_.question_id].reviews == 3
        assert world.store.write_stats.writes - before.writes == 3

        others = [MemberRef(Platform.CONSOLE, "local", f"m{i}", f"m{i}") for i in range(20)]
        await asyncio.gather(*(world.service.submit_answer(m, round_.id, GOOD) for m in others))
        shown = [n for r, n in world.platform.counts if r == round_.id]
        assert sorted(shown) == list(range(1, 22)) and await world.store.answer_count(round_.id) == 21
    finally:
        await world.store.close()


async def test_a_write_that_ends_the_transaction_itself_fails_its_batch_and_the_writer_goes_on(tmp_path):
    path = tmp_path / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT NOT NULL)")
    conn.close()
    db = await Database.open(path)
    try:

        def rogue(c: sqlite3.Connection) -> None:
            c.execute("COMMIT")  # a bug in a write function: nobody may wait forever for it

        def note(c: sqlite3.Connection) -> int:
            return c.execute("INSERT INTO notes (body) VALUES ('x') RETURNING rowid").fetchone()[0]

        results = await asyncio.wait_for(
            asyncio.gather(db.write(rogue), db.write(note), return_exceptions=True), timeout=10
        )
        assert all(isinstance(r, StoreError) and "try again" in str(r) for r in results)
        assert await asyncio.wait_for(db.write(note), timeout=10) == 1
    finally:
        await db.close()


async def test_a_lone_failing_write_takes_back_all_it_did_and_the_next_one_commits(tmp_path):
    # A write alone in its batch runs without a savepoint: its own transaction must be undone instead.
    path = tmp_path / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT NOT NULL UNIQUE)")
    conn.close()
    db = await Database.open(path)
    try:

        def half_done(c: sqlite3.Connection) -> None:
            c.execute("INSERT INTO notes (body) VALUES ('first half')")
            c.execute("INSERT INTO notes (body) VALUES ('first half')")  # fails: UNIQUE

        def note(c: sqlite3.Connection) -> str:
            c.execute("INSERT INTO notes (body) VALUES ('kept')")
            return "kept"

        before = db.stats
        with pytest.raises(sqlite3.IntegrityError):
            await db.write(half_done)
        assert await db.fetchall("SELECT body FROM notes") == []
        assert await db.write(note) == "kept"
        assert [r[0] for r in await db.fetchall("SELECT body FROM notes")] == ["kept"]
        assert await db.fetchone("SELECT body FROM notes WHERE body = ?", ("kept",)) == ("kept",)
        assert await db.fetchone("SELECT body FROM notes WHERE body = ?", ("gone",)) is None
        after = db.stats
        assert (after.writes - before.writes, after.commits - before.commits) == (1, 1)
    finally:
        await db.close()


async def test_the_checkpointer_copies_committed_answers_into_the_database_file(store, tmp_path):
    rnd = await post(store, date(2024, 3, 4))
    writer = store._db._writer
    autocheckpoint = await store._db.write(lambda c: c.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    assert autocheckpoint == db_module.WRITER_AUTOCHECKPOINT_PAGES  # commits do not checkpoint themselves
    await asyncio.gather(*(store.record_answer(draft(person(f"m{i}"), rnd)) for i in range(30)))
    runs = writer.checkpointer.runs
    await store.record_answer(draft(person("last"), rnd))
    for _ in range(100):  # the checkpointer runs after that commit (within CHECKPOINT_EVERY_S)
        if writer.checkpointer.runs > runs:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(db_module.CHECKPOINT_EVERY_S)
    # The database file alone, without its write-ahead log, already holds every committed answer.
    alone = tmp_path / "alone.db"
    alone.write_bytes(store.path.read_bytes())
    conn = sqlite3.connect(alone)
    try:
        assert conn.execute("SELECT COUNT(*) FROM answers WHERE round = ?", (rnd.id,)).fetchone()[0] == 31
    finally:
        conn.close()


async def test_writes_queued_during_a_transaction_commit_together_and_wait_for_that_commit(tmp_path):
    path = tmp_path / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT NOT NULL)")
    conn.close()
    db = await Database.open(path)
    started, release = threading.Event(), threading.Event()

    def slow(c: sqlite3.Connection) -> str:
        started.set()
        assert release.wait(10), "the test never released the first write"
        c.execute("INSERT INTO notes (body) VALUES ('first')")
        return "first"

    def note(body: str):
        def fn(c: sqlite3.Connection) -> str:
            c.execute("INSERT INTO notes (body) VALUES (?)", (body,))
            return body

        return fn

    try:
        before = db.stats
        first = asyncio.ensure_future(db.write(slow))
        assert await asyncio.to_thread(started.wait, 10)
        later = [asyncio.ensure_future(db.write(note(f"n{i}"))) for i in range(12)]
        await asyncio.sleep(0.1)
        # Nobody hears back while the writer is still inside the first transaction.
        assert not first.done() and not any(f.done() for f in later)
        release.set()
        assert await first == "first"
        assert await asyncio.gather(*later) == [f"n{i}" for i in range(12)]
        after = db.stats
        # One commit for the first write, one for every write that queued up meanwhile.
        assert (after.writes - before.writes, after.commits - before.commits) == (13, 2)
        assert len(await db.fetchall("SELECT body FROM notes")) == 13
    finally:
        release.set()
        await db.close()


async def test_closing_the_store_does_not_wait_out_the_checkpointers_pause(tmp_path, monkeypatch):
    monkeypatch.setattr(db_module, "CHECKPOINT_EVERY_S", 60.0)
    store = await open_store(tmp_path / "studybot.db")
    rnd = await post(store, date(2024, 3, 4))
    await store.record_answer(draft(person("m1"), rnd))
    checkpointer = store._db._writer.checkpointer
    for _ in range(100):  # the checkpointer ran after that commit and is now in its pause
        if checkpointer.runs:
            break
        await asyncio.sleep(0.02)
    assert checkpointer.runs
    started = time.monotonic()
    await store.close()
    assert time.monotonic() - started < 10  # not the 60 s pause


async def test_a_batch_runs_savepoints_only_when_one_of_its_writes_fails(tmp_path):
    path = tmp_path / "raw.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT NOT NULL UNIQUE)")
    conn.close()
    db = await Database.open(path)
    statements: list[str] = []
    db._writer.conn.set_trace_callback(statements.append)
    started, release = threading.Event(), threading.Event()

    def hold(c: sqlite3.Connection) -> None:  # keeps the writer busy while the next batch queues up
        started.set()
        assert release.wait(10), "the test never released the first write"

    def note(body: str):
        def fn(c: sqlite3.Connection) -> str:
            c.execute("INSERT INTO notes (body) VALUES (?)", (body,))
            return body

        return fn

    async def batch(bodies: list[str]) -> list:
        started.clear()
        release.clear()
        first = asyncio.ensure_future(db.write(hold))
        assert await asyncio.to_thread(started.wait, 10)
        later = [asyncio.ensure_future(db.write(note(b))) for b in bodies]
        await asyncio.sleep(0.05)
        statements.clear()
        release.set()
        await first
        return await asyncio.gather(*later, return_exceptions=True)

    try:
        assert await batch([f"a{i}" for i in range(8)]) == [f"a{i}" for i in range(8)]
        assert not any(s.startswith("SAVEPOINT") for s in statements)  # nothing failed: none needed
        results = await batch(["b0", "b1", "a3", "b2"])  # "a3" is stored already
        assert [r for i, r in enumerate(results) if i != 2] == ["b0", "b1", "b2"]
        assert isinstance(results[2], sqlite3.IntegrityError)
        assert any(s.startswith("SAVEPOINT") for s in statements)  # run again, each in a savepoint
        stored = sorted(r[0] for r in await db.fetchall("SELECT body FROM notes"))
        assert stored == sorted([f"a{i}" for i in range(8)] + ["b0", "b1", "b2"])  # each once
    finally:
        release.set()
        await db.close()
