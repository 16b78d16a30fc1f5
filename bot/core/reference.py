"""Reference-only rubrics: key points derived from a model answer's clauses, weighted by informativeness."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.models import KeyPoint
from bot.core.textnorm import content_stems, tokenise

MAX_DERIVED = 8  # the pack schema's limit of key points per question
QUESTION_WORD_WEIGHT = 0.3  # a word the question already contains says little about the answer
MIN_INFORMATION = 1.5  # clauses carrying less than this are merged into a neighbour

DERIVED_BLEND = (0.45, 0.35, 0.2)  # key-point coverage, answer recall, word overlap
# Coverage, recall and overlap that earn full marks, for short and long model answers.
DERIVED_FULL_SHORT = (0.6, 0.6, 0.5)
DERIVED_FULL_LONG = (0.35, 0.3, 0.35)
LONG_ANSWER_WORDS = 15  # a model answer with more informative words than this is long

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s+")
_CLAUSE = re.compile(
    r";\s+|\s+[-–—]\s+|,\s+(?=(?:and|but|so|while|whereas|which|because|although|so that)\s)")
_LONG_SENTENCE_WORDS = 16
_LEADING_LINK = re.compile(r"^(?:and|but|so that|so|while|whereas|which|because|although)\s+", re.I)


def _pieces(answer: str) -> list[str]:
    pieces: list[str] = []
    for sentence in _SENTENCE.split(answer.strip()):
        sentence = " ".join(sentence.split()).strip(" -*•")
        if not sentence:
            continue
        if len(sentence.split()) > _LONG_SENTENCE_WORDS:
            parts = (p.strip(" ,;") for p in _CLAUSE.split(sentence))
            pieces.extend(_LEADING_LINK.sub("", p) for p in parts if p)
        else:
            pieces.append(sentence)
    return pieces


def information(text: str, question_stems: frozenset[str]) -> float:
    """How much a piece of the answer says: its distinct content words, question words demoted."""
    stems = {t.stem for t in tokenise(text) if t.content and len(t.stem) > 1}
    return sum(QUESTION_WORD_WEIGHT if s in question_stems else 1.0 for s in stems)


def _merge_small(pieces: list[str], info: list[float]) -> tuple[list[str], list[float]]:
    """Fold low-information pieces into their neighbour until every piece says enough."""
    while len(pieces) > 1:
        low = min(range(len(pieces)), key=lambda i: (info[i], i))
        if info[low] >= MIN_INFORMATION and len(pieces) <= MAX_DERIVED:
            break
        other = low - 1 if low == len(pieces) - 1 or (low > 0 and info[low - 1] <= info[low + 1]) else low + 1
        a, b = sorted((low, other))
        pieces[a:b + 1] = [f"{pieces[a].rstrip('.')}; {pieces[b][:1].lower()}{pieces[b][1:]}"]
        info[a:b + 1] = [info[a] + info[b]]
    return pieces, info


def derive_key_points(answer: str, prompt: str = "") -> tuple[KeyPoint, ...]:
    """Key points for a question that has a model answer but no rubric.

    Each point is a sentence or clause of `answer`, used as its own phrase (the grader credits long
    phrases by how much of their content a reply recalls). The weight reflects how much the piece
    says beyond the question's own words: 0.5 for little, up to 3 for a dense clause.
    """
    question_stems = frozenset(content_stems(prompt)) if prompt.strip() else frozenset()
    pieces = [p for p in _pieces(answer) if any(t.content for t in tokenise(p))]
    if not pieces:
        return ()
    info = [information(p, question_stems) for p in pieces]
    pieces, info = _merge_small(pieces, info)
    points = []
    for piece, amount in zip(pieces, info, strict=True):
        text = piece[:1].upper() + piece[1:]
        weight = round(min(3.0, max(0.5, amount / 3.0)), 1)
        points.append(KeyPoint(text=text, phrases=(text,), weight=weight))
    return tuple(points)


def derived_score(answer_stems: frozenset[str], prompt_stems: frozenset[str], covered: float, recall: float,
                  overlap: float, marks: Callable[[float], float]) -> float:
    """The score of a reply graded against key points derived from the model answer alone.

    A model answer says more than any one reply needs to: a good reply covers a good part of it.
    `covered` is the weighted share of derived points credited, `recall` the share of the answer's
    informative words used, `overlap` their Dice overlap; `marks` turns coverage into marks.
    """
    long_answer = len(answer_stems - prompt_stems) > LONG_ANSWER_WORDS
    full = DERIVED_FULL_LONG if long_answer else DERIVED_FULL_SHORT
    return DERIVED_BLEND[0] * marks(min(1.0, covered / full[0])) \
        + DERIVED_BLEND[1] * min(1.0, recall / full[1]) \
        + DERIVED_BLEND[2] * min(1.0, overlap / full[2])
