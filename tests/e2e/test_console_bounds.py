"""Bounded input at the console: odd or huge numbers, long /clock jumps, 1 MB lines, undecodable bytes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time

from tests.e2e.console_driver import ROOT, command, console, environment, parse

GENERIC = "Something went wrong"


def test_odd_digits_and_huge_numbers_are_refused_with_the_allowed_range(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/setup time=99999999999999999999",
        "/setup time=²:00",
        "/studybot appeals accept ²",
        "/appeals accept 99999999999999999999999",
        "/answer 99999999999999999999999 my answer",
        "/clock +99999999999999999999d",
        "/clock +٣d",
        "/streak",
    ])
    assert session.returncode == 0, session.stderr
    errors = [e["message"] for e in session.of("error")]
    assert len(errors) == 7, errors
    assert not any(GENERIC in m for m in errors)
    assert "`hour` must be from 0 to 23" in errors[0] and "HH:MM" in errors[0]
    assert "digits 0-9" in errors[1]
    assert "`id` must be a whole number from 1 to 9,007,199,254,740,991" in errors[2]
    assert "`id` must be from 1 to 9,007,199,254,740,991" in errors[3]
    assert "`round number` must be from 1 to 9,007,199,254,740,991" in errors[4]
    assert "`+Nd` must be from 0 to 366" in errors[5]
    assert "is not a step" in errors[6]
    assert session.last("streak")["current"] == 0  # the console kept going


def test_the_clock_refuses_jumps_beyond_366_days_and_makes_none_of_them(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/clock +367d",
        "/clock +366d1h",
        "/clock 2027-03-04T08:00Z",
        "/clock",
    ])
    assert session.returncode == 0, session.stderr
    errors = [e["message"] for e in session.of("error")]
    assert len(errors) == 3, errors
    assert "`+Nd` must be from 0 to 366" in errors[0]
    assert "at most 366 days" in errors[1] and "+366d" in errors[1]
    assert "at most 366 days" in errors[2] and "367 days ahead" in errors[2]
    assert session.last("clock")["now"] == "2026-03-02T08:00+00:00"


def test_sigterm_stops_a_long_clock_jump_between_days(tmp_path):
    db = tmp_path / "study.db"
    proc = subprocess.Popen(command(db, "2026-03-02T08:00Z"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=environment())
    try:
        assert proc.stdin and proc.stdout
        proc.stdin.write("/setup time=09:00 tz=UTC days=daily\n/clock +366d\n")
        proc.stdin.flush()
        seen = []
        while not any(e["type"] == "round_posted" for e in seen):  # the jump is under way
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            seen.append(json.loads(line))
        proc.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        stdout, stderr = proc.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    events = seen + parse(stdout)
    posted = [e for e in events if e["type"] == "round_posted"]
    assert len(posted) < 100, f"{len(posted)} days were posted after SIGTERM"
    assert stopped_after < 5
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rounds").fetchone()[0] == len(posted)


def test_a_one_megabyte_line_is_refused_at_once_and_the_prompt_stays_responsive(tmp_path):
    started = time.monotonic()
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/setup " + "'a b' " * 170_000,
        "x" * 1_000_000,
        "/streak",
    ], timeout=60)
    took = time.monotonic() - started
    assert session.returncode == 0, session.stderr
    errors = [e["message"] for e in session.of("error")]
    assert len(errors) == 2
    assert all("the limit is 8,000" in m and "shorten it" in m for m in errors)
    assert "1,020,007 characters" in errors[0] and "1,000,000 characters" in errors[1]
    assert session.last("streak")["current"] == 0
    assert took < 20


def test_undecodable_bytes_in_an_answer_are_replaced_and_the_answer_is_recorded(tmp_path):
    db = tmp_path / "study.db"
    lines = b"/setup time=09:00 tz=UTC days=daily\n/clock +2h\nit applies relu caf\xff max(0, x)\n/streak\n"
    strict = {**environment(), "PYTHONIOENCODING": "utf-8:strict"}  # as in a UTF-8 terminal
    done = subprocess.run(command(db, "2026-03-02T08:00Z"), input=lines, capture_output=True, cwd=ROOT,
                          env=strict, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    events = parse(done.stdout.decode())
    assert not [e for e in events if e["type"] == "error"]
    note = next(e["message"] for e in events if e["type"] == "info" and "UTF-8" in e["message"])
    assert "it applies relu caf\ufffd max(0, x)" in note
    (feedback,) = [e for e in events if e["type"] == "feedback"]
    assert feedback["counted"]
    assert [e for e in events if e["type"] == "streak"][-1]["current"] == 1
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT body FROM answers").fetchall()
    assert stored == [("it applies relu caf\ufffd max(0, x)",)]
