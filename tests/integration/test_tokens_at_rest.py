"""Chat-app tokens are encrypted in the database file, old plain rows are upgraded, stale installs pruned."""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.core.installations import InstallationRow
from bot.secret_key import KEY_FILE_NAME, KeySource, SecretKeyError
from bot.store import migrations, open_store
from bot.store.installations import SqliteInstallations

KEY = "k4DkFqFk7bTq8tb0nV0sM1cKJ2o1r0sWm7xH3yq8f3E="
OTHER_KEY = "Zq3p9Qe4m0Wb2T8v6yR1u5I7o3P9a2S4d6F8g0H2j4k="
MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROWS_SQL = "SELECT team_id, bot_token, payload FROM installations ORDER BY team_id"


def row(team: str, bot_token: str, user: str = "UINSTALLER", at: datetime = MOMENT) -> InstallationRow:
    """An installation whose payload carries a refresh and a user token, as slack_sdk's does."""
    payload = {"team_id": team, "user_id": user, "bot_token": bot_token,
               "bot_refresh_token": f"xoxe-1-refresh-{bot_token}", "user_token": f"xoxp-user-{bot_token}"}
    return InstallationRow(platform="slack", team_id=team, enterprise_id=None, user_id=user,
                           bot_token=bot_token, bot_user_id=f"UBOT{team}", payload=json.dumps(payload),
                           installed_at=at)


def file_bytes(db: Path) -> bytes:
    """Everything SQLite wrote for the database: the file and any WAL or journal beside it."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_tokens_are_not_in_plain_text_in_the_database_file_and_read_back_with_the_key(tmp_path):
    db = tmp_path / "studybot.db"
    store = await open_store(db, keys=KeySource(db, KEY))
    await SqliteInstallations.for_store(store).save_installation(row("T1", "xoxb-secret-bot-token"))
    await store.close()

    written = file_bytes(db)
    for secret in (b"xoxb-secret-bot-token", b"xoxe-1-refresh", b"xoxp-user"):
        assert secret not in written

    store = await open_store(db, keys=KeySource(db, KEY))
    found = await SqliteInstallations.for_store(store).find_installation("slack", None, "T1")
    await store.close()
    assert found is not None and found.bot_token == "xoxb-secret-bot-token"
    assert json.loads(found.payload)["user_token"] == "xoxp-user-xoxb-secret-bot-token"


def migrate_to_before_encryption(db: Path, tmp_path: Path) -> None:
    """A database as an older studybot left it: every migration before 0006 applied, nothing after."""
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in migrations.MIGRATIONS_DIR.glob("*.sql"):
        if int(path.name[:4]) < 6:
            shutil.copy(path, old / path.name)
    migrations.migrate(db, old)


def insert_plain(db: Path, installation: InstallationRow, at: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO installations (platform, enterprise_id, team_id, user_id, is_enterprise_install, "
        "bot_token, bot_user_id, payload, installed_at) VALUES ('slack', '', ?, ?, 0, ?, ?, ?, ?)",
        (installation.team_id, installation.user_id, installation.bot_token, installation.bot_user_id,
         installation.payload, at),
    )
    conn.commit()
    conn.close()


async def test_plain_rows_from_an_older_version_are_encrypted_once_and_superseded_ones_pruned(tmp_path):
    db = tmp_path / "studybot.db"
    migrate_to_before_encryption(db, tmp_path)
    insert_plain(db, row("T1", "xoxb-first-install"), "2026-01-01T09:00:00.000000Z")
    insert_plain(db, row("T1", "xoxb-reinstalled"), "2026-02-01T09:00:00.000000Z")
    insert_plain(db, row("T2", "xoxb-other-team"), "2026-01-15T09:00:00.000000Z")
    assert b"xoxb-reinstalled" in file_bytes(db)

    store = await open_store(db, keys=KeySource(db, KEY))
    repo = SqliteInstallations.for_store(store)
    assert (await repo.find_installation("slack", None, "T1")).bot_token == "xoxb-reinstalled"  # type: ignore[union-attr]
    assert (await repo.find_installation("slack", None, "T2")).bot_token == "xoxb-other-team"  # type: ignore[union-attr]
    await store.close()
    with sqlite3.connect(db) as conn:
        stored = conn.execute(ROWS_SQL).fetchall()
    assert [r[0] for r in stored] == ["T1", "T2"]  # the first T1 install is gone
    assert all(r[1].startswith("fernet:") and r[2].startswith("fernet:") for r in stored)
    for secret in (b"xoxb-first-install", b"xoxb-reinstalled", b"xoxb-other-team", b"xoxp-user"):
        assert secret not in file_bytes(db)

    await (await open_store(db, keys=KeySource(db, KEY))).close()  # a second start changes nothing
    with sqlite3.connect(db) as conn:
        again = conn.execute(ROWS_SQL).fetchall()
    assert again == stored


async def test_db_migrate_encrypts_plain_rows_too(tmp_path):
    db = tmp_path / "studybot.db"
    migrate_to_before_encryption(db, tmp_path)
    insert_plain(db, row("T1", "xoxb-before-upgrade"), "2026-01-01T09:00:00.000000Z")
    done = run_cli(["db", "migrate", "--db", str(db)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "encrypted 1 stored installation row(s)" in done.stdout
    assert b"xoxb-before-upgrade" not in file_bytes(db)
    assert (tmp_path / KEY_FILE_NAME).is_file()


async def test_saving_an_install_prunes_older_rows_of_the_same_workspace_and_installer(tmp_path):
    db = tmp_path / "studybot.db"
    store = await open_store(db, keys=KeySource(db, KEY))
    repo = SqliteInstallations.for_store(store)
    for day, token in enumerate(("xoxb-1", "xoxb-2", "xoxb-3")):
        await repo.save_installation(row("T1", token, at=MOMENT + timedelta(days=day)))
    await repo.save_installation(row("T1", "xoxb-by-another-admin", user="UOTHER", at=MOMENT))
    await repo.save_installation(row("T2", "xoxb-t2"))
    await store.close()
    with sqlite3.connect(db) as conn:
        kept = conn.execute("SELECT team_id, user_id FROM installations ORDER BY team_id, user_id").fetchall()
    assert kept == [("T1", "UINSTALLER"), ("T1", "UOTHER"), ("T2", "UINSTALLER")]


def run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "STUDYBOT_ENV_FILE": str(cwd / "no.env"), **env}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


async def test_a_wrong_key_is_refused_with_what_to_do_and_no_traceback(tmp_path):
    db = tmp_path / "studybot.db"
    store = await open_store(db, keys=KeySource(db, KEY))
    await SqliteInstallations.for_store(store).save_installation(row("T1", "xoxb-secret"))
    await store.close()

    with pytest.raises(SecretKeyError, match="STUDYBOT_SECRET_KEY is not the key that encrypted"):
        await open_store(db, keys=KeySource(db, OTHER_KEY))

    done = run_cli(["db", "migrate", "--db", str(db)], tmp_path, STUDYBOT_SECRET_KEY=OTHER_KEY)
    assert done.returncode == 1
    assert "Set STUDYBOT_SECRET_KEY to the key used before" in done.stderr
    assert "Traceback" not in done.stderr

    done = run_cli(["db", "migrate", "--db", str(db)], tmp_path)  # key unset and no key file
    assert done.returncode == 1
    assert "encrypted but there is no key" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / KEY_FILE_NAME).exists()  # no new key was made up for old tokens


async def test_without_a_key_one_is_generated_once_beside_the_database_with_mode_600(tmp_path, caplog):
    db = tmp_path / "data" / "studybot.db"
    caplog.set_level(logging.WARNING)
    store = await open_store(db, keys=KeySource(db))
    await SqliteInstallations.for_store(store).save_installation(row("T1", "xoxb-first"))
    await store.close()
    key_file = db.parent / KEY_FILE_NAME
    assert mode(key_file) == 0o600
    assert any("generated a new secret key" in r.getMessage() and str(key_file) in r.getMessage()
               for r in caplog.records if r.levelno == logging.WARNING)
    key = key_file.read_text()

    store = await open_store(db, keys=KeySource(db))
    repo = SqliteInstallations.for_store(store)
    await repo.save_installation(row("T2", "xoxb-second"))
    assert (await repo.find_installation("slack", None, "T1")).bot_token == "xoxb-first"  # type: ignore[union-attr]
    await store.close()
    assert key_file.read_text() == key


@pytest.fixture
def open_umask():
    """The common umask 022, under which files are world-readable unless studybot says otherwise."""
    import os

    previous = os.umask(0o022)
    yield
    os.umask(previous)


async def test_the_database_its_folder_and_its_wal_and_shm_files_are_owner_only(tmp_path, open_umask):
    db = tmp_path / "data" / "studybot.db"
    store = await open_store(db)  # open: SQLite keeps its -wal and -shm files beside the database
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
    assert mode(db.parent) == 0o700
    assert mode(db) == 0o600
    assert wal.exists() and mode(wal) == 0o600
    assert shm.exists() and mode(shm) == 0o600
    await store.close()


async def test_a_database_left_world_readable_by_an_older_version_is_tightened_on_open(tmp_path, open_umask):
    db = tmp_path / "studybot.db"
    await (await open_store(db)).close()
    db.chmod(0o644)
    await (await open_store(db)).close()
    assert mode(db) == 0o600


async def test_backups_and_the_pre_restore_copy_are_owner_only(tmp_path, open_umask):
    from bot.store.backup import backup, restore

    db = tmp_path / "studybot.db"
    await (await open_store(db)).close()
    done = backup(db, tmp_path / "backups" / "monday.db")
    assert mode(done.path) == 0o600
    assert mode(done.path.parent) == 0o700
    restored = restore(done.path, db, required_table="schema_migrations")
    assert restored.saved_previous is not None and mode(restored.saved_previous) == 0o600
    assert mode(db) == 0o600
