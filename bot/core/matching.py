"""Fuzzy phrase matching of rubric phrases against a reply, window by window, with negation scope."""

from __future__ import annotations

import itertools
import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from bot.core.negation import NEGATION_CUES, negated
from bot.core.textnorm import Token, tokenise

# The only words a rubric phrase may do without: "every sample once" keeps "every" and "once".
# Words before a term that name it as a foil, not the subject of its clause ("unlike plain SGD").
FOIL_WORDS = frozenset({"unlike", "than", "versus", "vs", "except"})
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
# Per compiled rubric (its vocab_key): each of the rubric's own words with the rubric words it hits
# (itself, then its fuzzy matches among them), found once when the rubric is compiled. Replies mostly
# use rubric words, so most look-ups end here; never emptied with the word cache (a running bot builds
# it at load).
_vocab_fuzzy: dict[int, dict[str, tuple[tuple[tuple[str, float], ...], tuple[str, ...] | None]]] = {}


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
    long: bool = False  # LONG_PHRASE content words or more: credited by recall
    key: int = 0  # a number standing for its stems (phrases with the same stems share it)

    def __post_init__(self) -> None:
        k, distinct = len(self.stems), len(set(self.stems))
        object.__setattr__(self, "distinct", distinct)
        object.__setattr__(self, "loose", min(k if k <= 2 else k - 1, distinct))
        object.__setattr__(self, "long", k >= LONG_PHRASE)
        object.__setattr__(self, "key", phrase_key(self.stems))


# Phrases are counted, looked up and remembered per reply by a number for their stems: a small int
# hashes at no cost, a tuple of words is hashed afresh at every look-up.
_phrase_keys: dict[tuple[str, ...], int] = {}
_next_phrase_key = itertools.count(1)


def phrase_key(stems: tuple[str, ...]) -> int:
    """The number standing for a phrase's stems (the same stems always get the same number, and
    different stems different numbers, even when two threads compile rubrics at once)."""
    key = _phrase_keys.get(stems)
    if key is None:
        key = _phrase_keys.setdefault(stems, next(_next_phrase_key))
    return key


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
    memo: dict[object, Any] = field(default_factory=dict)  # what was already found in this reply
    present: dict[int, int] = field(default_factory=dict)  # phrase key -> how many of its words are present
    active: frozenset[int] = frozenset()  # keys of rubric phrases with enough words to occur at all
    clause_of: tuple[int, ...] = ()  # per token: its clause number
    sentence_of: tuple[int, ...] = ()  # per token: its sentence number
    # where the reply has a negation word, and the clauses holding one: a match anywhere else is
    # not negated, so the negation rules need not read its surroundings
    negations: tuple[int, ...] = ()
    negative_clauses: frozenset[int] = frozenset()
    says_without: bool = False  # "without it ..." can only be read where the reply says "without"
    contrastive: bool = False  # whether the reply has a word that names a foil ("unlike", "than", ...)

    def __post_init__(self) -> None:
        if len(self.clause_of) != len(self.tokens):
            self.clause_of = tuple(t.clause for t in self.tokens)
            self.sentence_of = tuple(t.sentence for t in self.tokens)
        self.negations = tuple(itertools.compress(range(len(self.tokens)),
                                                  map(NEGATION_CUES.__contains__, map(_WORD, self.tokens))))
        self.negative_clauses = frozenset(map(self.clause_of.__getitem__, self.negations))
        self.says_without = any(self.tokens[i].word == "without" for i in self.negations)
        self.contrastive = not FOIL_WORDS.isdisjoint(map(_WORD, self.tokens))

    def may_negate(self, lo: int, hi: int) -> bool:
        """Whether a negation word stands anywhere from token `lo` to token `hi` (inclusive)."""
        negations = self.negations
        i = bisect_left(negations, lo)
        return i < len(negations) and negations[i] <= hi


class PhraseIndex(NamedTuple):
    """A rubric's phrases by word, so a reply finds its candidate phrases fast."""

    by_word: dict[str, tuple[int, ...]]  # word -> the keys of the (distinct) phrases containing it
    loose: dict[int, int]  # phrase key -> how many of its distinct words an occurrence needs


def index_phrases(phrases: Iterable[Phrase]) -> PhraseIndex:
    """Word -> the (distinct) phrases containing it, and the words each needs."""
    index: dict[str, dict[int, None]] = {}
    loose: dict[int, int] = {}
    for phrase in phrases:
        loose[phrase.key] = phrase.loose
        for stem_ in set(phrase.stems):
            index.setdefault(stem_, {})[phrase.key] = None
    return PhraseIndex({k: tuple(v) for k, v in index.items()}, loose)


def analyse(tokens: tuple[Token, ...], vocabulary: frozenset[str], vocab_list: tuple[str, ...],
            vocab_key: int, index: PhraseIndex) -> Reply:
    """Index the reply's content words against a question's rubric vocabulary (exact and fuzzy), and
    count for each rubric phrase (`index`) how many of its words the reply holds."""
    hits: dict[str, list[tuple[int, float]]] = {}
    by_stem: dict[str, list[int]] = {}
    matched: dict[str, tuple[str, ...]] = {}
    n = len(tokens)
    stems = list(map(_STEM, tokens))
    sentence_of = tuple(map(_SENTENCE, tokens))
    # "mini batch" written apart still matches "minibatch": a word that begins a rubric word, joined
    # to the next word of its sentence
    for pos in itertools.compress(range(1, n), map(_heads(vocab_list, vocab_key).__contains__, stems)):
        if sentence_of[pos - 1] == sentence_of[pos]:
            joined = stems[pos - 1] + stems[pos]
            if joined in vocabulary:
                hits.setdefault(joined, []).append((pos - 1, 1.0))
    for pos, stem in itertools.compress(enumerate(stems), map(operator.or_, map(_CONTENT, tokens),
                                                              map(vocabulary.__contains__, stems))):
        by_stem.setdefault(stem, []).append(pos)
    table = _vocab_table(vocab_list, vocab_key)
    for stem, positions in by_stem.items():
        entry = table.get(stem)
        if entry is None:  # not a rubric word: a misspelling of one, if anything
            if len(stem) < 4:
                continue
            fuzzy = _fuzzy(stem, vocab_list, vocab_key)
            if not fuzzy:
                continue
            entry = fuzzy, tuple(target for target, _ in fuzzy)
        targets, fuzzy_targets = entry
        if fuzzy_targets:
            matched[stem] = fuzzy_targets
        for target, sim in targets:
            hits.setdefault(target, []).extend(zip(positions, itertools.repeat(sim)))
    list(map(list.sort, hits.values()))  # positions in text order (one sort per list, no Python loop)
    present = Counter(itertools.chain.from_iterable(map(index.by_word.get, hits, itertools.repeat(()))))
    enough = map(operator.ge, present.values(), map(index.loose.__getitem__, present))
    # present: for every indexed phrase, how many of its distinct words the reply holds; active: the
    # phrases holding enough of them to occur at all (both counted without a Python loop per phrase)
    return Reply(tokens, hits, frozenset(by_stem), matched, present=present,
                 active=frozenset(itertools.compress(present, enough)),
                 clause_of=tuple(map(_CLAUSE, tokens)), sentence_of=sentence_of)


# Token fields read in bulk (stem, clause, content, word, sentence)
_STEM, _CLAUSE, _CONTENT, _WORD, _SENTENCE = (operator.itemgetter(i) for i in (0, 1, 2, 3, 4))


_heads_by_vocabulary: dict[int, frozenset[str]] = {}


def _heads(vocab_list: tuple[str, ...], vocab_key: int) -> frozenset[str]:
    """Every proper beginning of a rubric word: a word joined to the next can only be a rubric word
    when it is one of them (remembered per rubric)."""
    heads = _heads_by_vocabulary.get(vocab_key)
    if heads is None:
        if len(_heads_by_vocabulary) > 5000:
            _heads_by_vocabulary.clear()
        heads = _heads_by_vocabulary[vocab_key] = frozenset(
            w[:i] for w in vocab_list for i in range(1, len(w)))
    return heads


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


def _reachable(length: int, other: int) -> bool:
    """Whether words of these lengths can reach the ratio a match needs (a ratio is at most
    200 * shorter / (sum of lengths), reached when the shorter word lies inside the longer)."""
    shorter = min(length, other)
    return other >= 4 and 200 * shorter >= min_similarity(shorter) * (length + other) - 1e-6


def _candidates(vocab_list: tuple[str, ...], vocab_key: int, stem: str) -> tuple[str, ...]:
    """Rubric words a reply word may be a misspelling of: the same first letter (typos rarely touch
    it, and it halves the look-ups), a length that can reach the ratio needed, not a negation."""
    key = (vocab_key, len(stem), stem[0])
    words = _length_lists.get(key)
    if words is None:
        words = _length_lists[key] = tuple(
            w for w in _by_length(vocab_list, vocab_key, len(stem))
            if w[0] == stem[0] and _reachable(len(stem), len(w)) and w not in NEGATION_CUES)
    return words


def learn_vocabulary(vocab_list: tuple[str, ...], vocab_key: int) -> None:
    """Find once, as a rubric is compiled, the fuzzy matches of each of its words among its words."""
    if len(_vocab_fuzzy) > 5000:
        _vocab_fuzzy.clear()
    table = {}
    for word in vocab_list:
        fuzzy = _fuzzy_matches(word, vocab_list, vocab_key) if len(word) >= 4 else ()
        table[word] = ((word, 1.0), *fuzzy), tuple(target for target, _ in fuzzy) or None
    _vocab_fuzzy[vocab_key] = table


def _vocab_table(vocab_list: tuple[str, ...], vocab_key: int
                 ) -> dict[str, tuple[tuple[tuple[str, float], ...], tuple[str, ...] | None]]:
    """A rubric's words, each with the rubric words it hits (itself first, at 1.0, then its fuzzy
    matches with their similarity) and those fuzzy matches' words (None when it has none)."""
    table = _vocab_fuzzy.get(vocab_key)
    if table is None:
        learn_vocabulary(vocab_list, vocab_key)
        table = _vocab_fuzzy[vocab_key]
    return table


def forget_vocabularies() -> None:
    """Forget the fuzzy matches found among compiled rubrics' words (with the rubrics themselves)."""
    _vocab_fuzzy.clear()


def _fuzzy(stem: str, vocab_list: tuple[str, ...], vocab_key: int) -> tuple[tuple[str, float], ...]:
    """The rubric words `stem` is a close misspelling of, with their similarity (remembered)."""
    key = (vocab_key, stem)
    cached = _fuzzy_cache.get(key)
    if cached is not None:
        return cached
    result = _fuzzy_matches(stem, vocab_list, vocab_key)
    if len(_fuzzy_cache) >= _FUZZY_CACHE_LIMIT:
        _fuzzy_cache.clear()
    _fuzzy_cache[key] = result
    return result


def _fuzzy_matches(stem: str, vocab_list: tuple[str, ...], vocab_key: int) -> tuple[tuple[str, float], ...]:
    found = []
    # "never" is not "every"
    candidates = () if stem in NEGATION_CUES else _candidates(vocab_list, vocab_key, stem)
    if candidates:
        for target, score, _ in process.extract(stem, candidates, scorer=fuzz.ratio, score_cutoff=75.0,
                                                limit=None):
            if target == stem:
                continue
            if score >= min_similarity(min(len(target), len(stem))) and not _different_word(stem, target):
                found.append((target, round(score / 100.0, 4)))
    return tuple(sorted(found))


class Match(NamedTuple):
    """How well a phrase matched: credit 0..1, the positions used, and whether negation voided it."""

    credit: float
    positions: tuple[int, ...] = ()
    negated: bool = False
    plainly_negated: bool = False  # the negation stands right before the phrase ("does not reduce ...")
    in_order: bool = True  # the words came in the phrase's order
    complete: bool = True  # every word of the phrase was found


NO_MATCH = Match(0.0)


def _word_hits(stems: Iterable[str], reply: Reply, void: frozenset[int]) -> list[list[tuple[int, float]]]:
    """Where each of `stems` occurs in the reply (position, similarity), outside the `void` clauses."""
    lists = list(map(reply.hits.get, stems, itertools.repeat(())))
    if void:
        clause_of = reply.clause_of
        lists = [[(p, sim) for p, sim in h if clause_of[p] not in void] for h in lists]
    return lists


def _windows(lists: list[list[tuple[int, float]]], units: tuple[int, ...], need: int
             ) -> list[tuple[float, tuple[int, ...], bool, bool]]:
    """(credit, positions, in order, complete) for each window of a phrase of two or more words.

    `lists` holds where each of the phrase's words occurs; a window keeps to one unit (`units`: the
    clause or sentence of each token) and spans at most 2k + 3 tokens. Two words: every pair. More:
    around each anchor position, the best (then nearest) occurrence of each word, when at least
    `need` words and the anchor itself are found.
    """
    k = len(lists)
    span = 2 * k + 3
    out = []
    if k == 2 and need == 2:  # two words: every pair close together in one unit
        second = lists[1]
        for p0, s0 in lists[0]:
            unit = units[p0]
            # occurrences come in text order: read only those within `span` of p0
            for p1, s1 in second[_reach_from(second, p0 - span):]:
                if p1 - p0 > span:
                    break
                if p1 == p0 or p0 - p1 > span or units[p1] != unit:
                    continue
                if p0 < p1:
                    out.append((round((s0 + s1) / 2 * 1.0, 4), (p0, p1), True, True))
                else:
                    out.append((round((s0 + s1) / 2 * OUT_OF_ORDER, 4), (p1, p0), False, True))
        return out
    if max(map(len, lists)) <= 1:  # each word at most once in the reply (the common case)
        found = [h[0] for h in lists if h]
        if len(found) < need:
            return out  # no unit can hold enough of the words
        unit = units[found[0][0]]
        order = [p for p, _ in found]
        if all(units[p] == unit for p in order) and len(set(order)) == len(order) \
                and max(order) - min(order) <= span:
            _add_window(out, order, [sim for _, sim in found], k)  # the one window every anchor finds
            return out
    # the words' occurrences unit by unit, in text order: a unit holding fewer than `need` of the
    # words has no window long enough. Past a few occurrences (long replies), only the units holding
    # enough are gathered (the units each word occurs in counted without a Python loop per occurrence).
    by_unit: dict[int, list[list[tuple[int, float]]]] = {}
    if sum(map(len, lists)) > 2 * _FEW_HITS:
        held = Counter(itertools.chain.from_iterable(set(map(units.__getitem__, map(_FIRST, h)))
                                                     for h in lists))
        for unit in itertools.compress(held, map(need.__le__, held.values())):
            by_unit[unit] = [[] for _ in lists]
        for i, h in enumerate(lists):
            for hit in h:
                group = by_unit.get(units[hit[0]])
                if group is not None:
                    group[i].append(hit)
    else:
        for i, h in enumerate(lists):
            for hit in h:
                group = by_unit.get(units[hit[0]])
                if group is None:
                    group = by_unit[units[hit[0]]] = [[] for _ in lists]
                group[i].append(hit)
    for unit in sorted(by_unit):
        group = by_unit[unit]
        if k - group.count([]) < need:
            continue
        if max(map(len, group)) <= 1:
            order = [g[0][0] for g in group if g]
            if len(set(order)) == len(order) and max(order) - min(order) <= span:
                # one occurrence of each word, all within reach of each other: every anchor chooses
                # the same words, so the window is reported once
                _add_window(out, order, [g[0][1] for g in group if g], k)
                continue
        for anchor in sorted({p for g in group for p, _ in g}):
            lo, hi = anchor - span, anchor + span
            order = []
            sims = []
            for g in group:
                best_p, best_sim = -1, -1.0
                for p, sim in g:
                    if p < lo or p > hi or p in order:
                        continue
                    if best_p < 0 or sim > best_sim or \
                            (sim == best_sim and abs(p - anchor) < abs(best_p - anchor)):
                        best_p, best_sim = p, sim
                if best_p >= 0:
                    order.append(best_p)
                    sims.append(best_sim)
            if len(order) >= need and anchor in order and max(order) - min(order) <= span:
                _add_window(out, order, sims, k)
    return out


def _add_window(out: list[tuple[float, tuple[int, ...], bool, bool]], order: list[int], sims: list[float],
                k: int) -> None:
    """Credit a window whose words (by the phrase's word order) stand at `order` with `sims`."""
    credit = sum(sims) / k
    if len(order) < k:
        credit *= 0.7
    ordered = sorted(order)
    in_order = ordered == order  # the positions are distinct: in order means strictly increasing
    if not in_order:
        credit *= OUT_OF_ORDER
    out.append((round(credit, 4), tuple(ordered), in_order, len(order) == k))


def occurrences(phrase: Phrase, reply: Reply, *, void: frozenset[int] = frozenset()) -> list[Match]:
    """Every place `phrase` occurs within one clause of `reply` (negated or not), best credit first per span.

    Up to two words need every word; longer phrases all but one, with at most COMPACT_GAP other
    words among them. Windows that chose the same words are reported once.
    """
    key = (phrase.key, void) if void else phrase.key  # a bare number when no clause is left out
    memo = reply.memo
    found = memo.get(key)
    if found is not None:
        return found
    if phrase.key not in reply.active:  # too few of its words (or none) to occur
        return []
    stems = phrase.stems
    k = len(stems)
    lists = list(map(reply.hits.get, stems, itertools.repeat(())))
    if void:
        clause_of = reply.clause_of
        lists = [[(p, sim) for p, sim in h if clause_of[p] not in void] for h in lists]
    if k == 1:  # one word: each position once (hits come sorted, the closest spelling last)
        close = {p: sim for p, sim in lists[0] if sim >= SINGLE_WORD_FUZZ}
        found = memo[key] = [_new_tuple(Match, (round(sim, 4), (p,), False, False, True, True))
                             for p, sim in close.items()]
        return found
    seen: dict[tuple[int, ...], Match] = {}
    if k == 2:  # two words: every pair in one clause close enough to be one occurrence (_windows' pairs)
        first, second = lists
        if first and second:
            clause_of = reply.clause_of
            for p0, s0 in first:
                unit = clause_of[p0]
                for p1, s1 in second[_reach_from(second, p0 - _PAIR_REACH):]:
                    gap = p1 - p0
                    if gap > _PAIR_REACH:
                        break  # occurrences come in text order: the rest are further still
                    if not gap or gap < -_PAIR_REACH or clause_of[p1] != unit:
                        continue
                    if gap > 0:
                        credit, positions, in_order = round((s0 + s1) / 2 * 1.0, 4), (p0, p1), True
                    else:
                        credit, positions, in_order = round((s0 + s1) / 2 * OUT_OF_ORDER, 4), (p1, p0), False
                    if positions not in seen or credit > seen[positions].credit:
                        seen[positions] = _new_tuple(Match, (credit, positions, False, False, in_order, True))
    elif sum(map(bool, lists)) >= k - 1:
        for credit, positions, in_order, complete in _windows(lists, reply.clause_of, k - 1):
            if positions[-1] - positions[0] >= len(positions) + COMPACT_GAP:
                continue
            if positions not in seen or credit > seen[positions].credit:
                seen[positions] = _new_tuple(Match, (credit, positions, False, False, in_order, complete))
    found = memo[key] = [seen[positions] for positions in sorted(seen)] if len(seen) > 1 else [*seen.values()]
    return found


# The farthest apart the two words of a two-word phrase may stand in one occurrence: _windows' span
# (2k + 3) and COMPACT_GAP both allow it, the gap rule being the narrower.
_PAIR_REACH = min(2 * 2 + 3, 2 + COMPACT_GAP - 1)


_new_tuple = tuple.__new__
_FIRST = operator.itemgetter(0)
_FEW_HITS = 8  # a word's occurrences read one by one up to this many; past it, found by bisection


def _reach_from(hits: list[tuple[int, float]], lowest: int) -> int:
    """Where the occurrences (in text order) at `lowest` or beyond begin in `hits` (0 for a few)."""
    return bisect_left(hits, lowest, key=_FIRST) if len(hits) > _FEW_HITS else 0


def _recall_match(phrase: Phrase, reply: Reply, void: frozenset[int]) -> Match:
    found: list[tuple[int, float]] = []
    for h in _word_hits(dict.fromkeys(phrase.stems), reply, void):
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
    A window is read for negation only when its clause holds a negation word.
    """
    stems = phrase.stems
    if not stems:
        return NO_MATCH, None
    if phrase.long and not strict:
        found = _recall_match(phrase, reply, void)
        return (NO_MATCH, found) if found.negated else (found, None)
    k = len(stems)
    need = k if k <= 2 or strict else k - 1
    if reply.present.get(phrase.key, 0) < min(need, phrase.distinct):
        return NO_MATCH, None  # too few of its words in the reply
    clause_of = reply.clause_of
    lists = list(map(reply.hits.get, stems, itertools.repeat(())))
    if void:
        lists = [[(p, sim) for p, sim in h if clause_of[p] not in void] for h in lists]
    if sum(map(bool, lists)) < need:
        return NO_MATCH, None
    if k == 1:  # one word: every close enough occurrence is a match
        windows = [(round(sim, 4), (p,), True, True) for p, sim in lists[0] if sim >= SINGLE_WORD_FUZZ]
    else:
        windows = _windows(lists, clause_of if strict else reply.sentence_of, need)
    tokens, cues, negative = reply.tokens, phrase.cues, reply.negative_clauses
    best, best_negated = NO_MATCH, None
    for credit, positions, in_order, complete in windows:
        if clause_of[positions[0]] not in negative:  # no negation word in its clause
            if credit > best.credit:
                best = _new_tuple(Match, (credit, positions, False, False, in_order, complete))
        elif negated(tokens, positions, cues):
            if best_negated is None or credit > best_negated.credit:
                best_negated = _new_tuple(Match, (credit, positions, True,
                                                  negated(tokens, positions, cues, scope=TIGHT_SCOPE),
                                                  in_order, complete))
        elif credit > best.credit:
            plainly = negated(tokens, positions, cues, scope=TIGHT_SCOPE)
            best = _new_tuple(Match, (credit, positions, False, plainly, in_order, complete))
    return best, best_negated
