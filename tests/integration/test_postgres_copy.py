"""`studybot db copy --from <SQLite file> --to <PostgreSQL URL>` on a real file and the real server."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from ops_support import clean_environment, seed_study_record

from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.core.installations import InstallationRow
from bot.database_url import PostgresUrl
from bot.secret_key import KeySource
from bot.store import open_store
from bot.store.installations import SqliteInstallations
from bot.store.postgres import postgres_keys

pytestmark = pytest.mark.postgres
KEY = "k4DkFqFk7bTq8tb0nV0sM1cKJ2o1r0sWm7xH3yq8f3E="
OTHER_KEY = "Zq3p9Qe4m0Wb2T8v6yR1u5I7o3P9a2S4d6F8g0H2j4k="
INSTALL = InstallationRow(
    platform="slack", team_id="T1", enterprise_id=None, user_id="U1", bot_token="xoxb-secret-1",
    bot_user_id="UBOT", payload=json.dumps({"team_id": "T1", "bot_token": "xoxb-secret-1"}),
    installed_at=datetime(2026, 1, 2, tzinfo=UTC),
)


async def seeded_sqlite(path: Path) -> Path:
    """A SQLite database with the study record, a cohort and a Slack installation (token encrypted)."""
    store = await open_store(path, keys=KeySource(path, KEY))
    try:
        await seed_study_record(store)
        await SqliteInstallations.for_store(store).save_installation(INSTALL)
    finally:
        await store.close()
    return path


def tables_of(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'schema_migrations' ORDER BY name"
        )]


def rows_of(conn, table: str, columns: list[str]) -> list[tuple]:
    cols = ", ".join(f'"{c}"' for c in columns)
    return sorted(tuple(r) for r in conn.execute(f'SELECT {cols} FROM "{table}"').fetchall())


def columns_of(db: Path, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
        )]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def copy(source: Path, url: str) -> int:
    return main(["db", "copy", "--from", str(source), "--to", url])


@pytest.fixture
def source(tmp_path, monkeypatch) -> Path:
    import asyncio

    clean_environment(monkeypatch, tmp_path, STUDYBOT_SECRET_KEY=KEY)
    return asyncio.run(seeded_sqlite(tmp_path / "data" / "studybot.db"))


def test_copy_moves_every_row_verifies_totals_and_prints_a_summary(source, postgres_url, capsys):
    assert copy(source, postgres_url) == 0
    out = capsys.readouterr().out
    assert f"copied {source} to" in out and "verified: every table's row count matches" in out
    assert "7 counted answers and 42 points over 3 members match" in out
    assert "Slack tokens: the secret key the bot will use on PostgreSQL reads them" in out
    with sqlite3.connect(source) as lite, psycopg.connect(postgres_url) as pg:
        for table in tables_of(source):
            columns = columns_of(source, table)
            assert rows_of(pg, table, columns) == rows_of(lite, table, columns), table
            assert f"  {table} " in out
        assert pg.execute("SELECT count(*) FROM answers").fetchone() == (8,)


async def test_copied_slack_tokens_stay_readable_with_the_same_key(source, postgres_url):
    assert copy(source, postgres_url) == 0
    url = PostgresUrl(postgres_url)
    store = await open_store(url, keys=postgres_keys(url, KEY))
    try:
        found = await SqliteInstallations.for_store(store).find_installation("slack", None, "T1")
    finally:
        await store.close()
    assert found is not None and found.bot_token == "xoxb-secret-1" and found.payload == INSTALL.payload


def test_the_console_answers_on_the_copy_with_new_ids_after_the_copied_ones(source, postgres_url, tmp_path):
    assert copy(source, postgres_url) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_", "SLACK_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--json", "--now", "2026-03-02T08:00Z"],
        input="/setup time=09:00 tz=UTC days=daily\n/clock 2026-03-02T09:10Z\n"
        "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
        "function such as ReLU.\n/leaderboard\n",
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**env, "STUDYBOT_ENV_FILE": os.devnull, "STUDYBOT_DB": postgres_url, "STUDYBOT_SECRET_KEY": KEY,
             "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert not [e for e in events if e["type"] == "error"], events
    posted = next(e for e in events if e["type"] == "round_posted")
    feedback = next(e for e in events if e["type"] == "feedback")
    assert feedback["answer_id"] == 9 and feedback["counted"]  # eight answers were copied
    assert feedback["points"] > 0
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*), max(id) FROM answers").fetchone() == (9, 9)
        # the copied Slack channels' missed days were recorded as skipped rounds, all with new ids
        new_rounds = conn.execute("SELECT min(id) FROM rounds WHERE id > 4").fetchone()
        assert conn.execute("SELECT count(*) FROM communities").fetchone() == (2,)
    assert new_rounds == (5,) and posted["round_id"] > 4


def test_a_target_holding_rows_is_refused_and_left_as_it_was(source, postgres_url, capsys):
    assert copy(source, postgres_url) == 0
    before = row_counts(postgres_url)
    capsys.readouterr()
    assert copy(source, postgres_url) == 1
    err = capsys.readouterr().err
    assert "is not empty: it already holds studybot rows" in err and "8 in answers" in err
    assert "copy into a new database" in err
    assert row_counts(postgres_url) == before


def test_a_database_of_another_application_is_refused_before_anything_is_created(
    source, postgres_url, capsys
):
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert copy(source, postgres_url) == 1
    assert "holds tables that are not studybot's (invoices)" in capsys.readouterr().err
    assert set(row_counts(postgres_url)) == {"invoices"}


def test_a_failure_half_way_rolls_the_whole_copy_back_and_a_second_run_succeeds(source, postgres_url, capsys):
    with sqlite3.connect(source) as conn:  # a row whose member is missing: PostgreSQL refuses it
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO member_totals (member, community, points, answers, correct) "
                     "VALUES (999, 1, 0, 0, 0)")
    assert copy(source, postgres_url) == 1
    err = capsys.readouterr().err
    assert "failed and was rolled back" in err and "member_totals" in err and "nothing was written" in err
    assert set(row_counts(postgres_url).values()) == {0}  # the schema is there, empty
    with sqlite3.connect(source) as conn:
        conn.execute("DELETE FROM member_totals WHERE member = 999")
    assert copy(source, postgres_url) == 0


def test_tables_added_by_later_migrations_are_copied_and_a_one_sided_table_stops_the_copy(
    source, postgres_url, capsys
):
    assert main(["db", "migrate", "--db", postgres_url]) == 0
    with sqlite3.connect(source) as conn:  # as a later migration would add it on both sides
        conn.execute("CREATE TABLE study_notes (id INTEGER PRIMARY KEY, channel INTEGER NOT NULL "
                     "REFERENCES channels (id), note TEXT NOT NULL)")
        conn.executemany("INSERT INTO study_notes (channel, note) VALUES (1, ?)", [("a",), ("b\x00c",)])
        conn.execute("CREATE TABLE scratch (x TEXT)")
    capsys.readouterr()
    assert copy(source, postgres_url) == 1
    err = capsys.readouterr().err
    assert "table scratch is only in the SQLite database" in err
    assert "table study_notes is only in the SQLite database" in err
    with sqlite3.connect(source) as conn:
        conn.execute("DROP TABLE scratch")
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TABLE study_notes (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                     "channel BIGINT NOT NULL REFERENCES channels (id), note TEXT NOT NULL)")
    assert copy(source, postgres_url) == 0
    out = capsys.readouterr().out
    assert "  study_notes " in out and "1 text value(s) held NUL" in out
    with psycopg.connect(postgres_url) as conn:
        conn.execute("INSERT INTO study_notes (channel, note) VALUES (1, 'new')")  # its sequence moved on
        assert conn.execute("SELECT id, note FROM study_notes ORDER BY id").fetchall() == [
            (1, "a"), (2, "b\ufffdc"), (3, "new")]


def test_a_different_secret_key_on_the_target_side_refuses_the_copy(
    source, postgres_url, monkeypatch, capsys
):
    monkeypatch.setenv("STUDYBOT_SECRET_KEY", OTHER_KEY)
    assert copy(source, postgres_url) == 1
    err = capsys.readouterr().err
    assert "The Slack tokens in" in err and "cannot decrypt them" in err and "nothing was copied" in err
    assert set(row_counts(postgres_url).values()) == {0}


def test_a_missing_or_outdated_source_is_named(tmp_path, postgres_url, capsys):
    assert copy(tmp_path / "none.db", postgres_url) == 1
    assert "There is no SQLite database at" in capsys.readouterr().err
    outdated = tmp_path / "old.db"
    with sqlite3.connect(outdated) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, sha256 TEXT, "
                     "applied_at TEXT)")
    assert copy(outdated, postgres_url) == 1
    err = capsys.readouterr().err
    assert "is not up to date (pending: 0001_initial.sql" in err
    assert f"studybot db migrate --db {outdated}" in err
    assert copy(outdated, "data/other.db") == 1
    assert "is not a PostgreSQL URL" in capsys.readouterr().err
