"""The console with the quick pack: numbered options, picks by number, refusals, the reveal's picks."""

from __future__ import annotations

import io

from bot.frontends.console.output import TextOutput
from tests.e2e.console_driver import console

SETUP = ["/setup time=09:00 tz=UTC days=daily packs=deep-learning-quick", "/clock 2026-03-02T09:30Z"]


def test_a_choice_question_is_answered_by_number_and_the_reveal_counts_the_picks(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            *SETUP,
            "1",
            "/as bea",
            "/answer 2",
            "/as cy",
            "idk",
            "no idea",
            "1",
            "/clock +1d",
        ],
    )
    assert session.returncode == 0, session.stderr
    posted = session.of("round_posted")[0]
    assert (posted["question_id"], posted["question_type"], posted["several"]) == ("dq-01", "choice", False)
    assert [o["text"] for o in posted["options"]] == ["Sigmoid", "ReLU", "Tanh", "No activation (linear)"]
    assert posted["how"] == "Pick one option: send its number, 1-4 (e.g. `2`)."
    you, bea, cy = session.of("feedback")
    assert (you["member"], you["verdict"], you["points"], you["counted"]) == ("you", "correct", 10, True)
    assert (bea["member"], bea["verdict"], bea["points"], bea["counted"]) == ("bea", "incorrect", 0, True)
    assert bea["streak"]["current"] == 1  # a wrong pick is a genuine attempt: the streak is kept
    assert "ReLU (not right)" in bea["note"] and "Sigmoid (right)" in bea["note"]
    refused = session.of("refused")
    assert [(r["member"], r["reason"], r["attempt_used"]) for r in refused] == [
        ("cy", "not-an-option", False),
        ("cy", "not-an-option", False),
    ]
    assert all("Pick one option" in r["message"] and "model" not in r["message"] for r in refused)
    assert (cy["member"], cy["counted"], cy["verdict"]) == ("cy", True, "correct")
    closed = session.last("round_closed")
    assert [(p["number"], p["count"], p["correct"]) for p in closed["picks"]] == [
        (1, 2, True),
        (2, 1, False),
        (3, 0, False),
        (4, 0, False),
    ]


def test_a_free_text_non_answer_is_refused_and_the_next_real_answer_counts(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            "/setup time=09:00 tz=UTC days=daily packs=deep-learning",
            "/clock 2026-03-02T09:30Z",
            "idk",
            "What is a neuron in a neural network?",
            "weights bias activation sum output",
            "It stores one row of the training data.",
            "/streak",
        ],
    )
    assert session.returncode == 0, session.stderr
    reasons = [r["reason"] for r in session.of("refused")]
    assert reasons == ["non-answer", "copied-question", "keyword-list"]
    (feedback,) = session.of("feedback")
    assert feedback["counted"] and feedback["verdict"] == "incorrect" and feedback["points"] == 0
    assert session.last("streak")["current"] == 1


def test_quiz_serves_quick_questions_and_a_short_answer_takes_an_alias(tmp_path):
    session = console(
        tmp_path / "study.db",
        "2026-03-02T08:00Z",
        [
            "/quiz topic=optimisation difficulty=beginner",
            "dunno",
            "the Adam optimizer",
            "/quiz topic=optimisation difficulty=beginner",
            "1",
        ],
    )
    assert session.returncode == 0, session.stderr
    first, second = session.of("quiz")  # both unseen; the member's own shuffle puts the short one first
    assert (first["question_id"], first["question_type"]) == ("dq-32", "short")
    assert "options" not in first
    assert (second["question_id"], second["question_type"]) == ("dq-07", "choice")
    (refused,) = session.of("refused")
    assert (
        refused["message"]
        == "No attempt used: that is not an answer yet. Reply with a word, a term or a number."
    )
    assert [(f["question_id"], f["verdict"], f["points"]) for f in session.of("feedback")] == [
        ("dq-32", "correct", 0),
        ("dq-07", "correct", 0),
    ]


def test_the_text_console_shows_numbered_options_and_the_picks():
    out = io.StringIO()
    text = TextOutput(out, colour=False)
    text.emit(
        {
            "type": "round_posted",
            "channel": "general",
            "local_date": "2026-03-02",
            "question_id": "dq-01",
            "prompt": "Which activation?",
            "difficulty": "beginner",
            "topics": ["activations"],
            "closes_at": None,
            "question_type": "choice",
            "several": False,
            "options": [{"number": 1, "text": "Sigmoid"}, {"number": 2, "text": "ReLU"}],
            "how": "Pick one option: send its number, 1-2 (e.g. `2`).",
        }
    )
    text.emit(
        {
            "type": "round_closed",
            "channel": "general",
            "round_id": 1,
            "answers": 3,
            "correct_share": 0.67,
            "most_missed": None,
            "model_answer": "Sigmoid.",
            "picks": [
                {"number": 1, "text": "Sigmoid", "correct": True, "count": 2},
                {"number": 2, "text": "ReLU", "correct": False, "count": 1},
            ],
        }
    )
    text.emit(
        {
            "type": "refused",
            "member": "you",
            "reason": "non-answer",
            "attempt_used": False,
            "message": "No attempt used: that is not an answer yet.",
        }
    )
    shown = out.getvalue()
    assert "  1. Sigmoid\n  2. ReLU\n" in shown and "Pick one option: send its number, 1-2" in shown
    assert "  1. Sigmoid: 2 ✓\n  2. ReLU: 1\n" in shown
    assert "✋ No attempt used: that is not an answer yet." in shown
