"""Choice and short questions: reading picks, grading them, and counting picks for the reveal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.choices import canonical, distribution, grade_choice, parse_picks
from bot.core.errors import NonAnswer
from bot.core.models import Accepted, Difficulty, Option, Question, QuestionType, Verdict
from bot.core.question_types import grade_attempt
from bot.core.short_answers import grade_short, normal, numbers_in

SINGLE = Question(
    id="c-1",
    prompt="Which activation suits a binary output?",
    difficulty=Difficulty.BEGINNER,
    answer="Sigmoid.",
    kind=QuestionType.CHOICE,
    options=(
        Option("ReLU", False, "Unbounded."),
        Option("Sigmoid", True, "Between 0 and 1."),
        Option("Tanh", False, "From -1 to 1."),
    ),
)
SEVERAL = Question(
    id="c-2",
    prompt="Which reduce overfitting?",
    difficulty=Difficulty.INTERMEDIATE,
    answer="Dropout and augmentation.",
    kind=QuestionType.CHOICE,
    options=(
        Option("Dropout", True, "Regularises."),
        Option("More layers", False, "More capacity."),
        Option("Augmentation", True, "More varied data."),
        Option("Early stopping", True, "Stops in time."),
    ),
)
ZERO = Question(
    id="s-1",
    prompt="What does ReLU output for -3?",
    difficulty=Difficulty.BEGINNER,
    answer="0",
    kind=QuestionType.SHORT,
    accepted=(Accepted("0", ("zero",), 0.0, 0.0),),
)
HALF = Question(
    id="s-2",
    prompt="What is sigmoid(0)?",
    difficulty=Difficulty.BEGINNER,
    answer="0.5",
    kind=QuestionType.SHORT,
    accepted=(Accepted("0.5", ("one half",), 0.5, 0.01),),
)
ADAM = Question(
    id="s-3",
    prompt="Which optimiser keeps averages of gradients and squared gradients?",
    difficulty=Difficulty.BEGINNER,
    answer="Adam",
    kind=QuestionType.SHORT,
    accepted=(Accepted("Adam", ("adaptive moment estimation",)),),
)


@pytest.mark.parametrize(
    "reply", ["2", " 2 ", "/answer 2", "option 2", "b", "B", "Sigmoid", "sigmoid.", "#2"]
)
def test_a_pick_can_be_written_as_number_letter_or_option_text(reply):
    assert parse_picks(SINGLE, reply) == (2,)


@pytest.mark.parametrize(
    ("reply", "reason", "words"),
    [
        ("7", "not-an-option", "there is no option 7"),
        ("idk", "not-an-option", "is not one of the options"),
        ("1, 2", "several-picks", "this question has one right option, and you picked 2"),
    ],
)
def test_a_reply_that_picks_no_valid_option_is_refused_and_says_how_to_pick(reply, reason, words):
    with pytest.raises(NonAnswer) as refused:
        parse_picks(SINGLE, reply)
    assert refused.value.reason == reason
    assert words in str(refused.value) and "send its number, 1-3" in str(refused.value)


def test_the_right_option_scores_full_marks_and_explains_itself():
    result = grade_choice(SINGLE, "2")
    assert (result.score, result.verdict, result.covered) == (1.0, Verdict.CORRECT, ("Sigmoid",))
    assert result.note == "2. Sigmoid (right): Between 0 and 1."


def test_a_wrong_option_scores_zero_and_explains_both_the_pick_and_the_right_option():
    result = grade_choice(SINGLE, "3")
    assert (result.score, result.verdict) == (0.0, Verdict.INCORRECT)
    assert result.misconceptions == ("Tanh",) and result.missed == ("Sigmoid",)
    assert result.note == "3. Tanh (not right): From -1 to 1. 2. Sigmoid (right): Between 0 and 1."


@pytest.mark.parametrize(
    ("reply", "score", "verdict"),
    [
        ("1, 3, 4", 1.0, Verdict.CORRECT),
        ("1 and 3", 0.667, Verdict.PARTIAL),
        ("1,2,3,4", 0.667, Verdict.PARTIAL),  # a wrong pick takes one right pick away
        ("2", 0.0, Verdict.INCORRECT),
        ("1,2", 0.0, Verdict.INCORRECT),
    ],
)
def test_several_right_options_earn_a_share_each_and_wrong_picks_take_one_away(reply, score, verdict):
    result = grade_choice(SEVERAL, reply)
    assert (result.score, result.verdict) == (score, verdict)


def test_picks_are_stored_in_canonical_form_and_counted_per_option():
    stored, _ = grade_attempt(SEVERAL, "4 & 1")
    assert stored == "1,4" == canonical([4, 1, 4])
    assert distribution(SEVERAL, ["1,4", "2", "1,3,4", "not a pick"]) == (2, 1, 1, 2)


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        (ZERO, "0"),
        (ZERO, "zero"),
        (ZERO, "Zero."),
        (ZERO, "0.0"),
        (ZERO, "it is 0"),
        (ZERO, "−0"),
        (HALF, "0.5"),
        (HALF, "0,5"),
        (HALF, ".5"),
        (HALF, "0.509"),
        (HALF, "one half"),
        (ADAM, "Adam"),
        (ADAM, "ADAM optimiser"),
        (ADAM, "the adam"),
        (ADAM, "Adaptive Moment Estimaton"),
    ],
)
def test_short_answers_match_aliases_numbers_within_tolerance_and_typos(question, reply):
    assert grade_short(question, reply).verdict == Verdict.CORRECT, reply


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        (ZERO, "-3"),
        (ZERO, "0 or -3"),
        (ZERO, "1"),
        (HALF, "0.52"),
        (HALF, "1"),
        (ADAM, "not adam"),
        (ADAM, "sgd"),
        (ADAM, "Adma"),
        (ADAM, "RMSprop, not Adam"),
    ],
)
def test_short_answers_refuse_wrong_values_negations_and_hedged_numbers(question, reply):
    result = grade_short(question, reply)
    assert (result.score, result.verdict) == (0.0, Verdict.INCORRECT), reply
    assert result.note == f"The answer is {question.accepted[0].text}."


def test_normalising_drops_case_accents_punctuation_and_lead_ins():
    assert normal("  The answer is: Softmáx!! ") == "softmax"
    assert numbers_in("between -1.5 and 2e-3, or 0,25") == [-1.5, 0.002, 0.25]


@pytest.mark.parametrize("reply", ["idk", "no idea", "pass", "???"])
def test_a_shrug_to_a_short_question_is_refused_without_using_the_attempt(reply):
    with pytest.raises(NonAnswer, match="Reply with a word, a term or a number"):
        grade_attempt(ADAM, reply)


def test_a_bare_number_is_always_an_attempt_at_a_short_question():
    stored, result = grade_attempt(ZERO, "5")
    assert (stored, result.verdict) == ("5", Verdict.INCORRECT)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_valid_pick_or_a_non_answer_and_short_grading_never_raises(text):
    try:
        picks = parse_picks(SEVERAL, text)
    except NonAnswer as refused:
        assert len(str(refused)) < 300
    else:
        assert picks and all(1 <= n <= 4 for n in picks)
    for question in (ZERO, HALF, ADAM):
        assert grade_short(question, text).score in (0.0, 1.0)
