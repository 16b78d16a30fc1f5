"""Migrations: applied in order with checksums, refused when changed or newer, and the db CLI."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from bot.cli import main
from bot.core.errors import StoreError
from bot.store import migrations, open_store


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder)
    return folder


def applied(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY version")]
    finally:
        conn.close()


async def test_a_new_database_gets_every_migration_in_order(tmp_path):
    store = await open_store(tmp_path / "deep" / "folder" / "studybot.db")
    await store.close()
    names = applied(tmp_path / "deep" / "folder" / "studybot.db")
    assert names == [m.name for m in migrations.discover()] and names[0] == "0001_initial.sql"


async def test_a_changed_migration_is_refused_with_advice(tmp_path, files):
    path = tmp_path / "s.db"
    migrations.migrate(path, files)
    (files / "0001_initial.sql").write_text((files / "0001_initial.sql").read_text() + "\n-- edited\n")
    with pytest.raises(StoreError, match="changed after it was applied"):
        await open_store(path, files)


async def test_a_database_from_a_newer_studybot_is_refused(tmp_path, files):
    path = tmp_path / "s.db"
    (files / "0099_future.sql").write_text("CREATE TABLE future (x INTEGER);\n")
    migrations.migrate(path, files)
    (files / "0099_future.sql").unlink()
    with pytest.raises(StoreError, match="newer studybot"):
        migrations.migrate(path, files)


def test_a_failing_migration_is_rolled_back_whole(tmp_path, files):
    path = tmp_path / "s.db"
    migrations.migrate(path, files)
    (files / "0098_broken.sql").write_text(
        "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    )
    with pytest.raises(StoreError, match=r"0098_broken\.sql failed"):
        migrations.migrate(path, files)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    finally:
        conn.close()
    assert "0098_broken.sql" not in applied(path)


def test_badly_named_migration_files_are_reported(tmp_path, files):
    (files / "add-stuff.sql").write_text("SELECT 1;")
    with pytest.raises(StoreError, match=r"0001_short_name\.sql"):
        migrations.discover(files)


def test_db_status_lists_pending_then_applied_migrations(tmp_path, capsys):
    path = tmp_path / "cli.db"
    assert main(["db", "status", "--db", str(path)]) == 0
    assert "pending  0001_initial.sql" in capsys.readouterr().out
    assert not path.exists()
    assert main(["db", "migrate", "--db", str(path)]) == 0
    assert "applied 0001_initial.sql" in capsys.readouterr().out
    assert main(["db", "migrate", "--db", str(path)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["db", "status", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "applied  0001_initial.sql" in out and "0 pending" in out


def test_db_status_explains_a_database_it_cannot_use(tmp_path, capsys):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database" * 100)
    assert main(["db", "status", "--db", str(path)]) == 1
    assert "Cannot open the database" in capsys.readouterr().err
