"""The grader's rules, one behaviour per test, on a small dropout question built here."""

from __future__ import annotations

import pytest

from bot.core.errors import AnswerRejected
from bot.core.grading import GRADER_VERSION, MAX_REPLY_CHARS, check_reply, grade
from bot.core.models import Difficulty, KeyPoint, Misconception, Question, Thresholds, Verdict

DROPOUT = Question(
    id="t-dropout",
    prompt="What is dropout and why does it help neural networks?",
    difficulty=Difficulty.BEGINNER,
    answer=("Dropout randomly switches off a fraction of the units during training, so the network cannot "
            "rely on any single unit. This reduces overfitting and acts like averaging an ensemble of many "
            "thinned networks. At inference dropout is turned off and all units are used."),
    key_points=(
        KeyPoint("Randomly deactivates units during training", ("randomly drops units", "randomly zeroes",
                                                                "turns off random neurons"), 3.0),
        KeyPoint("Reduces overfitting", ("reduces overfitting", "prevents overfitting", "regularization"),
                 3.0),
        KeyPoint("Acts like an ensemble of sub-networks", ("ensemble", "many thinned networks"), 1.0),
        KeyPoint("Is switched off at inference", ("turned off at inference", "not used at test time"), 1.0),
    ),
    misconceptions=(
        Misconception("Dropout permanently deletes neurons", ("permanently deletes neurons",
                                                              "removes neurons forever")),
    ),
)
FULL = ("Dropout randomly drops units during training so no unit can be relied on. That reduces overfitting, "
        "a bit like an ensemble of many thinned networks, and it is turned off at inference.")


def test_a_complete_answer_is_graded_correct_with_every_key_point_covered():
    g = grade(DROPOUT, FULL)
    assert g.verdict is Verdict.CORRECT
    assert g.score >= 0.9
    assert set(g.covered) == {kp.text for kp in DROPOUT.key_points}
    assert g.missed == ()
    assert g.grader_version == GRADER_VERSION


def test_typos_plurals_and_chat_spelling_still_match():
    g = grade(DROPOUT, "it randomly drop unit while training n that reduce overfiting, like an ensembel")
    assert "Randomly deactivates units during training" in g.covered
    assert "Reduces overfitting" in g.covered
    assert "Acts like an ensemble of sub-networks" in g.covered


def test_word_order_of_a_phrase_may_change():
    g = grade(DROPOUT, "overfitting is what it reduces, by dropping units")
    assert "Reduces overfitting" in g.covered


def test_negated_key_point_earns_nothing():
    g = grade(DROPOUT, "Dropout does not reduce overfitting at all; it only makes training slower.")
    assert "Reduces overfitting" not in g.covered
    assert g.verdict is Verdict.INCORRECT


def test_a_plain_contradiction_of_a_key_point_is_named_in_the_note():
    g = grade(DROPOUT, "Dropout does not reduce overfitting, and it randomly drops units during training.")
    assert g.note and "opposite" in g.note
    assert g.verdict is not Verdict.CORRECT


def test_not_only_is_not_a_negation():
    g = grade(DROPOUT, "Dropout not only reduces overfitting, it also randomly zeroes units in training.")
    assert "Reduces overfitting" in g.covered


def test_stated_misconception_lowers_the_score_and_is_named():
    right = grade(DROPOUT, FULL)
    wrong = grade(DROPOUT, FULL + " It permanently deletes neurons from the network.")
    assert wrong.misconceptions == ("Dropout permanently deletes neurons",)
    assert wrong.score < right.score
    assert wrong.verdict is not Verdict.CORRECT
    assert "not right" in (wrong.note or "")


def test_a_refuted_misconception_is_not_held_against_the_reply():
    g = grade(DROPOUT, FULL + " It never permanently deletes neurons.")
    assert g.misconceptions == ()


def test_question_copied_back_scores_zero():
    g = grade(DROPOUT, "What is dropout and why does it help neural networks?")
    assert g.score == 0.0
    assert g.note and "repeats the question" in g.note


@pytest.mark.parametrize("reply", ["idk", "no idea tbh", "pass", "dunno, next question?", "¯\\_(ツ)_/¯",
                                   "🤷🤷"])
def test_non_answers_score_zero_with_a_note(reply):
    g = grade(DROPOUT, reply)
    assert g.score == 0.0
    assert g.verdict is Verdict.INCORRECT
    assert g.note


def test_one_word_reply_cannot_score_full_marks():
    g = grade(DROPOUT, "regularization")
    assert "Reduces overfitting" in g.covered
    assert g.score < 0.75
    assert g.note and "short" in g.note


def test_keyword_dump_is_not_an_explanation():
    dump = "dropout regularization ensemble overfitting inference units random thinned networks"
    g = grade(DROPOUT, dump)
    assert g.verdict is not Verdict.CORRECT
    assert g.note and "list of terms" in g.note


def test_off_topic_reply_is_incorrect():
    g = grade(DROPOUT, "Buy a GPU with plenty of memory so training does not crash halfway through.")
    assert g.verdict is Verdict.INCORRECT
    assert g.covered == ()


def test_a_short_phrase_does_not_match_by_accident():
    q = Question(id="t-relu", prompt="Name an activation.", difficulty=Difficulty.BEGINNER, answer="ReLU.",
                 key_points=(KeyPoint("Names ReLU", ("relu",)),))
    assert grade(q, "I would rely on the reel unit").covered == ()


def test_unsupervised_is_not_read_as_supervised():
    q = Question(id="t-sup", prompt="Which learning uses labels?", difficulty=Difficulty.BEGINNER,
                 answer="Supervised learning.",
                 key_points=(KeyPoint("Supervised", ("supervised learning",)),))
    assert grade(q, "unsupervised learning").covered == ()


def test_verdict_follows_the_question_thresholds():
    reply = "Dropout randomly drops units during training, which reduces overfitting."
    usual = grade(DROPOUT, reply)
    assert usual.verdict is Verdict.CORRECT
    thresholds = Thresholds(correct=usual.score + 0.01, partial=0.5)
    strict = Question(**{**DROPOUT.__dict__, "thresholds": thresholds})
    assert grade(strict, reply).verdict is Verdict.PARTIAL


def test_grading_is_deterministic_byte_for_byte():
    replies = [FULL, "idk", "Dropout does not reduce overfitting", "regularisation, ensembles"]
    first = [repr(grade(DROPOUT, r)) for r in replies]
    second = [repr(grade(DROPOUT, r)) for r in reversed(replies)][::-1]
    assert first == second


def test_markdown_mentions_and_links_do_not_change_the_grade():
    plain = grade(DROPOUT, FULL)
    dressed = grade(DROPOUT, f"<@123456> **{FULL}** see https://example.org/dropout @everyone")
    assert dressed.score == plain.score
    assert dressed.covered == plain.covered


def test_empty_reply_is_refused_before_grading_with_a_friendly_message():
    with pytest.raises(AnswerRejected, match=r"^Your answer is empty — type a sentence or two\.$"):
        check_reply(" \n\t ")


def test_over_long_reply_is_refused_stating_the_limit_and_its_length():
    with pytest.raises(AnswerRejected) as err:
        check_reply("x" * (MAX_REPLY_CHARS + 1))
    assert "4,000" in str(err.value) and "4,001" in str(err.value)


def test_check_reply_returns_an_acceptable_reply_unchanged():
    assert check_reply(FULL) == FULL
    assert check_reply("x" * MAX_REPLY_CHARS) == "x" * MAX_REPLY_CHARS


def test_grade_itself_never_raises_on_empty_or_huge_text():
    assert grade(DROPOUT, "").score == 0.0
    assert 0.0 <= grade(DROPOUT, FULL * 500).score <= 1.0


def test_a_reply_that_makes_no_key_point_says_so():
    g = grade(DROPOUT, "Neural networks are trained on GPUs with large batches of images.")
    assert g.covered == ()
    assert g.note and "key points" in g.note
