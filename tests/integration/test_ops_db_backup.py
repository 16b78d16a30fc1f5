"""`studybot db backup|restore` against a real store that keeps recording answers."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

from ops_support import ALICE, clean_environment, record, seed_study_record

from bot.cli import main
from bot.core.models import MemberRef, Platform
from bot.store import open_store


async def answer_ids(db) -> list[int]:
    store = await open_store(db)
    try:
        return [r.id async for r in store.iter_answers()]
    finally:
        await store.close()


async def test_backup_while_answers_are_recorded_holds_every_committed_answer(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    db, copy = tmp_path / "live.db", tmp_path / "backups" / "copy.db"
    store = await open_store(db)
    rounds = await seed_study_record(store)
    committed: list[int] = []
    stop = asyncio.Event()

    async def members_answering() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            member = MemberRef(Platform.SLACK, "T1", f"W{n}", f"member {n}")
            at = datetime(2026, 1, 7, 12, tzinfo=UTC) + timedelta(seconds=n)
            done = await record(store, member, rounds["c1-day3"], "ops-dropout", "drops units " * 40, 0.6, at)
            committed.append(done.answer_id)

    writer = asyncio.create_task(members_answering())
    try:
        while len(committed) < 30:
            await asyncio.sleep(0.005)
        before = list(committed)
        code = await asyncio.to_thread(main, ["db", "backup", str(copy), "--db", str(db)])
        while len(committed) < len(before) + 30:  # writes went on during and after the copy
            await asyncio.sleep(0.005)
    finally:
        stop.set()
        await writer
        await store.close()
    assert code == 0
    assert capsys.readouterr().out.startswith(f"backed up {db} to {copy}")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    in_copy = await answer_ids(copy)
    assert set(before) <= set(in_copy)
    assert in_copy == list(range(1, len(in_copy) + 1)), "a consistent snapshot has no gaps"
    assert len(in_copy) < len(await answer_ids(db))


async def test_restore_is_refused_while_the_bot_has_the_database_open(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    store = await open_store(db)  # the running bot
    try:
        await seed_study_record(store)
        assert await asyncio.to_thread(main, ["db", "backup", str(copy), "--db", str(db)]) == 0
        capsys.readouterr()
        code = await asyncio.to_thread(main, ["db", "restore", str(copy), "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 1
        assert "is in use" in err and "Stop the bot first" in err
        # the bot is untouched and keeps working
        done = await record(store, ALICE, None, "ops-relu", "cheap to compute", 0.5, datetime.now(UTC),
                            countable=False)
        assert done.answer_id == 9
    finally:
        await store.close()


async def test_restore_after_the_bot_stopped_brings_the_backup_back(tmp_path, monkeypatch, capsys):
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db))
    store = await open_store(db)
    await seed_study_record(store)
    await store.close()
    assert await asyncio.to_thread(main, ["db", "backup", str(copy)]) == 0
    store = await open_store(db)
    for n in range(5):  # answers recorded after the backup: the restore rolls them back
        await record(store, ALICE, None, "ops-relu", f"late {n}", 0.2, datetime.now(UTC), countable=False)
    await store.close()
    assert len(await answer_ids(db)) == 13
    assert await asyncio.to_thread(main, ["db", "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"restored {db} from {copy}" in out and "pre-restore.db" in out
    assert await answer_ids(db) == list(range(1, 9))
    assert len(await answer_ids(tmp_path / "live.db.pre-restore.db")) == 13


def test_restoring_a_file_that_is_not_a_studybot_backup_is_refused(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    assert main(["db", "restore", str(other), "--db", str(tmp_path / "live.db")]) == 1
    assert "not a studybot database" in capsys.readouterr().err
    assert not (tmp_path / "live.db").exists()


def test_backup_of_a_missing_database_says_where_it_looked(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    assert main(["db", "backup", str(tmp_path / "b.db"), "--db", str(tmp_path / "missing.db")]) == 1
    assert f"no database at {tmp_path / 'missing.db'}" in capsys.readouterr().err
