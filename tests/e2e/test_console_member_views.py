"""`studybot console --json`: /remind, /today, /history, /progress and the reminder and freeze events."""

from __future__ import annotations

from console_driver import ROOT, console

from bot.content.loader import load_bank

SETUP = "/setup time=09:00 tz=Europe/Berlin days=daily"
REPLY = (
    "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
    "function such as ReLU; the weights are learned in training."
)


def test_member_views_and_a_reminder_as_json_events(tmp_path):
    lines = [
        SETUP,
        "/clock 2026-03-02T09:30+01:00",
        REPLY,
        "/remind on before=2h",
        "/today",
        "/history",
        "/history id=1",
        "/progress",
        "/clock 2026-03-04T07:30+01:00",
        "/today",
        "/remind off",
    ]
    session = console(tmp_path / "study.db", "2026-03-02T07:00+01:00", lines)
    assert session.returncode == 0, session.stderr
    assert not session.of("error"), session.of("error")

    remind = session.of("remind")[0]
    assert (
        remind["enabled"] and remind["before"] == "2h" and "2h before the round closes" in remind["message"]
    )
    answered, later = session.of("today")
    assert answered["answered"] and answered["answer"]["counted"] and answered["round_id"] == 1
    assert answered["closes_at"] == "2026-03-03T09:00+01:00"
    history = session.last("history")
    assert [(r["answer_id"], r["date"], r["counted"]) for r in history["rows"]] == [(1, "2026-03-02", True)]
    assert session.last("feedback")["answer_id"] == 1  # /history id=1 shows its feedback again
    progress = session.last("progress")
    assert (progress["seen"], progress["streak"]["current"], progress["next_freeze_in"]) == (1, 1, 6)
    assert progress["pool"] == len(load_bank([ROOT / "content"]).questions()) and progress["topics"]

    # Tuesday's round (id 2) closes Wednesday 09:00 Berlin; the reminder came at 07:00, once
    [reminder] = session.of("reminder")
    assert reminder["round_id"] == 2 and reminder["closes_at"] == "2026-03-04T09:00+01:00"
    assert reminder["member"] == answered["member"]
    assert not later["answered"] and later["round_id"] == 2 and later["seconds_left"] == 90 * 60
    assert not session.last("remind")["enabled"]


def test_a_freeze_earned_and_used_are_json_events(tmp_path):
    days = [f"/clock 2026-03-{day:02d}T09:30+01:00" for day in range(2, 9)]
    lines = [SETUP, *[line for clock in days for line in (clock, REPLY)], "/clock 2026-03-10T09:30+01:00"]
    session = console(tmp_path / "study.db", "2026-03-02T07:00+01:00", lines)
    assert session.returncode == 0, session.stderr
    freezes = [(e["event"], e["freezes"]) for e in session.of("freeze")]
    assert freezes == [("earned", 1), ("used", 0)]  # 7 answered days; Monday 9 March missed
    assert "earned a streak freeze" in session.of("freeze")[0]["message"]
