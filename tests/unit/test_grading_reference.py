"""Reference-only grading: length scaled to the reference, multi-part coverage, tolerant recall."""

from __future__ import annotations

import pytest

from bot.core.grading import coverage_marks
from bot.core.reference import derive_key_points, derived_score, part_credits, reference_length_cap
from bot.core.textnorm import content_stems

THREE_PARTS = ("(a) In deep networks the gradients reaching the early layers become very small, so those "
               "layers learn very slowly. (b) It is caused by repeatedly multiplying derivatives smaller "
               "than one, as with sigmoid activations. (c) A remedy is to use ReLU activations or residual "
               "connections.")
THREE_PARTS_PROMPT = "Describe the vanishing gradient problem, its cause and one remedy."


def _stems(text: str) -> frozenset[str]:
    return frozenset(s for s in content_stems(text) if len(s) > 1)


def _score(answer: str, prompt: str, reply: str) -> float:
    return derived_score(_stems(answer), _stems(prompt), 0.0, 0.0, 0.0, coverage_marks,
                         reply=reply, answer=answer, prompt=prompt)


def test_a_short_reference_does_not_demand_seven_content_words():
    answer, prompt = "Its size can grow or shrink dynamically.", "Why use a linked list over an array?"
    assert reference_length_cap(_stems(answer), _stems(prompt), 2) == 1.0
    assert reference_length_cap(_stems(answer), _stems(prompt), {"dynamic", "size"}) == 1.0
    assert reference_length_cap(_stems("Logarithmic, O(log n)."), _stems("Cost of binary search?"), 1) == 1.0


def test_a_long_reference_still_caps_a_two_word_reply():
    cap = reference_length_cap(_stems(THREE_PARTS), _stems(THREE_PARTS_PROMPT), 2)
    assert cap == pytest.approx(0.55)
    assert reference_length_cap(_stems(THREE_PARTS), _stems(THREE_PARTS_PROMPT), 7) == 1.0


@pytest.mark.parametrize("answer", [
    THREE_PARTS,
    "Backpropagation works in three steps. First, a forward pass computes the outputs and the error, "
    "second, the error is sent backwards through the layers with the chain rule, "
    "third, each weight moves against its gradient.",
])
def test_a_reference_in_parts_gives_a_key_point_per_part(answer):
    points = derive_key_points(answer, "Explain it.")
    assert len(points) >= 3
    assert sum(1 for p in points if "chain rule" in p.text or "caused by" in p.text) == 1


def test_one_part_of_three_is_partial_two_more_all_correct():
    first = "The gradients in the early layers get tiny, so they learn slowly."
    second = " This is because sigmoid derivatives below one are multiplied many times."
    one = _score(THREE_PARTS, THREE_PARTS_PROMPT, first)
    two = _score(THREE_PARTS, THREE_PARTS_PROMPT, first + second)
    every = _score(THREE_PARTS, THREE_PARTS_PROMPT, first + second + " ReLU fixes it.")
    assert 0.35 <= one < two < 0.75 <= every


def test_a_part_stated_with_the_opposite_word_earns_nothing():
    wrong = _score(THREE_PARTS, THREE_PARTS_PROMPT, "The gradients in the early layers become very large.")
    assert wrong < 0.35


def test_synonyms_and_close_spellings_are_recalled():
    answer, prompt = "Its size can grow or shrink dynamically.", "Why use a linked list over an array?"
    assert part_credits(answer, prompt, "its length can change at runtime") == (1.0,)
    assert part_credits(answer, prompt, "its sizes can grwo or shrinkk dynamicaly")[0] >= 0.9
    assert part_credits(answer, prompt, "it stores pointers") == (0.0,)


def test_acronyms_stand_for_the_words_they_abbreviate():
    assert _score("A last-in first-out list.", "What is a stack?", "a LIFO structure") >= 0.75
    queue = "A queue removes the oldest element first (FIFO); a stack removes the newest first (LIFO)."
    half = _score(queue, "How do a queue and a stack differ?", "a queue is first in first out")
    assert 0.35 <= half < 0.75


def test_a_reply_affirming_what_the_reference_denies_is_not_credited():
    answer = "The case solved directly without a recursive call, which stops the recursion."
    prompt = "What is a base case?"
    assert _score(answer, prompt, "the first recursive call the function makes") < 0.35
    right = "it is solved directly, without calling itself, so the recursion stops"
    assert _score(answer, prompt, right) >= 0.75


def test_naming_as_many_listed_alternatives_as_asked_covers_the_list():
    answer = ("Overfitting is fitting the noise of the training data so that unseen data is predicted badly. "
              "It is reduced with weight decay, dropout, early stopping or more training data.")
    prompt = "What is overfitting? Name two ways to reduce it."
    credits = part_credits(answer, prompt, "use dropout and early stopping")
    assert credits[-1] == 1.0


def test_a_reference_negated_by_without_is_not_credited_to_a_reply_that_affirms_it():
    answer = "An iterative solution repeats a loop without any recursive function call."
    prompt = "How does an iterative solution work?"
    affirms = part_credits(answer, prompt, "it repeats a loop and makes a recursive function call each time")
    agrees = part_credits(answer, prompt, "a loop that repeats, with no recursive function call at all")
    assert agrees == (1.0,)
    assert affirms[0] < 0.5
