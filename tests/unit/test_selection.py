"""Question selection: a channel never repeats before its pool is used up; practice follows the member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import selection
from bot.core.models import Difficulty, Grade, Order, Question, Verdict

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def question(qid: str, topics: tuple[str, ...] = ("basics",), difficulty: Difficulty = Difficulty.BEGINNER):
    return Question(id=qid, prompt=f"What is {qid}?", difficulty=difficulty, answer="An answer.",
                    topics=topics)


POOL = [question(f"q{i:02d}") for i in range(1, 11)]


def grade(verdict: Verdict, score: float) -> Grade:
    return Grade(score=score, verdict=verdict, covered=(), missed=())


def walk(order: Order, days: int, seed: str = "console:local:general", pool=POOL) -> list[str]:
    asked: list[str] = []
    for _ in range(days):
        pick = selection.next_for_channel(pool, order, asked, seed)
        assert pick is not None
        asked.append(pick.id)
    return asked


def test_sequential_order_follows_the_pack():
    assert walk(Order.SEQUENTIAL, 4) == ["q01", "q02", "q03", "q04"]


@given(order=st.sampled_from(list(Order)), seed=st.text(max_size=12), size=st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_no_question_repeats_before_the_pool_is_used_up(order, seed, size):
    pool = POOL[: min(size, len(POOL))]
    asked = walk(order, len(pool), seed, pool)
    assert sorted(asked) == sorted(q.id for q in pool)


def test_after_the_pool_is_used_up_the_least_recently_asked_comes_back_first():
    asked = walk(Order.SHUFFLED, len(POOL))
    again = walk(Order.SHUFFLED, 2 * len(POOL))[len(POOL):]
    assert again == asked


def test_shuffled_order_is_stable_per_channel_and_differs_between_channels():
    first = walk(Order.SHUFFLED, 10, "discord:1:100")
    assert walk(Order.SHUFFLED, 10, "discord:1:100") == first
    assert walk(Order.SHUFFLED, 10, "discord:1:200") != first
    assert first != [q.id for q in POOL]


def test_adaptive_order_asks_unseen_questions_of_the_weakest_topic_first():
    pool = [
        question("cnn-1", ("cnn",)),
        question("rnn-1", ("rnn",)),
        question("cnn-2", ("cnn",)),
        question("rnn-2", ("rnn",)),
        question("gan-1", ("gan",)),
    ]
    scores = {"cnn-1": [0.9, 0.95], "rnn-1": [0.1, 0.3]}
    pick = selection.next_for_channel(pool, Order.ADAPTIVE, ["cnn-1", "rnn-1"], "x", scores)
    assert pick is not None and pick.id == "rnn-2"
    # a topic nobody answered yet comes before a topic the channel is good at
    pick = selection.next_for_channel(pool, Order.ADAPTIVE, ["cnn-1", "rnn-1", "rnn-2"], "x", scores)
    assert pick is not None and pick.id == "gan-1"


def test_an_empty_pool_gives_no_question():
    assert selection.next_for_channel([], Order.SEQUENTIAL, [], "x") is None
    assert selection.next_for_member([], {}, NOW, "m") is None


def test_grades_map_to_spaced_repetition_ratings():
    assert selection.rating_for(grade(Verdict.INCORRECT, 0.1)).name == "Again"
    assert selection.rating_for(grade(Verdict.PARTIAL, 0.5)).name == "Hard"
    assert selection.rating_for(grade(Verdict.CORRECT, 0.8)).name == "Good"
    assert selection.rating_for(grade(Verdict.CORRECT, 0.95)).name == "Easy"


def test_spaced_repetition_brings_a_failed_question_back_before_a_known_one():
    failed = selection.review(None, "q01", grade(Verdict.INCORRECT, 0.1), NOW)
    known = selection.review(None, "q02", grade(Verdict.CORRECT, 0.95), NOW)
    assert failed.due < known.due
    reviews = {"q01": failed, "q02": known}
    pool = POOL[:2]
    # the next day the failed one is due again, the known one is not
    pick = selection.next_for_member(pool, reviews, NOW + timedelta(days=1), "m")
    assert pick is not None and (pick.question.id, pick.reason) == ("q01", selection.REASON_DUE)
    # even when both are overdue, the failed question comes first
    pick = selection.next_for_member(pool, reviews, NOW + timedelta(days=30), "m")
    assert pick is not None and pick.question.id == "q01"


def test_practice_offers_unseen_questions_before_ones_not_yet_due():
    known = selection.review(None, "q01", grade(Verdict.CORRECT, 0.95), NOW)
    pick = selection.next_for_member(POOL[:2], {"q01": known}, NOW + timedelta(hours=1), "m")
    assert pick is not None and (pick.question.id, pick.reason) == ("q02", selection.REASON_NEW)


def test_practice_offers_easier_unseen_questions_first():
    pool = [question("hard", difficulty=Difficulty.ADVANCED), question("easy")]
    pick = selection.next_for_member(pool, {}, NOW, "m")
    assert pick is not None and pick.question.id == "easy"


def test_practice_falls_back_to_the_question_due_soonest_when_all_are_known():
    later = selection.review(None, "q01", grade(Verdict.CORRECT, 0.95), NOW)
    sooner = selection.review(None, "q02", grade(Verdict.PARTIAL, 0.5), NOW)
    pick = selection.next_for_member(POOL[:2], {"q01": later, "q02": sooner}, NOW, "m")
    assert pick is not None and (pick.question.id, pick.reason) == ("q02", selection.REASON_SOONEST)


def test_practice_holds_back_excluded_questions():
    pick = selection.next_for_member(POOL[:2], {}, NOW, "m", exclude={"q01"})
    assert pick is not None and pick.question.id == "q02"


def test_reviews_accumulate_and_survive_a_round_trip_through_json():
    first = selection.review(None, "q01", grade(Verdict.CORRECT, 0.8), NOW)
    second = selection.review(first, "q01", grade(Verdict.CORRECT, 0.8), first.due)
    assert second.reviews == 2
    assert second.due - first.due > first.due - NOW  # intervals grow for a known question


def test_practice_filter_matches_topic_case_blind_and_difficulty():
    q = question("q", ("CNN", "vision"), Difficulty.INTERMEDIATE)
    assert selection.matches(q, "cnn", None)
    assert selection.matches(q, None, Difficulty.INTERMEDIATE)
    assert not selection.matches(q, "rnn", None)
    assert not selection.matches(q, "cnn", Difficulty.BEGINNER)
