"""Fuzzy phrase matching of rubric phrases against a reply, window by window, with negation scope."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.core.negation import NEGATION_CUES, negated
from bot.core.textnorm import Token, tokenise

# The only words a rubric phrase may do without: "every sample once" keeps "every" and "once".
LIGHT_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "is", "are", "be", "was", "were",
                         "and", "or", "it", "its", "that", "this", "by", "as", "at", "from", "into",
                         "s", "their", "which", "i", "you"})
OUT_OF_ORDER = 0.65  # credit kept when a phrase's words appear in another order ("model too simple")
SINGLE_WORD_FUZZ = 0.88  # a one-word phrase needs a closer spelling than a word inside a longer phrase
TIGHT_SCOPE = 2  # tokens before a phrase within which a negation plainly contradicts it
COMPACT_GAP = 3  # other words allowed among the words of one occurrence of a claim's phrasing
LONG_PHRASE = 5  # phrases with this many content words or more are credited by recall (clauses)
_FUZZY_CACHE_LIMIT = 300_000
_fuzzy_cache: dict[tuple[int, str], tuple[tuple[str, float], ...]] = {}


def min_similarity(length: int) -> float:
    """Least fuzz.ratio for a word of `length` characters to match a rubric word (short words: exact)."""
    if length <= 3:
        return 101.0
    if length == 4:
        return 85.0
    if length <= 6:
        return 80.0
    if length <= 9:
        return 78.0
    return 75.0


def _different_word(a: str, b: str) -> bool:
    """True when one word is the other with something put in front ("supervised" vs "unsupervised")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(long_) > len(short) >= 4 and long_.endswith(short):  # "kmean" is not "mean"
        return True
    return len(long_) - len(short) >= 2 and long_.endswith(short[-max(4, len(short) - 1):]) \
        and not long_.startswith(short[:3])


@dataclass(frozen=True)
class Phrase:
    """A rubric phrase prepared once: its content stems and the negation words it contains itself."""

    text: str
    stems: tuple[str, ...]
    cues: frozenset[str]
    distinct: int = 0  # how many different words it has
    loose: int = 0  # distinct words an occurrence needs: all of up to two, all but one of more

    def __post_init__(self) -> None:
        k, distinct = len(self.stems), len(set(self.stems))
        object.__setattr__(self, "distinct", distinct)
        object.__setattr__(self, "loose", min(k if k <= 2 else k - 1, distinct))

    @property
    def long(self) -> bool:
        return len(self.stems) >= LONG_PHRASE


def compile_phrase(text: str) -> Phrase:
    """Prepare `text` for matching (content stems, or all stems when it has only function words)."""
    tokens = tokenise(text)
    stems = tuple(t.stem for t in tokens if t.content or t.word not in LIGHT_WORDS) \
        or tuple(t.stem for t in tokens)
    return Phrase(text, stems, frozenset(t.word for t in tokens if t.word in NEGATION_CUES))


@dataclass
class Reply:
    """A reply prepared for matching: tokens, and where each known rubric word occurs (with similarity)."""

    tokens: tuple[Token, ...]
    hits: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    content_stems: frozenset[str] = frozenset()
    matched: dict[str, tuple[str, ...]] = field(default_factory=dict)  # reply word -> rubric words it matched
    memo: dict[tuple, list] = field(default_factory=dict)  # occurrences already found in this reply
    present: dict[tuple[str, ...], int] = field(default_factory=dict)  # phrase stems -> words present
    active: frozenset[tuple[str, ...]] = frozenset()  # rubric phrases with enough words to occur at all


PhraseIndex = dict[str, tuple[tuple[tuple[str, ...], int], ...]]


def index_phrases(phrases: Iterable[Phrase]) -> PhraseIndex:
    """Word -> the (distinct) phrases containing it with the words each needs, so a reply finds its
    candidate phrases fast."""
    index: dict[str, dict[tuple[str, ...], int]] = {}
    for phrase in phrases:
        for stem_ in set(phrase.stems):
            index.setdefault(stem_, {})[phrase.stems] = phrase.loose
    return {k: tuple(v.items()) for k, v in index.items()}


def _count_present(hits: dict[str, list[tuple[int, float]]], index: PhraseIndex
                   ) -> tuple[dict[tuple[str, ...], int], frozenset[tuple[str, ...]]]:
    """For every indexed phrase, how many of its distinct words the reply contains, and the phrases
    holding enough of them to occur at all."""
    present: dict[tuple[str, ...], int] = {}
    active = set()
    for stem_ in hits:
        for stems, loose in index.get(stem_, ()):
            n = present[stems] = present.get(stems, 0) + 1
            if n >= loose:
                active.add(stems)
    return present, frozenset(active)


def _enough(phrase: Phrase, reply: Reply, need: int) -> bool:
    """Whether the reply holds `need` of the phrase's words (all of them when it has fewer)."""
    return reply.present.get(phrase.stems, 0) >= min(need, phrase.distinct)


def analyse(tokens: tuple[Token, ...], vocabulary: frozenset[str], vocab_list: tuple[str, ...],
            vocab_key: int, index: PhraseIndex) -> Reply:
    """Index the reply's content words against a question's rubric vocabulary (exact and fuzzy), and
    count for each rubric phrase (`index`) how many of its words the reply holds."""
    hits: dict[str, list[tuple[int, float]]] = {}
    by_stem: dict[str, list[int]] = {}
    matched: dict[str, tuple[str, ...]] = {}
    previous: Token | None = None
    for pos, token in enumerate(tokens):
        if token.content or token.stem in vocabulary:
            by_stem.setdefault(token.stem, []).append(pos)
        if previous is not None and previous.sentence == token.sentence:
            joined = previous.stem + token.stem  # "mini batch" written apart still matches "minibatch"
            if joined in vocabulary:
                hits.setdefault(joined, []).append((pos - 1, 1.0))
        previous = token
    for stem, positions in by_stem.items():
        if stem in vocabulary:
            hits.setdefault(stem, []).extend((p, 1.0) for p in positions)
        if len(stem) < 4:
            continue
        fuzzy = _fuzzy(stem, vocab_list, vocab_key)
        if fuzzy:
            matched[stem] = tuple(target for target, _ in fuzzy)
        for target, sim in fuzzy:
            hits.setdefault(target, []).extend((p, sim) for p in positions)
    for found in hits.values():
        found.sort()
    present, active = _count_present(hits, index)
    return Reply(tokens, hits, frozenset(by_stem), matched, present=present, active=active)


_length_lists: dict[tuple, tuple[str, ...]] = {}


def _by_length(vocab_list: tuple[str, ...], vocab_key: int, length: int) -> tuple[str, ...]:
    """The rubric words whose length allows a ratio of 75 with a word of `length` (4 to 6 letters
    can match 5; lengths further apart than 3:5 never reach it), remembered per rubric."""
    key = (vocab_key, length)
    words = _length_lists.get(key)
    if words is None:
        if len(_length_lists) > 20_000:
            _length_lists.clear()
        words = _length_lists[key] = tuple(w for w in vocab_list if 3 * max(len(w), length)
                                           <= 5 * min(len(w), length))
    return words


def _candidates(vocab_list: tuple[str, ...], vocab_key: int, stem: str) -> tuple[str, ...]:
    """Rubric words a reply word may be a misspelling of: a feasible length, the same first letter
    (typos rarely touch it, and it halves the look-ups)."""
    key = (vocab_key, len(stem), stem[0])
    words = _length_lists.get(key)
    if words is None:
        words = _length_lists[key] = tuple(
            w for w in _by_length(vocab_list, vocab_key, len(stem)) if w[0] == stem[0])
    return words


def _fuzzy(stem: str, vocab_list: tuple[str, ...], vocab_key: int) -> tuple[tuple[str, float], ...]:
    key = (vocab_key, stem)
    cached = _fuzzy_cache.get(key)
    if cached is not None:
        return cached
    found = []
    if stem in NEGATION_CUES:  # "never" is not "every"
        _fuzzy_cache[key] = ()
        return ()
    candidates = process.extract(stem, _candidates(vocab_list, vocab_key, stem), scorer=fuzz.ratio,
                                 score_cutoff=75.0, limit=None)
    for target, score, _ in candidates:
        if target == stem or len(target) < 4 or target in NEGATION_CUES:
            continue  # "every" is not "never"
        if score >= min_similarity(min(len(target), len(stem))) and not _different_word(stem, target):
            found.append((target, round(score / 100.0, 4)))
    result = tuple(sorted(found))
    if len(_fuzzy_cache) >= _FUZZY_CACHE_LIMIT:
        _fuzzy_cache.clear()
    _fuzzy_cache[key] = result
    return result


class Match(NamedTuple):
    """How well a phrase matched: credit 0..1, the positions used, and whether negation voided it."""

    credit: float
    positions: tuple[int, ...] = ()
    negated: bool = False
    plainly_negated: bool = False  # the negation stands right before the phrase ("does not reduce ...")
    in_order: bool = True  # the words came in the phrase's order
    complete: bool = True  # every word of the phrase was found


NO_MATCH = Match(0.0)


def _hits(phrase: Phrase, reply: Reply, void: frozenset[int]) -> list[list[tuple[int, float]]]:
    lists = [reply.hits.get(s, []) for s in phrase.stems]
    if void:
        lists = [[(p, sim) for p, sim in h if reply.tokens[p].clause not in void] for h in lists]
    return lists


def _window_matches(phrase: Phrase, reply: Reply, need: int, same_clause: bool,
                    void: frozenset[int], polarity: bool = True) -> Iterable[Match]:
    k = len(phrase.stems)
    lists = _hits(phrase, reply, void)
    if sum(1 for h in lists if h) < need:
        return
    tokens = reply.tokens
    if k == 1:  # one word: every close enough occurrence is a match
        for p, sim in lists[0]:
            if sim >= SINGLE_WORD_FUZZ:
                if polarity:
                    yield Match(round(sim, 4), (p,), negated(tokens, (p,), phrase.cues),
                                negated(tokens, (p,), phrase.cues, scope=TIGHT_SCOPE))
                else:
                    yield Match(round(sim, 4), (p,))
        return
    span = 2 * k + 3
    if k == 2 and need == 2:  # two words: every pair close together in one unit
        yield from _pairs(phrase, lists, tokens, span, same_clause, polarity)
        return
    anchors = sorted({p for h in lists for p, _ in h})
    for anchor in anchors:
        unit = tokens[anchor].clause if same_clause else tokens[anchor].sentence
        chosen: list[tuple[int, float]] = []
        used: set[int] = set()
        for h in lists:
            best: tuple[int, float] | None = None
            for p, sim in h:
                if p < anchor - span or p > anchor + span or p in used:
                    continue
                if (tokens[p].clause if same_clause else tokens[p].sentence) != unit:
                    continue
                closer = best is not None and sim == best[1] and abs(p - anchor) < abs(best[0] - anchor)
                if best is None or sim > best[1] or closer:
                    best = (p, sim)
            if best is not None:
                chosen.append(best)
                used.add(best[0])
        if len(chosen) < need or anchor not in used:
            continue
        positions = tuple(sorted(p for p, _ in chosen))
        if positions[-1] - positions[0] > span:
            continue
        credit = sum(sim for _, sim in chosen) / k
        if k == 1 and credit < SINGLE_WORD_FUZZ:
            continue
        if len(chosen) < k:
            credit *= 0.7
        order = [p for p, _ in chosen]
        in_order = not any(a > b for a, b in itertools.pairwise(order))
        if not in_order:
            credit *= OUT_OF_ORDER
        if not polarity:  # the caller reads polarity itself
            yield Match(round(credit, 4), positions, in_order=in_order, complete=len(chosen) == k)
            continue
        yield Match(round(credit, 4), positions, negated(tokens, positions, phrase.cues),
                    negated(tokens, positions, phrase.cues, scope=TIGHT_SCOPE), in_order, len(chosen) == k)


def _pairs(phrase: Phrase, lists: list[list[tuple[int, float]]], tokens: tuple[Token, ...], span: int,
           same_clause: bool, polarity: bool) -> Iterable[Match]:
    for p0, s0 in lists[0]:
        unit = tokens[p0].clause if same_clause else tokens[p0].sentence
        for p1, s1 in lists[1]:
            if p1 == p0 or abs(p1 - p0) > span or \
                    (tokens[p1].clause if same_clause else tokens[p1].sentence) != unit:
                continue
            in_order = p0 < p1
            credit = round((s0 + s1) / 2 * (1.0 if in_order else OUT_OF_ORDER), 4)
            positions = (p0, p1) if in_order else (p1, p0)
            if not polarity:
                yield Match(credit, positions, in_order=in_order)
            else:
                yield Match(credit, positions, negated(tokens, positions, phrase.cues),
                            negated(tokens, positions, phrase.cues, scope=TIGHT_SCOPE), in_order)


def occurrences(phrase: Phrase, reply: Reply, *, void: frozenset[int] = frozenset()) -> list[Match]:
    """Every place `phrase` occurs within one clause of `reply` (negated or not), best credit first per span.

    Up to two words need every word; longer phrases all but one, with at most COMPACT_GAP other
    words among them. Windows that chose the same words are reported once.
    """
    key = (phrase.stems, void)
    found = reply.memo.get(key)
    if found is not None:
        return found
    k = len(phrase.stems)
    need = k if k <= 2 else k - 1
    if not k or not _enough(phrase, reply, need):
        return []
    seen: dict[tuple[int, ...], Match] = {}
    for m in _window_matches(phrase, reply, need, True, void, polarity=False):
        if m.positions[-1] - m.positions[0] >= len(m.positions) + COMPACT_GAP:
            continue
        if m.positions not in seen or m.credit > seen[m.positions].credit:
            seen[m.positions] = m
    found = reply.memo[key] = sorted(seen.values(), key=lambda m: m.positions)
    return found


def _recall_match(phrase: Phrase, reply: Reply, void: frozenset[int]) -> Match:
    found: list[tuple[int, float]] = []
    unique = Phrase(phrase.text, tuple(dict.fromkeys(phrase.stems)), phrase.cues)
    for h in _hits(unique, reply, void):
        if h:
            found.append(max(h, key=lambda ps: (ps[1], -ps[0])))
    if not found:
        return NO_MATCH
    recall = sum(sim for _, sim in found) / len(dict.fromkeys(phrase.stems))
    positions = tuple(sorted(p for p, _ in found))
    negations = sum(1 for p in positions if negated(reply.tokens, (p,), phrase.cues))
    credit = max(0.0, min(1.0, (recall - 0.15) / 0.55))
    if negations * 2 > len(positions):
        return Match(0.0, positions, True)
    return Match(round(credit, 4), positions)


def match_phrase(phrase: Phrase, reply: Reply, *, strict: bool = False,
                 void: frozenset[int] = frozenset()) -> tuple[Match, Match | None]:
    """The best un-negated match of `phrase` in `reply`, and the best negated one if any.

    Short phrases must appear within a window of one sentence (one clause when `strict`, as for
    misconceptions), every word for phrases of up to two words, all but one for longer ones. Long
    phrases (whole clauses of a model answer) earn credit by how many of their words the reply uses.
    """
    if not phrase.stems:
        return NO_MATCH, None
    if phrase.long and not strict:
        found = _recall_match(phrase, reply, void)
        return (NO_MATCH, found) if found.negated else (found, None)
    k = len(phrase.stems)
    need = k if k <= 2 or strict else k - 1
    if not _enough(phrase, reply, need):
        return NO_MATCH, None
    best, best_negated = NO_MATCH, None
    for m in _window_matches(phrase, reply, need, strict, void):
        if m.negated:
            if best_negated is None or m.credit > best_negated.credit:
                best_negated = m
        elif m.credit > best.credit:
            best = m
    return best, best_negated
