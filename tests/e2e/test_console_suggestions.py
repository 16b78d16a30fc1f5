"""Suggestions through `studybot console --json`: suggest, review, post, grade, credit, export, import."""

from __future__ import annotations

import yaml
from console_driver import console

from bot.cli import main

SUGGEST = ('/suggest prompt="Why do we normalise inputs before training a network?" '
           'answer="Normalising inputs puts features on a similar scale, which makes gradient descent '
           'converge faster and more stably." topics=training,optimisation difficulty=beginner '
           'points="similar scale; converge faster" hints="Think of the loss surface."')
REPLY = "It puts the features on a similar scale, so gradient descent can converge faster."


def test_a_member_suggests_an_admin_approves_and_a_later_round_posts_and_grades_it(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00+00:00", [
        "/as ana", SUGGEST,
        "/as lead", "/studybot suggestions list", '/studybot suggestions approve 1 reason="Clear and useful"',
        "/studybot packs", "/setup time=09:00 packs=community", "/clock +1h",
        "/as bo", REPLY, "/authors",
    ])
    assert session.returncode == 0, session.stderr
    assert not session.of("error"), session.of("error")
    changes = [(e["id"], e["status"], e["author"]) for e in session.of("suggestion")]
    assert changes == [(1, "pending", "ana"), (1, "approved", "ana")]
    assert session.of("suggestions")[0]["rows"][0]["prompt"].startswith("Why do we normalise")
    note = session.last("suggestion_note")
    assert note["member"] == "ana" and note["status"] == "approved" and "Clear and useful" in note["message"]
    packs = {p["id"]: p["questions"] for p in session.last("packs")["packs"]}
    assert packs["community"] == 1 and "deep-learning" in packs
    posted = session.last("round_posted")
    assert posted["question_id"] == "suggestion-1" and posted["suggested_by"] == "ana"
    feedback = session.last("feedback")
    assert feedback["member"] == "bo" and feedback["verdict"] == "correct" and feedback["counted"]
    assert session.last("authors")["rows"] == [{"rank": 1, "member": "ana", "name": "ana", "approved": 1}]


def test_a_refused_suggestion_echoes_every_field_as_a_line_to_send_again(tmp_path):
    bad = SUGGEST.replace("difficulty=beginner", "difficulty=hard")
    session = console(tmp_path / "study.db", "2026-03-02T08:00+00:00", [bad])
    error = session.last("error")
    assert "difficulty: 'hard' is not one of" in error["message"]
    assert error["kept"]["difficulty"] == "hard" and error["kept"]["hints"] == "Think of the loss surface."
    assert error["retry"].startswith('/suggest prompt="Why do we normalise inputs before training')
    assert "points=\"similar scale; converge faster\"" in error["retry"]
    again = console(tmp_path / "study.db", "2026-03-02T08:00+00:00",
                    [error["retry"].replace("difficulty=hard", "difficulty=advanced")])
    assert again.last("suggestion")["status"] == "pending"


def test_rejection_edit_limits_and_duplicates_at_the_console(tmp_path):
    prompts = ["What problem does dropout solve?", "What problem does weight decay solve?",
               "What problem does early stopping solve?", "What problem does label smoothing solve?",
               "What problem does data augmentation solve?", "What problem does gradient clipping solve?"]
    lines = ["/as ana", *(f'/suggest prompt="{p}" answer="It reduces overfitting." difficulty=beginner'
                          for p in prompts)]
    lines += ["/as bo", '/suggest prompt="what problem does DROPOUT solve" answer="x" difficulty=beginner',
              "/as lead", "/studybot suggestions edit 2 difficulty=advanced",
              '/studybot suggestions reject 1 reason="Too broad"', "/studybot suggestions list status=all"]
    session = console(tmp_path / "study.db", "2026-03-02T08:00+00:00", lines)
    errors = [e["message"] for e in session.of("error")]
    assert "already have 5 suggestions waiting" in errors[0]
    assert "repeats suggestion 1 in the suggestions waiting for review" in errors[1]
    statuses = [(e["id"], e["status"]) for e in session.of("suggestion")]
    assert statuses[-2:] == [(2, "pending"), (1, "rejected")]
    assert session.of("suggestion")[-2]["fields"]["difficulty"] == "advanced"
    assert "Too broad" in session.last("suggestion_note")["message"]
    assert [r["status"] for r in session.last("suggestions")["rows"]] == ["rejected", *["pending"] * 4]


def test_the_community_pack_exports_as_a_pack_that_lints_and_imports_into_another_community(tmp_path, capsys):
    db = tmp_path / "study.db"
    console(db, "2026-03-02T08:00+00:00", ["/as ana", SUGGEST, "/as lead", "/studybot suggestions approve 1"])
    out = tmp_path / "pack.yaml"
    assert main(["content", "export-community", "--community", "console:local", "--db", str(db),
                 "-o", str(out)]) == 0
    pack = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert pack["id"] == "community" and [q["id"] for q in pack["questions"]] == ["suggestion-1"]
    assert "authors: ana" in pack["source"]
    assert main(["content", "lint", str(out)]) == 0
    assert main(["content", "import", str(out), "--community", "slack:T9", "--db", str(db)]) == 0
    assert "imported 1 question(s) into the community pack of slack:T9" in capsys.readouterr().out
    assert main(["content", "import", str(out), "--community", "slack:T9", "--db", str(db)]) == 0
    assert "already has; skipped" in capsys.readouterr().err
    assert main(["content", "export-community", "--community", "discord:1", "--db", str(db)]) == 1
    assert "no approved suggestions" in capsys.readouterr().err


def test_quiz_draws_approved_suggestions_of_the_selected_community_pack_but_not_todays(tmp_path):
    second = ('/suggest prompt="What problem does dropout solve when training deep networks?" '
              'answer="Dropout reduces overfitting by randomly switching off units during training." '
              'topics=training difficulty=beginner')
    session = console(tmp_path / "study.db", "2026-03-02T08:00+00:00", [
        "/as ana", SUGGEST, second,
        "/as lead", "/studybot suggestions approve 1", "/studybot suggestions approve 2",
        "/setup time=09:00 packs=community",
        "/as bo", "/quiz", REPLY, "/clock +1h", "/quiz", "/quiz",
    ])
    assert session.returncode == 0, session.stderr
    assert not session.of("error"), session.of("error")
    first, *later = session.of("quiz")
    assert first["question_id"] in ("suggestion-1", "suggestion-2")
    practice = session.of("feedback")[0]  # plain text after /quiz answers it, graded, not counted
    assert (practice["question_id"], practice["practice_reason"]) == (first["question_id"], "quiz")
    today = session.last("round_posted")["question_id"]
    other = ({"suggestion-1", "suggestion-2"} - {today}).pop()
    assert [q["question_id"] for q in later] == [other, other]  # never the open round's question
    prompts = {"suggestion-1": "Why do we normalise inputs", "suggestion-2": "What problem does dropout"}
    assert later[0]["prompt"].startswith(prompts[other])


def test_after_a_restart_today_history_hints_and_feedback_find_the_community_question(tmp_path):
    db = tmp_path / "study.db"
    first = console(db, "2026-03-02T08:00+00:00", [
        "/as ana", SUGGEST, "/as lead", "/studybot suggestions approve 1",
        "/setup time=09:00 packs=community",
        "/clock +1h", "/as bo", REPLY])
    assert first.last("feedback")["question_id"] == "suggestion-1", first.stderr
    again = console(db, "2026-03-02T10:00+00:00", ["/as bo", "/today", "/history", "/history id=1", "/hint",
                                                    "/as lead", "/studybot status"])
    assert not again.of("error"), again.of("error")
    assert again.last("today")["prompt"].startswith("Why do we normalise inputs")
    assert again.last("history")["rows"][0]["prompt"].startswith("Why do we normalise inputs")
    shown = again.last("feedback")
    assert shown["question_id"] == "suggestion-1" and shown["answer_id"] == 1
    assert again.last("hint")["text"] == "Think of the loss surface."
    assert again.last("status")["open_question"].startswith("Why do we normalise inputs")


def test_quiz_with_no_match_in_the_channels_packs_says_what_was_searched_and_what_to_do(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00+00:00", [
        "/as ana", SUGGEST, "/as lead", "/studybot suggestions approve 1",
        "/setup time=09:00 packs=community",
        "/as bo", "/quiz difficulty=advanced", "/quiz topic=training difficulty=advanced",
        "/channel other", "/quiz difficulty=advanced"])
    errors = [e["message"] for e in session.of("error")]
    assert errors[0].startswith("No advanced questions in this channel's packs (community); try another "
                                "difficulty, or an admin can add packs with `/studybot setup packs=")
    assert errors[1].startswith("No advanced questions on `training` in this channel's packs (community)")
    assert errors[2].startswith(
        "No advanced questions in the packs of this community's schedules (community)")
    assert not session.of("quiz")
