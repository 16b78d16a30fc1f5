"""PostgreSQL as STUDYBOT_DB: migrations and `db migrate|status`, doctor, health, tokens at rest."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import psycopg
import pytest

from bot.cli import main
from bot.cli.doctor import storage_rows
from bot.cli.health import local_report
from bot.config import PROJECT_ROOT
from bot.core.errors import StoreError
from bot.core.installations import InstallationRow
from bot.database_url import PostgresUrl
from bot.health import healthz
from bot.store import open_store
from bot.store.installations import SqliteInstallations
from bot.store.postgres import postgres_keys
from bot.store.postgres.migrations import POSTGRES_MIGRATIONS_DIR

pytestmark = pytest.mark.postgres
KEY = "k4DkFqFk7bTq8tb0nV0sM1cKJ2o1r0sWm7xH3yq8f3E="
SHIPPED = sorted(f.name for f in POSTGRES_MIGRATIONS_DIR.glob("[0-9]*.sql"))


def cli(*args: str) -> int:
    return main(list(args))


def test_db_status_and_migrate_work_on_a_new_postgresql_database(postgres_url, capsys):
    assert cli("db", "status", "--db", postgres_url) == 0
    assert "pending  0001_initial.sql" in capsys.readouterr().out
    assert cli("db", "migrate", "--db", postgres_url) == 0
    assert "applied 0001_initial.sql" in capsys.readouterr().out
    assert cli("db", "migrate", "--db", postgres_url) == 0
    assert "up to date" in capsys.readouterr().out
    assert cli("db", "status", "--db", postgres_url) == 0
    assert f"{len(SHIPPED)} applied, 0 pending" in capsys.readouterr().out


async def test_a_changed_postgresql_migration_is_refused_with_advice(postgres_url, tmp_path):
    folder = tmp_path / "pg"
    shutil.copytree(POSTGRES_MIGRATIONS_DIR, folder)
    await (await open_store(postgres_url, folder)).close()
    first = folder / "0001_initial.sql"
    first.write_text(first.read_text() + "\n-- edited after it was applied\n")
    with pytest.raises(StoreError, match="was changed after it was applied"):
        await open_store(postgres_url, folder)


def test_three_processes_starting_together_apply_each_migration_once(postgres_url):
    script = (
        "import asyncio, sys\nfrom bot.store import open_store\n"
        "async def go():\n    await (await open_store(sys.argv[1])).close()\nasyncio.run(go())\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, postgres_url], cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    with psycopg.connect(postgres_url) as conn:
        names = conn.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()
        assert [n for (n,) in names] == SHIPPED


def test_an_unreachable_server_is_one_clear_line_without_the_password(capsys):
    assert cli("db", "status", "--db", "postgresql://bot:hunter2@127.0.0.1:1/studybot") == 1
    err = capsys.readouterr().err
    assert "unavailable" in err and "check that the server runs" in err
    assert "hunter2" not in err and "bot:***@" in err


def test_db_backup_points_postgresql_users_at_pg_dump(postgres_url, tmp_path, capsys):
    assert cli("db", "backup", str(tmp_path / "copy.db"), "--db", postgres_url) == 1
    assert "pg_dump -Fc" in capsys.readouterr().err


async def test_doctor_health_and_healthz_understand_postgresql(postgres_url):
    url = PostgresUrl(postgres_url)
    assert local_report(url).process == "no studybot process is connected to the database"
    store = await open_store(url)
    try:
        rows = {r.name: r for r in storage_rows(url, None)}
        assert rows["database"].status == "ok" and "PostgreSQL 1" in rows["database"].detail
        assert rows["migrations"].status == "ok" and "none pending" in rows["migrations"].detail
        assert rows["secret-key"].status == "ok"
        report = local_report(url)
        assert (report.database, report.process, report.healthy) == ("ok", "running", True)
        body = await healthz(url, lambda: True)()
        assert body["ok"] is True and body["database"] == "ok"
    finally:
        await store.close()
    [down] = storage_rows(PostgresUrl("postgresql://bot@127.0.0.1:1/studybot"), None)
    assert down.status == "FAIL" and "cannot reach" in down.detail


async def test_slack_installations_are_stored_encrypted_and_doctor_checks_the_key(postgres_url):
    url = PostgresUrl(postgres_url)
    keys = postgres_keys(url, KEY)
    store = await open_store(url, keys=keys)
    try:
        installs = SqliteInstallations.for_store(store)
        payload = json.dumps({"team_id": "T1", "bot_token": "xoxb-secret-1"})
        await installs.save_installation(
            InstallationRow(
                platform="slack",
                team_id="T1",
                enterprise_id=None,
                user_id="U1",
                bot_token="xoxb-secret-1",
                bot_user_id="UBOT",
                payload=payload,
                installed_at=datetime(2026, 3, 2, tzinfo=UTC),
            )
        )
        found = await installs.find_installation("slack", None, "T1")
        assert found is not None and found.bot_token == "xoxb-secret-1" and found.payload == payload
    finally:
        await store.close()
    with psycopg.connect(postgres_url) as conn:
        stored = conn.execute("SELECT bot_token, payload FROM installations").fetchall()
    assert all(value.startswith("fernet:") for row in stored for value in row)
    row = {r.name: r for r in storage_rows(url, KEY)}["secret-key"]
    assert row.status == "ok" and "decrypts the 1 stored installation" in row.detail
    wrong = {r.name: r for r in storage_rows(url, "Zq3p9Qe4m0Wb2T8v6yR1u5I7o3P9a2S4d6F8g0H2j4k=")}
    assert wrong["secret-key"].status == "FAIL" and "psql" in wrong["secret-key"].detail
