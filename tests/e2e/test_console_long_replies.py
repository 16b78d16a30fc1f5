"""What really happens to a 100 KB reply typed at the console: refused with its length, recorded nowhere."""

from __future__ import annotations

import sqlite3

from tests.e2e.console_driver import console

HUGE = "relu does not saturate " * 4_348 + "relu"  # 100,008 characters
GOOD = "It switches off random units during training, so the network cannot rely on any one of them."


def test_a_100_kb_reply_at_the_console_is_refused_with_its_length_and_the_next_answer_counts(tmp_path):
    db = tmp_path / "study.db"
    session = console(db, "2026-03-02T08:00Z", [
        "/setup time=09:00 tz=UTC days=daily", "/clock +2h", HUGE, GOOD, "/streak",
    ])
    assert session.returncode == 0, session.stderr
    (refused,) = [e["message"] for e in session.of("error")]
    assert "100,008 characters long; the limit is 8,000" in refused
    assert "Answers may be up to 4,000 characters" in refused
    (feedback,) = session.of("feedback")
    assert feedback["counted"]  # the refused reply used no attempt
    with sqlite3.connect(db) as conn:
        assert [len(body) for (body,) in conn.execute("SELECT body FROM answers")] == [len(GOOD)]
