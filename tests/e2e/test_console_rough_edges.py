"""Rough edges through `studybot console --json`: each test is named for the edge it keeps smooth."""

from __future__ import annotations

import re
import subprocess
import sys

from console_driver import ROOT, console, environment, parse

REPLY = (
    "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
    "function such as ReLU; the weights are learned in training."
)
FULL_REPLY = (
    "A neuron multiplies each input by a learned weight, sums them, adds a bias and passes the "
    "weighted sum through a non-linear activation function such as ReLU; its output feeds the "
    "neurons of the next layer, and training learns the weights and bias."
)
SETUP = "/setup time=09:00 tz=UTC days=mon-sun order=sequential"


def test_a_failed_quiz_does_not_change_what_plain_text_answers(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            SETUP,
            "/clock 2026-03-02T09:10Z",
            "/quiz topic=astrology",  # fails with nothing pending: plain text still answers the daily one
            REPLY,
            "/quiz",
            "/quiz topic=astrology",  # fails with practice pending: plain text still answers the practice
            REPLY,
        ],
    )
    first, second = session.of("error")
    assert first["plain_text_answers"] == {"kind": "daily", "round_id": 1, "question_id": "dl-01"}
    assert "Plain text still answers today's question in #general (dl-01)" in first["message"]
    practice = session.last("quiz")["question_id"]
    assert second["plain_text_answers"] == {"kind": "practice", "question_id": practice}
    assert f"Plain text still answers your practice question {practice}." in second["message"]
    daily, practised = session.of("feedback")
    assert (daily["round_id"], daily["counted"]) == (1, True)
    assert (practised["round_id"], practised["question_id"], practised["counted"]) == (None, practice, False)


def test_quoted_cohort_names_work_the_suggestion_works_as_typed_and_the_creator_is_a_member(tmp_path):
    db = tmp_path / "study.db"
    created = console(db, "2026-03-02T08:00Z", ['/cohort create name="Night Owls"', "/cohort list"])
    event = created.last("cohort")
    assert (event["name"], event["members"]) == ("Night Owls", 1)
    suggestion = re.search(r"`(/cohort join [^`]+)`", event["message"])
    assert suggestion and suggestion[1] == '/cohort join name="Night Owls"'
    assert created.last("cohorts")["rows"] == [{"name": "Night Owls", "members": 1, "joined": True}]

    joined = console(db, "2026-03-02T08:00Z", ["/as ana", suggestion[1], "/cohort join Night Owls"])
    assert joined.last("cohort")["members"] == 2 and not joined.of("error")[:-1]
    assert 'name="Night Owls"' in joined.last("error")["message"]  # unquoted: told how to quote


def test_quiz_topics_and_command_options_accept_us_and_uk_spellings(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            "/quiz topic=regularization",
            "/as b",
            "/quiz topic=Optimization",
            "/as c",
            "/quiz topic=regularisation difficulty=Beginner",
            "/leaderboard Period=WEEK",
        ],
    )
    assert not session.of("error"), session.of("error")
    us, optimisation, uk = session.of("quiz")
    assert "regularisation" in us["topics"] and "regularisation" in uk["topics"]
    assert "optimisation" in optimisation["topics"] and uk["difficulty"] == "beginner"
    assert session.last("leaderboard")["period"] == "week"


def test_a_restart_on_the_same_database_never_moves_time_back(tmp_path):
    db = tmp_path / "study.db"
    first = console(db, "2030-03-04T08:00Z", [SETUP, "/clock +3d", REPLY])  # rounds of 4, 5 and 6 March
    assert [p["local_date"] for p in first.of("round_posted")][-1] == "2030-03-06"

    back = console(db, "2030-03-04T08:00Z", ["/status"])
    assert back.returncode == 1 and not back.events
    assert "would move time backwards" in back.stderr and "--now 2030-03-07T08:00" in back.stderr

    resumed = subprocess.run(  # no --now: resume at the database's clock (it is later than real time)
        [sys.executable, "-m", "bot", "console", "--json", "--db", str(db)],
        input="/clock\n/status\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(),
        timeout=60,
    )
    events = parse(resumed.stdout)
    assert resumed.returncode == 0, resumed.stderr
    clock = next(e for e in events if e["type"] == "clock")
    assert clock["now"].startswith("2030-03-07T08:00")
    ready = next(e for e in events if e["type"] == "ready")
    assert ready["resumed"] and "resumed at this database's time" in ready["message"]
    status = next(e for e in events if e["type"] == "status")
    assert status["open_question_id"] == first.last("round_posted")["question_id"]
    assert not [e for e in events if e["type"] == "round_posted"]  # nothing is posted twice


def test_setup_days_mon_sun_reads_every_day_and_status_names_the_question(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [SETUP, "/studybot post-now", "/status"])
    message = session.last("schedule")["message"]
    assert "09:00 UTC every day," in message and "daily" not in message
    posted, status = session.last("round_posted"), session.last("status")
    assert status["open_question"] == posted["prompt"] == "What is a neuron in a neural network?"


def test_no_appeal_on_an_answer_already_graded_100_percent(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            SETUP,
            "/clock +1h10m",
            FULL_REPLY,
            "/appeal it was right",
            "/as ana",
            REPLY,
            "/appeal please",
        ],
    )
    full, partial = session.of("feedback")
    assert full["score_percent"] == 100 and partial["score_percent"] < 100
    assert "already scored 100 %" in session.last("error")["message"]
    appeals = session.of("appeal")
    assert [a["answer_id"] for a in appeals] == [partial["answer_id"]]


def test_the_leaderboard_marks_your_own_row(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            SETUP,
            "/clock +1h10m",
            REPLY,
            "/as ana",
            FULL_REPLY,
            "/leaderboard",
        ],
    )
    rows = session.last("leaderboard")["rows"]
    assert [(r["member"], r["you"]) for r in rows] == [("ana", True), ("you", False)]
