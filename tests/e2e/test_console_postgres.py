"""`studybot console` and `studybot run` with STUDYBOT_DB naming a PostgreSQL database (a fresh schema).

The same console sessions as on a SQLite file: a round is posted, answered once (a second submit is
practice), the leaderboard and streak show it, and a second console process on the same database
keeps its clock (no going back) and continues the streak.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from console_driver import ROOT, Session, parse

pytestmark = pytest.mark.postgres
REPLY = ("A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
         "function such as ReLU; the weights are learned in training.")


def environment(db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_", "SLACK_"))}
    return {**env, "STUDYBOT_ENV_FILE": os.devnull, "STUDYBOT_LOG_FORMAT": "json", "STUDYBOT_DB": db,
            "PYTHONPATH": str(ROOT)}


def console(db: str, cwd: Path, lines: list[str], now: str | None = None) -> Session:
    """One `studybot console --json` process on `db` (from STUDYBOT_DB), run in `cwd`."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--json", *(["--now", now] if now else [])],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=cwd, env=environment(db),
        timeout=120,
    )
    return Session(parse(done.stdout), done.stderr, done.returncode)


def test_a_console_session_on_postgresql_posts_answers_and_shows_the_board_and_streak(postgres_url, tmp_path):
    first = console(postgres_url, tmp_path, [
        "/setup time=09:00 tz=UTC days=daily",
        "/clock 2026-03-02T09:10Z",
        REPLY,
        REPLY,
        "/leaderboard",
        "/streak",
    ], now="2026-03-02T08:00Z")
    assert first.returncode == 0, first.stderr
    assert not first.of("error") and "Traceback" not in first.stderr and '"ERROR"' not in first.stderr
    assert "postgresql://" in first.last("ready")["db"]
    assert [p["local_date"] for p in first.of("round_posted")] == ["2026-03-02"]
    counted, again = first.of("feedback")
    assert counted["counted"] and counted["points"] > 0
    assert (again["counted"], again["practice_reason"]) == (False, "already answered")
    rows = first.last("leaderboard")["rows"]
    assert [(r["member"], r["answers"], r["points"], r["streak"]) for r in rows] == [
        ("you", 1, counted["points"], 1)]
    assert (first.last("streak")["current"], first.last("streak")["today"]) == (1, "answered")

    # a second process on the same database refuses to go back in time, then continues the streak
    back = console(postgres_url, tmp_path, ["/status"], now="2026-03-01T08:00Z")
    assert back.returncode == 1 and "would move time backwards" in back.stderr
    second = console(postgres_url, tmp_path, ["/clock 2026-03-03T09:10Z", REPLY, "/streak", "/leaderboard"],
                     now="2026-03-03T08:00Z")
    assert second.returncode == 0, second.stderr
    assert [p["local_date"] for p in second.of("round_posted")] == ["2026-03-03"]
    assert [c["round_id"] for c in second.of("round_closed")] == [counted["round_id"]]
    assert second.last("feedback")["counted"]
    assert second.last("streak")["current"] == 2
    points = counted["points"] + second.last("feedback")["points"]
    assert [(r["answers"], r["points"]) for r in second.last("leaderboard")["rows"]] == [(2, points)]
    with psycopg.connect(postgres_url) as conn:
        stored = conn.execute("SELECT count(*), sum(counted), sum(points) FROM answers").fetchone()
        totals = conn.execute("SELECT answers, points FROM member_totals").fetchall()
    assert stored == (3, 2, points) and totals == [(2, points)]


def test_studybot_run_without_chat_tokens_serves_the_console_on_postgresql(postgres_url, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=environment(postgres_url),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        seen = ""
        proc.stdin.write("/setup time=09:00 tz=Europe/Berlin\n")
        proc.stdin.flush()
        while "Europe/Berlin" not in seen:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            seen += line
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT tz FROM schedules").fetchall() == [("Europe/Berlin",)]


def test_a_console_on_an_unreachable_postgresql_server_says_so_in_one_line(tmp_path):
    done = console("postgresql://bot:hunter2@127.0.0.1:1/studybot", tmp_path, ["/status"])
    assert done.returncode == 1 and not done.events
    assert "unavailable" in done.stderr and "hunter2" not in done.stderr
    assert "Traceback" not in done.stderr
