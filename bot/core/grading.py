"""The grader: a reply against a question's rubric gives a deterministic Grade (covered, missed, why)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bot.core import matching, textnorm
from bot.core.errors import AnswerRejected
from bot.core.gates import Gate, check_gates, length_cap
from bot.core.matching import Phrase, Reply, analyse, compile_phrase, match_phrase
from bot.core.models import Grade, KeyPoint, Misconception, Question
from bot.core.reference import derive_key_points, derived_score
from bot.core.textnorm import tokenise

GRADER_VERSION = "1.0.0"
MAX_REPLY_CHARS = 4000
COVERED_AT = 0.5  # a key point with at least this much credit is reported as covered
MISCONCEPTION_AT = 0.5  # least match credit for a misconception to be held against a reply
RECALL_FOR_FULL = 0.3  # using this share of the model answer's distinct content words earns full marks
MARKS_CURVE = ((0.0, 0.0), (0.15, 0.42), (0.7, 0.84), (1.0, 1.0))  # (coverage, marks) corners
COVERAGE_SHARE = 0.85  # the rest of the score comes from overlap with the model answer
MISCONCEPTION_FACTOR = 0.8  # each misconception stated keeps this share of the score
CONTRADICTION_PENALTY = 0.5  # times the weight share of key points stated only in negated form
WRONG_CAP = 0.65  # a reply stating something wrong cannot be graded correct


def check_reply(reply: str) -> str:
    """Refuse replies that cannot be graded (empty, blank, too long); return the reply otherwise."""
    if not isinstance(reply, str) or not reply.strip():
        raise AnswerRejected("Your answer is empty — type a sentence or two.")
    if len(reply) > MAX_REPLY_CHARS:
        raise AnswerRejected(
            f"Your answer is {len(reply):,} characters long; the limit is {MAX_REPLY_CHARS:,}. "
            "Shorten it to the main points and send it again.")
    return reply


@dataclass(frozen=True)
class Rubric:
    """A question prepared for grading once: phrases compiled, vocabulary indexed."""

    key_points: tuple[tuple[KeyPoint, tuple[Phrase, ...]], ...]
    misconceptions: tuple[tuple[Misconception, tuple[Phrase, ...]], ...]
    vocabulary: frozenset[str]
    vocab_list: tuple[str, ...]
    vocab_key: int
    answer_stems: frozenset[str]
    prompt_stems: frozenset[str]
    prompt: str
    total_weight: float
    derived: bool = False  # key points derived from the model answer (reference-only mode)


_rubrics: dict[tuple, Rubric] = {}
_rubric_ids = itertools.count(1)


def rubric_for(question: Question) -> Rubric:
    """The compiled rubric of `question`, cached by its id and content (a changed rubric recompiles)."""
    key = (question.id, question.prompt, question.answer, question.key_points, question.misconceptions)
    cached = _rubrics.get(key)
    if cached is not None:
        return cached
    points = question.key_points or derive_key_points(question.answer, question.prompt)
    compiled_points = tuple((kp, tuple(compile_phrase(p) for p in kp.phrases if p.strip()) or
                             (compile_phrase(kp.text),)) for kp in points)
    compiled_wrong = tuple((m, tuple(compile_phrase(p) for p in m.phrases if p.strip()))
                           for m in question.misconceptions)
    prompt_stems = frozenset(t.stem for t in tokenise(question.prompt) if t.content)
    answer_stems = frozenset(t.stem for t in tokenise(question.answer) if t.content and len(t.stem) > 1)
    vocabulary = frozenset(s for _, phrases in (*compiled_points, *compiled_wrong) for p in phrases
                           for s in p.stems) | answer_stems | prompt_stems
    if len(_rubrics) > 5000:
        _rubrics.clear()
    rubric = Rubric(compiled_points, compiled_wrong, vocabulary, tuple(sorted(vocabulary)), next(_rubric_ids),
                    answer_stems, prompt_stems, question.prompt,
                    sum(max(kp.weight, 0.0) for kp in points) or 1.0, derived=not question.key_points)
    _rubrics[key] = rubric
    return rubric


def clear_caches() -> None:
    """Forget compiled rubrics and remembered word matches (grades do not change; only speed does)."""
    _rubrics.clear()
    matching._fuzzy_cache.clear()
    textnorm._stem_cache.clear()


@dataclass(frozen=True)
class Coverage:
    """What the matcher found in one reply."""

    credits: tuple[float, ...]
    contradicted: tuple[bool, ...]
    misconceptions: tuple[str, ...]
    recall: float
    overlap: float = 0.0  # Dice overlap of the reply's and the model answer's informative words


def measure(rubric: Rubric, reply: Reply) -> Coverage:
    """Credit per key point, key points only stated negated, misconceptions stated, model-answer recall."""
    wrong, void = [], set()
    for misconception, phrases in rubric.misconceptions:
        for phrase in phrases:
            found = match_phrase(phrase, reply, strict=True)[0]
            if found.credit >= MISCONCEPTION_AT:
                if misconception.text not in wrong:
                    wrong.append(misconception.text)
                void.update(reply.tokens[p].clause for p in found.positions)
    wrong_clauses = frozenset(void)  # a clause stating something wrong earns no credit either
    credits, contradicted = [], []
    for _, phrases in rubric.key_points:
        best, worst = 0.0, 0.0
        for phrase in phrases:
            found, negated_match = match_phrase(phrase, reply, void=wrong_clauses)
            best = max(best, found.credit)
            if negated_match is not None and negated_match.plainly_negated:
                worst = max(worst, negated_match.credit)
        credits.append(best)
        contradicted.append(best < COVERED_AT and worst >= 0.75)
    informative = rubric.answer_stems - rubric.prompt_stems or rubric.answer_stems
    used = sum(1 for s in informative if s in reply.hits)
    recall = used / len(informative) if informative else 0.0
    said = {t.stem for t in reply.tokens if t.content and len(t.stem) > 1} - rubric.prompt_stems
    shared = sum(1 for s in said if any(s2 in informative for s2 in _targets(reply, s)))
    overlap = 2 * shared / (len(said) + len(informative)) if said and informative else 0.0
    return Coverage(tuple(credits), tuple(contradicted), tuple(wrong), recall, overlap)


def _targets(reply: Reply, stem: str) -> tuple[str, ...]:
    """The rubric words a reply word stands for: itself, and what it fuzzily matched."""
    return (stem, *reply.matched.get(stem, ()))


def coverage_marks(covered: float) -> float:
    """Marks for the weighted share of key points covered: anything right earns something, as with a
    fair interviewer; three quarters of the rubric is a good answer, all of it full marks."""
    if covered <= 0.0:
        return 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(MARKS_CURVE):
        if covered <= x1:
            return y0 + (y1 - y0) * (covered - x0) / (x1 - x0)
    return 1.0


def _score(rubric: Rubric, cov: Coverage) -> float:
    weights = [max(kp.weight, 0.0) for kp, _ in rubric.key_points]
    covered = sum(w * c for w, c in zip(weights, cov.credits, strict=True)) / rubric.total_weight
    against = sum(w for w, c in zip(weights, cov.contradicted, strict=True) if c) / rubric.total_weight
    if rubric.derived:
        score = derived_score(rubric.answer_stems, rubric.prompt_stems, covered, cov.recall, cov.overlap,
                              coverage_marks)
    else:
        score = COVERAGE_SHARE * coverage_marks(covered) \
            + (1 - COVERAGE_SHARE) * min(1.0, cov.recall / RECALL_FOR_FULL)
    score = (score - CONTRADICTION_PENALTY * against) * MISCONCEPTION_FACTOR ** len(cov.misconceptions)
    if against or cov.misconceptions:
        score = min(score, WRONG_CAP)
    return max(0.0, min(1.0, score))


def grade(question: Question, reply: str) -> Grade:
    """Grade `reply` against `question`'s rubric (derived from the model answer when it has none).

    Pure and deterministic; never raises for any string. Replies longer than MAX_REPLY_CHARS are
    graded on their first MAX_REPLY_CHARS characters (the service refuses them before grading).
    """
    rubric = rubric_for(question)
    text = reply[:MAX_REPLY_CHARS] if isinstance(reply, str) else ""
    tokens = tokenise(text)
    analysed = analyse(tokens, rubric.vocabulary, rubric.vocab_list, rubric.vocab_key)
    cov = measure(rubric, analysed)
    texts = [kp.text for kp, _ in rubric.key_points]
    gate: Gate | None = check_gates(tokens, rubric.prompt_stems, rubric.prompt)
    if gate is not None:
        return Grade(score=0.0, verdict=question.thresholds.verdict(0.0), covered=(), missed=tuple(texts),
                     misconceptions=cov.misconceptions, grader_version=GRADER_VERSION, note=gate.note)
    score = _score(rubric, cov)
    cap, note = length_cap(tokens, rubric.prompt)
    if score > cap:
        score = cap
    else:
        note = None
    if cov.misconceptions and note is None:
        note = "This states something that is not right: " + "; ".join(cov.misconceptions) + "."
    elif any(cov.contradicted) and note is None:
        note = "This says the opposite of a key point."
    elif note is None and texts and max(cov.credits, default=0.0) < COVERED_AT:
        note = "This does not make any of the key points yet; compare it with the model answer."
    score = round(score, 3)
    covered = tuple(t for t, c in zip(texts, cov.credits, strict=True) if c >= COVERED_AT)
    missed = tuple(t for t, c in zip(texts, cov.credits, strict=True) if c < COVERED_AT)
    return Grade(score=score, verdict=question.thresholds.verdict(score), covered=covered, missed=missed,
                 misconceptions=cov.misconceptions, grader_version=GRADER_VERSION, note=note)
