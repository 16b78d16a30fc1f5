"""Which question comes next: a channel's order without repeats, and spaced repetition per member (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from bot.core.models import Difficulty, Grade, Order, Question, Verdict
from bot.core.ports import ReviewState
from bot.core.spelling import spelling_key

UNKNOWN_TOPIC_STRENGTH = 0.5  # a topic nobody has answered yet sits between weak and strong ones
EASY_SCORE = 0.9  # a correct answer at or above this is rated Easy
REASON_DUE = "due for review"
REASON_NEW = "new"
REASON_SOONEST = "least recently practised"

# Daily practice: no minute-long learning steps, intervals in whole days, no random fuzz.
_SRS = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
_DIFFICULTY_RANK = {d: i for i, d in enumerate(Difficulty)}


def stable_key(seed: str, question_id: str) -> str:
    """A hash that orders questions the same way every run for one seed (channel or member)."""
    return hashlib.sha256(f"{seed}\x1f{question_id}".encode()).hexdigest()


def arrange(
    pool: Sequence[Question],
    order: Order,
    seed: str,
    scores: Mapping[str, Sequence[float]] | None = None,
) -> list[Question]:
    """The pool in the channel's preferred order.

    sequential: pack order. shuffled: a fixed permutation per channel (`seed`), so restarts and other
    processes agree. adaptive: questions of the weakest topics first (mean counted score per topic;
    unanswered topics count as middling), ties in pack order.
    """
    if order == Order.SHUFFLED:
        return sorted(pool, key=lambda q: stable_key(seed, q.id))
    if order == Order.ADAPTIVE:
        strength = topic_strength(pool, scores or {})
        position = {q.id: i for i, q in enumerate(pool)}

        def weakness(q: Question) -> tuple[float, int]:
            values = [strength.get(t, UNKNOWN_TOPIC_STRENGTH) for t in q.topics]
            return (min(values) if values else UNKNOWN_TOPIC_STRENGTH, position[q.id])

        return sorted(pool, key=weakness)
    return list(pool)


def topic_strength(pool: Sequence[Question], scores: Mapping[str, Sequence[float]]) -> dict[str, float]:
    """Mean counted score per topic over the questions already asked."""
    totals: dict[str, list[float]] = {}
    for q in pool:
        for topic in q.topics:
            totals.setdefault(topic, []).extend(scores.get(q.id, ()))
    return {t: sum(v) / len(v) for t, v in totals.items() if v}


def next_for_channel(
    pool: Sequence[Question],
    order: Order,
    asked: Sequence[str],
    seed: str,
    scores: Mapping[str, Sequence[float]] | None = None,
) -> Question | None:
    """The channel's next daily question.

    `asked` lists question ids of the channel's past rounds, oldest first. Unasked questions come
    first in the channel's order; once every question was asked, the least recently asked one
    comes back (ties in the channel's order). None only for an empty pool.
    """
    if not pool:
        return None
    arranged = arrange(pool, order, seed, scores)
    last_asked = {qid: index for index, qid in enumerate(asked)}
    unseen = [q for q in arranged if q.id not in last_asked]
    if unseen:
        return unseen[0]
    return min(arranged, key=lambda q: last_asked[q.id])


# --- spaced repetition for /quiz -------------------------------------------------------------


def rating_for(grade: Grade) -> Rating:
    """incorrect -> Again, partial -> Hard, correct -> Good, correct with a high score -> Easy."""
    if grade.verdict == Verdict.INCORRECT:
        return Rating.Again
    if grade.verdict == Verdict.PARTIAL:
        return Rating.Hard
    return Rating.Easy if grade.score >= EASY_SCORE else Rating.Good


def _card_id(question_id: str) -> int:
    return int(hashlib.sha256(question_id.encode()).hexdigest()[:12], 16)


def review(state: ReviewState | None, question_id: str, grade: Grade, at: datetime) -> ReviewState:
    """The member's new review state for a question after answering it at `at`."""
    card = Card.from_json(state.card) if state else Card(card_id=_card_id(question_id), due=at)
    card, _log = _SRS.review_card(card, rating_for(grade), at)
    return ReviewState(
        question_id=question_id,
        card=card.to_json(),
        due=card.due,
        last_score=grade.score,
        reviews=(state.reviews if state else 0) + 1,
    )


@dataclass(frozen=True)
class PracticePick:
    question: Question
    reason: str


def matches(question: Question, topic: str | None, difficulty: Difficulty | None) -> bool:
    """Whether a question fits the member's `/quiz topic difficulty` filter (the topic is compared
    case-blind and in either US or UK spelling)."""
    if difficulty is not None and question.difficulty != difficulty:
        return False
    if topic:
        wanted = spelling_key(topic)
        return any(spelling_key(t) == wanted for t in question.topics)
    return True


def next_for_member(
    pool: Sequence[Question],
    reviews: Mapping[str, ReviewState],
    now: datetime,
    seed: str,
    exclude: Collection[str] = (),
) -> PracticePick | None:
    """The member's next practice question.

    Due reviews first (most overdue first, then the lowest last score), then questions the member has
    never answered (easier first, in a fixed per-member order), then the one due soonest.
    `exclude` holds ids never to offer (e.g. questions of rounds that are open right now).
    """
    candidates = [q for q in pool if q.id not in exclude]
    if not candidates:
        return None
    due = [q for q in candidates if q.id in reviews and reviews[q.id].due <= now]
    if due:
        pick = min(due, key=lambda q: (reviews[q.id].due, reviews[q.id].last_score, q.id))
        return PracticePick(pick, REASON_DUE)
    unseen = [q for q in candidates if q.id not in reviews]
    if unseen:
        pick = min(unseen, key=lambda q: (_DIFFICULTY_RANK[q.difficulty], stable_key(seed, q.id)))
        return PracticePick(pick, REASON_NEW)
    pick = min(candidates, key=lambda q: (reviews[q.id].due, reviews[q.id].last_score, q.id))
    return PracticePick(pick, REASON_SOONEST)
