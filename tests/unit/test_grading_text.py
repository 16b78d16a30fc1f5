"""Text handling under the grader: normalisation, stems, formulas, negation scope and derived key points."""

from __future__ import annotations

from bot.core.grading import grade
from bot.core.models import Difficulty, KeyPoint, Question
from bot.core.negation import negated
from bot.core.reference import MAX_DERIVED, derive_key_points, information
from bot.core.textnorm import content_stems, normalise, stem, tokenise


def _question(*phrases: str) -> Question:
    return Question(id="t-text", prompt="Describe it.", difficulty=Difficulty.BEGINNER, answer="It.",
                    key_points=(KeyPoint("The point", phrases),))


def test_normalise_folds_case_quotes_hidden_characters_and_markup():
    text = "**ReLU**\u200b doesn’t  SATURATE\x07 — see `code` <@42> https://x.org @everyone"
    assert normalise(text) == "relu does not saturate - see code"


def test_contractions_and_chat_negations_become_not():
    words = [t.word for t in tokenise("it doesnt help, it can't, it won’t")]
    assert words.count("not") == 3


def test_plurals_verb_endings_and_spelling_variants_share_a_stem():
    assert stem("regularisation") == stem("regularization") == stem("regularize")
    assert stem("labelled") == stem("labeled") == stem("labels")
    assert stem("batches") == stem("batch")
    assert stem("training") == stem("trained") == stem("train")


def test_formulas_stay_matchable():
    q = _question("max(0, x)")
    assert grade(q, "relu is just max(0,x) applied elementwise").covered == ("The point",)
    sigma = _question("σ(x)")
    assert grade(sigma, "the output is σ( x ) squashed").covered == ("The point",)


def test_hyphenated_and_spaced_compounds_match_each_other():
    q = _question("mini-batch")
    assert grade(q, "each mini batch gives one update").covered == ("The point",)


def test_negation_scope_stops_at_the_clause_boundary():
    tokens = tokenise("It is not slow, it reduces overfitting")
    position = next(i for i, t in enumerate(tokens) if t.word == "reduces")
    assert not negated(tokens, (position,))
    tokens = tokenise("It does not really reduce overfitting")
    position = next(i for i, t in enumerate(tokens) if t.word == "reduce")
    assert negated(tokens, (position,))


def test_instead_of_negates_what_follows():
    tokens = tokenise("use relu instead of sigmoid")
    position = next(i for i, t in enumerate(tokens) if t.word == "sigmoid")
    assert negated(tokens, (position,))


def test_derived_key_points_come_from_the_model_answer_clauses():
    points = derive_key_points(
        "Dropout randomly switches off units during training. This reduces overfitting because units cannot "
        "co-adapt, and at inference every unit is used with scaled weights.",
        "What is dropout?")
    assert 2 <= len(points) <= MAX_DERIVED
    assert points[0].text.startswith("Dropout randomly switches off units")
    assert all(p.phrases and p.weight > 0 for p in points)


def test_question_words_are_demoted_in_derived_weights():
    question = frozenset(content_stems("What is dropout in neural networks?"))
    echo = information("Dropout in neural networks works", question)
    new = information("Random masking stops co-adaptation", question)
    assert echo < new
    points = derive_key_points("Dropout in neural networks is a well known method used in neural networks. "
                               "Random masking of units stops co-adaptation between units.",
                               "What is dropout in neural networks?")
    assert points[-1].weight > points[0].weight


def test_an_answer_without_words_derives_no_key_points():
    assert derive_key_points("...", "") == ()
    assert derive_key_points("", "Why?") == ()


def test_reference_only_grading_rewards_a_paraphrase_over_a_wrong_reply():
    q = Question(id="ref", prompt="What is a variable?", difficulty=Difficulty.BEGINNER,
                 answer="A named location in memory that stores a value which can change.")
    good = grade(q, "a named memory location holding a value that may change")
    bad = grade(q, "a function that prints text on the screen")
    assert good.score > 0.75 > bad.score
    assert bad.verdict.value == "incorrect"
