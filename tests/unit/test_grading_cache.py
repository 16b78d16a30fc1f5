"""The compiled-rubric cache: a pack edited or reloaded is graded by its new rubric, and emptying the
word caches (as the speed benchmark does before every reply) never changes a grade."""

from __future__ import annotations

import dataclasses

from bot.core.grading import clear_caches, clear_word_caches, grade
from bot.core.models import Claim, Difficulty, KeyPoint, Misconception, Question, Verdict

DROPOUT = Question(
    id="t-cache-dropout",
    prompt="What does dropout do when a network is trained?",
    difficulty=Difficulty.BEGINNER,
    answer="Dropout switches off random units during training so the network cannot rely on any one "
           "unit; it is turned off at inference.",
    key_points=(
        KeyPoint("Random units are switched off during training", (), 2.0,
                 claims=(Claim(("dropout",), ("switches off random units", "drops random units")),)),
        KeyPoint("It is turned off at inference", (), 1.0,
                 claims=(Claim(("dropout",), ("turned off at inference", "disabled at test time")),)),
    ),
)
REPLY = "Dropout zeroes random neurons while training, and dropout is disabled at test time."


def test_an_edited_rubric_is_graded_by_its_new_phrasings():
    before = grade(DROPOUT, REPLY)
    assert "Random units are switched off during training" in before.missed  # "zeroes" is not a phrasing
    edited = dataclasses.replace(DROPOUT, key_points=(
        dataclasses.replace(DROPOUT.key_points[0], claims=(
            Claim(("dropout",), ("switches off random units", "zeroes random units")),)),
        DROPOUT.key_points[1]))
    after = grade(edited, REPLY)  # same question id, new content: the pack was edited and reloaded
    assert after.covered == ("Random units are switched off during training", "It is turned off at inference")
    assert after.score > before.score
    assert grade(DROPOUT, REPLY) == before  # the old rubric, if still in use, grades as before


def test_a_misconception_added_to_a_reloaded_pack_counts_at_once():
    wrong = "Dropout is disabled at test time and dropout makes training faster."
    assert grade(DROPOUT, wrong).misconceptions == ()
    reloaded = dataclasses.replace(DROPOUT, misconceptions=(
        Misconception("Dropout speeds training up", (),
                      claims=(Claim(("dropout",), ("makes training faster", "speeds up training")),)),))
    graded = grade(reloaded, wrong)
    assert graded.misconceptions == ("Dropout speeds training up",)
    assert graded.verdict is not Verdict.CORRECT


def test_emptying_the_caches_never_changes_a_grade():
    misspelt = "Dropuot switches off randum units in training; at inference it is turned off."
    warm = [grade(DROPOUT, r) for r in (REPLY, misspelt)]
    assert warm[1].score > 0.5  # misspellings of the rubric's own words still match
    clear_word_caches()
    assert [grade(DROPOUT, r) for r in (REPLY, misspelt)] == warm
    clear_caches()  # compiled rubrics too, as after a restart
    assert [grade(DROPOUT, r) for r in (REPLY, misspelt)] == warm
