"""Online backup while the database is written, and a restore that refuses a live database."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from bot.store.backup import DatabaseInUse, backup, in_use, restore


def make_db(path: Path, rows: int = 0) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY)")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [(f"note {i}",) for i in range(rows)])
    conn.commit()
    conn.close()


def note_ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM notes ORDER BY id")]
    finally:
        conn.close()


def test_backup_during_continuous_writes_is_a_sound_snapshot_of_committed_rows(tmp_path):
    db = tmp_path / "live.db"
    make_db(db, rows=2000)
    stop = threading.Event()
    committed: list[int] = []

    def writer() -> None:
        conn = sqlite3.connect(db, timeout=10)
        while not stop.is_set():
            cur = conn.execute("INSERT INTO notes (body) VALUES (?)", ("x" * 500,))
            conn.commit()
            committed.append(cur.lastrowid)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 50:
            threading.Event().wait(0.005)
        before = list(committed)
        result = backup(db, tmp_path / "backups" / "copy.db")
        while len(committed) < len(before) + 50:  # the writer kept going during and after the backup
            threading.Event().wait(0.005)
    finally:
        stop.set()
        thread.join()
    copy = result.path
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    ids = note_ids(copy)
    assert set(before) <= set(ids)
    assert ids == list(range(1, len(ids) + 1)), "the copy is a gap-free snapshot"
    assert len(ids) < len(note_ids(db))


def test_backup_never_leaves_a_half_written_file_when_the_source_is_missing(tmp_path):
    target = tmp_path / "copy.db"
    with pytest.raises(StoreError, match="no database at"):
        backup(tmp_path / "missing.db", target)
    assert not target.exists() and not (tmp_path / "missing.db").exists()


def test_backup_onto_the_database_itself_is_refused(tmp_path):
    db = tmp_path / "live.db"
    make_db(db, rows=3)
    with pytest.raises(StoreError, match="the database itself"):
        backup(db, db)
    assert note_ids(db) == [1, 2, 3]


def test_restore_refuses_while_a_connection_is_open_and_changes_nothing(tmp_path):
    db, saved = tmp_path / "live.db", tmp_path / "copy.db"
    make_db(db, rows=5)
    backup(db, saved)
    bot_connection = sqlite3.connect(db)  # what a running studybot holds for its whole life
    bot_connection.execute("INSERT INTO notes (body) VALUES ('after backup')")
    bot_connection.commit()
    try:
        assert in_use(db)
        with pytest.raises(DatabaseInUse, match="Stop the bot first"):
            restore(saved, db, required_table="schema_migrations")
        assert bot_connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 6
    finally:
        bot_connection.close()


def test_restore_of_a_stopped_database_brings_back_the_backup_and_keeps_the_old_one(tmp_path):
    db, saved = tmp_path / "live.db", tmp_path / "copy.db"
    make_db(db, rows=5)
    backup(db, saved)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM notes")
    conn.commit()
    conn.close()
    assert not in_use(db)
    result = restore(saved, db, required_table="schema_migrations")
    assert note_ids(db) == [1, 2, 3, 4, 5]
    assert result.saved_previous is not None and note_ids(result.saved_previous) == []
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_restore_refuses_a_file_that_is_not_a_studybot_database(tmp_path):
    db, other = tmp_path / "live.db", tmp_path / "other.db"
    make_db(db, rows=2)
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a studybot database"):
        restore(other, db, required_table="schema_migrations")
    (tmp_path / "garbage.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"not a SQLite database|cannot be opened"):
        restore(tmp_path / "garbage.db", db, required_table="schema_migrations")
    assert note_ids(db) == [1, 2]
