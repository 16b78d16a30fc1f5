"""Fair points: non-answers are refused before grading; an incorrect verdict earns no points."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import load_bank
from bot.core.errors import AnswerRejected, NonAnswer
from bot.core.models import Difficulty, Verdict
from bot.core.question_types import grade_attempt
from bot.core.scoring import points

BANK = load_bank([Path(__file__).resolve().parents[2] / "content"])
NEURON = BANK.question("dl-01")
ACTIVATIONS = BANK.question("dl-05")
FITTING = BANK.question("dl-09")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("idk", "non-answer"),
        ("no idea tbh", "non-answer"),
        ("pass", "non-answer"),
        ("?? ...", "empty"),
        ("What is a neuron in a neural network?", "copied-question"),
        ("neuron in a neural network", "copied-question"),
    ],
)
def test_a_non_answer_is_refused_with_a_nudge_that_says_what_to_do(reply, reason):
    with pytest.raises(NonAnswer) as refused:
        grade_attempt(NEURON, reply)
    assert refused.value.reason == reason
    assert str(refused.value).startswith("No attempt used:")
    assert "sentence" in str(refused.value)


def test_a_bare_list_of_terms_is_refused_as_a_keyword_list():
    with pytest.raises(NonAnswer) as refused:
        grade_attempt(FITTING, "regularization dropout early stopping data augmentation more data")
    assert refused.value.reason == "keyword-list"
    assert "a list of terms is not an explanation yet" in str(refused.value)


def test_a_non_answer_is_an_answer_rejection_so_every_frontend_treats_it_like_an_empty_answer():
    assert issubclass(NonAnswer, AnswerRejected)


@pytest.mark.parametrize(
    "reply",
    [
        "It stores the training data.",  # wrong, but a genuine attempt
        "A neuron is a kind of database row that holds one label.",
    ],
)
def test_a_genuine_wrong_attempt_is_graded_not_refused(reply):
    stored, result = grade_attempt(NEURON, reply)
    assert stored == reply and result.verdict == Verdict.INCORRECT


def test_one_word_is_a_weak_attempt_graded_rather_than_refused():
    stored, result = grade_attempt(NEURON, "relu")
    assert stored == "relu" and result.score < 0.75


def test_terse_notes_that_make_claims_are_graded():
    _, result = grade_attempt(
        ACTIVATIONS,
        "relu for hidden layers since it avoids vanishing gradients; "
        "sigmoid for the binary output because it gives a probability",
    )
    assert result.verdict != Verdict.INCORRECT


@pytest.mark.parametrize(
    ("score", "verdict", "streak", "earned"),
    [
        (0.9, Verdict.CORRECT, 1, 14),
        (0.5, Verdict.PARTIAL, 1, 8),
        (0.5, Verdict.PARTIAL, 3, 9),  # streak bonus from 3 days
        (0.3, Verdict.INCORRECT, 1, 0),
        (0.3, Verdict.INCORRECT, 5, 0),  # no streak bonus on an incorrect answer either
        (0.0, "incorrect", 5, 0),
    ],
)
def test_an_incorrect_verdict_earns_no_points(score, verdict, streak, earned):
    assert points(score, Difficulty.INTERMEDIATE, streak, verdict) == earned


def test_the_help_states_the_points_rule_and_the_non_answer_rule():
    from bot.core.commands import overview

    shown = overview()
    assert "An incorrect answer earns 0 points but keeps your streak." in shown
    assert "no attempt is used and the model answer stays hidden" in shown
    assert "send its number (`2`, or `1, 3` when several are right)" in shown
