"""`studybot export` over a real database: answers, standings and streaks as CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime

import pytest
from ops_support import clean_environment, seed_study_record

from bot.cli import main
from bot.cli.export import Selection, build_csv
from bot.store import open_store


@pytest.fixture
def study_db(db_target, tmp_path, monkeypatch):
    """A real database holding the seeded study record: a SQLite file, or PostgreSQL (`db_target`)."""
    db = db_target

    async def seed() -> None:
        store = await open_store(db)
        try:
            await seed_study_record(store)
        finally:
            await store.close()

    asyncio.run(seed())
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db))
    return db


def export(capsys, *args: str) -> list[dict[str, str]]:
    assert main(["export", *args]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_answers_export_has_every_answer_with_formula_safe_cells(study_db, capsys):
    rows = export(capsys)
    assert [r["answer_id"] for r in rows] == [str(i) for i in range(1, 9)]
    first = rows[0]
    assert (first["channel_id"], first["member_name"], first["question_id"]) == ("C1", "alice", "ops-dropout")
    grade = (first["verdict"], first["score_percent"], first["points"], first["counted"])
    assert grade == ("correct", "90.0", "14", "yes")
    assert first["local_date"] == "2026-01-05" and first["submitted_at"] == "2026-01-05T10:00:00+00:00"
    assert rows[4]["answer_text"] == "'=HYPERLINK(\"http://x\")"
    assert rows[7]["member_name"] == "'=carol"
    practice = rows[5]
    shown = (practice["counted"], practice["channel_id"], practice["round_id"], practice["points"])
    assert shown == ("no", "", "", "0")


def test_answers_of_one_channel_and_one_day(study_db, capsys):
    rows = export(capsys, "--channel", "C1", "--since", "2026-01-06", "--until", "2026-01-06")
    picked = [(r["member_name"], r["question_id"]) for r in rows]
    assert picked == [("alice", "ops-relu"), ("bob", "ops-relu")]


def test_cohort_export_lists_only_its_members_practice_included(study_db, capsys):
    rows = export(capsys, "--cohort", "Evening")
    assert {r["member_name"] for r in rows} == {"alice"} and len(rows) == 4


def test_answer_text_can_be_left_out(study_db, capsys):
    rows = export(capsys, "--no-text")
    assert len(rows) == 8 and all(r["answer_text"] == "" for r in rows)


def test_standings_rank_members_by_points_of_counted_answers(study_db, capsys):
    rows = export(capsys, "--what", "standings")
    table = [(r["rank"], r["member_name"], r["points"], r["answers"], r["correct"], r["accuracy_percent"])
             for r in rows]
    assert table == [
        ("1", "alice", "34", "3", "2", "66.7"),
        ("2", "bob", "8", "3", "1", "33.3"),  # his incorrect answer earned 0
        ("3", "'=carol", "0", "1", "0", "0.0"),
    ]
    assert rows[0]["streak"] == "3"


def test_standings_of_a_channel_leave_other_channels_out(study_db, capsys):
    rows = export(capsys, "--what", "standings", "--channel", "C2")
    assert [(r["rank"], r["member_name"], r["answers"]) for r in rows] == [("1", "bob", "1")]


async def test_streaks_export_gives_each_members_streak_per_channel(study_db):
    store = await open_store(study_db)
    try:
        evening = datetime(2026, 1, 7, 18, tzinfo=UTC)
        text, count = await build_csv(store, "streaks", Selection(), True, evening)
    finally:
        await store.close()
    rows = list(csv.DictReader(io.StringIO(text)))
    got = [(r["channel_id"], r["member_name"], r["current"], r["longest"], r["today"], r["as_of"])
           for r in rows]
    assert count == 4
    assert got == [  # bob's day-3 round is still open at 18:00, so his streak stands, pending
        ("C1", "alice", "3", "3", "answered", "2026-01-07"),
        ("C1", "bob", "2", "2", "pending", "2026-01-07"),
        ("C1", "'=carol", "1", "1", "answered", "2026-01-07"),
        ("C2", "bob", "1", "1", "not_scheduled", "2026-01-07"),
    ]


def test_export_to_a_file_says_how_many_rows_it_wrote(study_db, tmp_path, capsys):
    out = tmp_path / "exports" / "jan.csv"
    assert main(["export", "--what", "answers", "--until", "2026-01-05", "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip() == f"wrote 2 answers row(s) to {out}"
    assert len(list(csv.DictReader(out.open(newline="")))) == 2


def test_a_bad_date_is_named_and_nothing_is_exported(study_db, capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--since", "2026-13-01"])
    assert info.value.code == 2
    assert "'2026-13-01' is not a date like 2026-01-31" in capsys.readouterr().err


def test_a_reversed_date_range_is_refused(study_db, capsys):
    assert main(["export", "--since", "2026-02-01", "--until", "2026-01-01"]) == 2
    assert "--since 2026-02-01 is after --until 2026-01-01" in capsys.readouterr().err


def test_export_from_a_missing_database_does_not_create_one(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    assert main(["export", "--db", str(tmp_path / "none.db")]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


@pytest.mark.postgres
def test_export_from_a_postgresql_database_without_studybot_tables_says_so(
    postgres_url, tmp_path, monkeypatch, capsys
):
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=postgres_url)
    assert main(["export"]) == 1
    err = capsys.readouterr().err
    assert "has no studybot tables" in err and "studybot db copy" in err
    import psycopg

    with psycopg.connect(postgres_url) as conn:  # nothing was created there
        assert conn.execute("SELECT to_regclass('schema_migrations')").fetchone() == (None,)
