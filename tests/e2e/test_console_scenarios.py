"""Whole-bot scenarios through `studybot console --json` on a real database file."""

from __future__ import annotations

from datetime import date, timedelta

from console_driver import console, finish, start

SETUP_BERLIN = "/setup time=09:00 tz=Europe/Berlin days=mon,tue,wed,thu,fri order=sequential"
REPLY = ("A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
         "function such as ReLU; the weights are learned in training.")


def berlin_morning(day: date) -> str:
    """09:30 local time in Berlin, with the offset of that day (CET before 29 March 2026, CEST after)."""
    offset = "+02:00" if day >= date(2026, 3, 29) else "+01:00"
    return f"{day.isoformat()}T09:30{offset}"


def test_two_weeks_of_daily_answers_across_a_dst_change_keep_the_streak_and_use_a_freeze(tmp_path):
    lines = [SETUP_BERLIN]
    first = date(2026, 3, 16)  # a Monday; clocks go forward on Sunday 29 March
    answered = []
    for offset in range(16):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5 or day == date(2026, 3, 30):  # weekends off; Monday 30 March missed
            continue
        lines += [f"/clock {berlin_morning(day)}", REPLY, "/streak"]
        answered.append(day)
    session = console(tmp_path / "study.db", "2026-03-16T07:00+01:00", lines)
    assert session.returncode == 0, session.stderr
    assert not session.of("error"), session.of("error")

    posted = session.of("round_posted")
    assert [p["local_date"] for p in posted] == [d.isoformat() for d in answered[:10]] + [
        "2026-03-30", "2026-03-31"]
    assert len({p["question_id"] for p in posted}) == len(posted)  # no repeats
    # Friday's round closes at Monday's post time, 09:00 local in summer time
    friday = next(p for p in posted if p["local_date"] == "2026-03-27")
    assert friday["closes_at"] == "2026-03-30T09:00+02:00"

    feedback = session.of("feedback")
    assert all(f["counted"] for f in feedback) and len(feedback) == 11
    streaks = [(s["current"], s["freezes"]) for s in session.of("streak")]
    assert streaks[6] == (7, 1)  # seven answered days in a row earn a freeze
    assert streaks[9] == (10, 1)  # the weekend neither breaks nor extends it
    assert streaks[10] == (11, 0)  # Monday 30 March was missed: the freeze kept the streak
    assert session.last("streak")["longest"] == 11


def test_a_late_answer_counts_as_practice_and_a_double_submission_counts_once(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/setup time=09:00 tz=UTC days=daily",
        "/clock 2026-03-02T09:10Z",
        REPLY,
        REPLY,
        "/clock +1d",
        "/answer 1 " + REPLY,
        "/leaderboard",
    ])
    assert session.returncode == 0, session.stderr
    first, second, late = session.of("feedback")
    assert first["counted"] and first["points"] > 0
    assert (second["counted"], second["points"], second["practice_reason"]) == (False, 0, "already answered")
    assert (late["counted"], late["round_id"], late["practice_reason"]) == (False, 1, "round closed")
    closed = session.last("round_closed")
    assert (closed["round_id"], closed["answers"]) == (1, 1)
    rows = session.last("leaderboard")["rows"]
    assert [(r["member"], r["answers"], r["points"]) for r in rows] == [("you", 1, first["points"])]


def test_a_restart_inside_the_grace_window_posts_late_and_outside_it_skips_the_day(tmp_path):
    db = tmp_path / "study.db"
    setup = console(db, "2026-03-02T08:00Z", ["/setup time=09:00 tz=UTC days=daily", "/clock +1h5m"])
    assert [p["local_date"] for p in setup.of("round_posted")] == ["2026-03-02"]

    inside = console(db, "2026-03-03T14:30Z", ["/status"])  # down at 09:00, back 5.5 h later
    assert [p["local_date"] for p in inside.of("round_posted")] == ["2026-03-03"]
    assert inside.last("status")["open_round_id"] == inside.of("round_posted")[0]["round_id"]

    outside = console(db, "2026-03-04T15:30Z", ["/status"])  # back 6.5 h after the post time
    assert outside.of("round_posted") == []
    notice = outside.last("notice")
    assert "4 Mar" in notice["message"] and "Streaks are not affected" in notice["message"]
    assert outside.last("status")["next_post"] == "2026-03-05T09:00+00:00"


def test_two_processes_started_on_one_database_post_the_day_once(tmp_path):
    db = tmp_path / "study.db"
    console(db, "2026-03-02T08:00Z", ["/setup time=09:00 tz=UTC days=daily"])
    procs = [start(db, "2026-03-02T09:20Z") for _ in range(3)]
    sessions = [finish(p, ["/status"]) for p in procs]
    assert all(s.returncode == 0 for s in sessions), [s.stderr for s in sessions]
    posts = [p for s in sessions for p in s.of("round_posted")]
    assert len(posts) == 1
    assert {s.last("status")["open_round_id"] for s in sessions} == {posts[0]["round_id"]}


def test_a_cohort_leaderboard_gives_tied_members_the_same_rank(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/setup time=09:00 tz=UTC days=daily",
        "/cohort create name=alpha",
        "/cohort create name=beta",
        "/clock 2026-03-02T09:30Z",
        "/as ana", "/cohort join name=alpha", REPLY,
        "/as bo", "/cohort join name=alpha", REPLY,
        "/as cy", "/cohort join name=alpha", "It is a kind of database index.",
        "/as dee", "/cohort join name=beta", REPLY,
        "/leaderboard period=week cohort=alpha",
        "/leaderboard period=week",
    ])
    assert session.returncode == 0, session.stderr
    alpha, everyone = session.of("leaderboard")
    assert (alpha["period"], alpha["cohort"]) == ("week", "alpha")
    ranks = {r["member"]: r["rank"] for r in alpha["rows"]}
    assert ranks["ana"] == ranks["bo"] == 1 and ranks["cy"] == 3 and "dee" not in ranks
    assert {r["member"]: r["rank"] for r in everyone["rows"]} == {"ana": 1, "bo": 1, "dee": 1, "cy": 4}


def test_bad_and_hostile_input_gets_errors_and_the_console_keeps_going(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", [
        "/nonsense",
        "/setup tz=Mars/Base",
        "/clock yesterday",
        "/clock 2020-01-01T00:00Z",
        "an answer with no question open",
        "/leaderboard period=decade",
        "/as " + "x" * 100,
        "/setup time=09:00",
        "/post-now",
        "x" * 5000,
        "\x00\x1b[31m<@everyone> ' \" `",
        "/quiz topic=cnnn",
        "/streak",
    ])
    assert session.returncode == 0, session.stderr
    errors = [e["message"] for e in session.of("error")]
    assert len(errors) == 9
    assert "no command `/nonsense`" in errors[0]
    assert "not a known timezone" in errors[1]
    assert "only moves forward" in errors[3]
    assert "no question in #general" in errors[4]
    assert "4,000" in errors[7]
    (hostile,) = session.of("feedback")  # graded like any answer, not crashed on
    assert hostile["counted"] and hostile["verdict"] == "incorrect"
    assert session.last("streak")["current"] == 1
