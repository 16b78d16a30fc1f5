"""The matcher's fast paths find what the plain window scan finds.

`matching` pairs two-word phrases directly, takes a phrase whose words each occur once in one clause
as its single window, and reads `match_phrase`'s windows in one loop. The plain scan below is the
rule those shortcuts stand for (every anchor, every unit, windows kept by best credit): on
generated replies both must give the same occurrences and the same best matches, so grades do not
move when the grader gets faster.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import matching
from bot.core.matching import (
    COMPACT_GAP,
    NO_MATCH,
    OUT_OF_ORDER,
    SINGLE_WORD_FUZZ,
    TIGHT_SCOPE,
    Match,
    Reply,
    _add_window,
    analyse,
    compile_phrase,
    index_phrases,
    match_phrase,
    occurrences,
)
from bot.core.negation import negated
from bot.core.textnorm import tokenise


def plain_windows(lists: list[list[tuple[int, float]]], units: tuple[int, ...], need: int
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
            for p1, s1 in second:
                if p1 == p0 or abs(p1 - p0) > span or units[p1] != unit:
                    continue
                if p0 < p1:
                    out.append((round((s0 + s1) / 2 * 1.0, 4), (p0, p1), True, True))
                else:
                    out.append((round((s0 + s1) / 2 * OUT_OF_ORDER, 4), (p1, p0), False, True))
        return out
    # the words' occurrences unit by unit, in text order: a unit holding fewer than `need` of the
    # words has no window long enough
    by_unit: dict[int, list[list[tuple[int, float]]]] = {}
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


def plain_occurrences(phrase, reply: Reply, void: frozenset[int] = frozenset()) -> list[Match]:
    """Every clause window of `phrase` within the compact gap, one per span, best credit kept."""
    k = len(phrase.stems)
    need = k if k <= 2 else k - 1
    lists = [[(p, s) for p, s in reply.hits.get(stem, ()) if reply.clause_of[p] not in void]
             for stem in phrase.stems]
    if phrase.key not in reply.active:
        return []
    if k == 1:
        close = {p: sim for p, sim in lists[0] if sim >= SINGLE_WORD_FUZZ}
        return [Match(round(sim, 4), (p,)) for p, sim in close.items()]
    seen: dict[tuple[int, ...], Match] = {}
    if sum(map(bool, lists)) >= need:
        for credit, positions, in_order, complete in plain_windows(lists, reply.clause_of, need):
            if positions[-1] - positions[0] >= len(positions) + COMPACT_GAP:
                continue
            if positions not in seen or credit > seen[positions].credit:
                seen[positions] = Match(credit, positions, False, False, in_order, complete)
    return [seen[positions] for positions in sorted(seen)]


def plain_match(phrase, reply: Reply, strict: bool, void: frozenset[int] = frozenset()):
    """The best un-negated and the best negated window of `phrase`, every window read for negation."""
    k = len(phrase.stems)
    need = k if k <= 2 or strict else k - 1
    if reply.present.get(phrase.key, 0) < min(need, phrase.distinct):
        return NO_MATCH, None
    lists = [[(p, s) for p, s in reply.hits.get(stem, ()) if reply.clause_of[p] not in void]
             for stem in phrase.stems]
    if sum(map(bool, lists)) < need:
        return NO_MATCH, None
    if k == 1:
        windows = [(round(sim, 4), (p,), True, True) for p, sim in lists[0] if sim >= SINGLE_WORD_FUZZ]
    else:
        windows = plain_windows(lists, reply.clause_of if strict else reply.sentence_of, need)
    best, best_negated = NO_MATCH, None
    for credit, positions, in_order, complete in windows:
        m = Match(credit, positions, negated(reply.tokens, positions, phrase.cues),
                  negated(reply.tokens, positions, phrase.cues, scope=TIGHT_SCOPE), in_order, complete)
        if m.negated:
            if best_negated is None or m.credit > best_negated.credit:
                best_negated = m
        elif m.credit > best.credit:
            best = m
    return best, best_negated


# Words close in spelling (fuzzy hits), repeated words, negations and clause breaks.
WORDS = st.sampled_from(["dropout", "dropuot", "units", "unit", "random", "training", "trainng", "off",
                         "inference", "not", "no", "never", "it", "is", "and", "the", "only", "without",
                         ",", ".", ";", "but", "weights", "wieghts", "zero", "zeroes"])
PHRASES = st.sampled_from(["dropout", "random units", "units random", "dropout training", "zero units",
                           "off inference", "dropout random units", "random units training",
                           "dropout zeroes random units", "weights zero training", "training training",
                           "without weights", "unit units random"])


def _reply(words: list[str], phrases: list[str]) -> tuple[Reply, list]:
    compiled = [compile_phrase(p) for p in phrases]
    vocabulary = frozenset(s for p in compiled for s in p.stems)
    vocab_list = tuple(sorted(vocabulary))
    key = hash(vocab_list) & 0xFFFFFFF
    matching.learn_vocabulary(vocab_list, key)
    text = " ".join(words)
    return analyse(tokenise(text), vocabulary, vocab_list, key, index_phrases(compiled)), compiled


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=40), st.lists(PHRASES, min_size=1, max_size=4), st.booleans())
def test_occurrences_are_those_of_the_plain_scan(words, phrases, void_first):
    reply, compiled = _reply(words, phrases)
    void = frozenset({0}) if void_first else frozenset()
    for phrase in compiled:
        assert occurrences(phrase, reply, void=void) == plain_occurrences(phrase, reply, void)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=40), st.lists(PHRASES, min_size=1, max_size=4), st.booleans(), st.booleans())
def test_best_matches_are_those_of_the_plain_scan(words, phrases, strict, void_first):
    reply, compiled = _reply(words, phrases)
    void = frozenset({0}) if void_first else frozenset()
    for phrase in compiled:
        fast = match_phrase(phrase, reply, strict=strict, void=void)
        assert fast == plain_match(phrase, reply, strict, void)


HITS = st.lists(st.lists(st.tuples(st.integers(0, 30), st.sampled_from([1.0, 0.9, 0.8])), max_size=3),
                min_size=3, max_size=5)


@settings(max_examples=1500, deadline=None)
@given(HITS, st.lists(st.integers(0, 3), min_size=31, max_size=31), st.booleans())
def test_windows_of_words_met_once_are_those_of_every_anchor(lists, units, all_but_one):
    lists = [sorted(dict(h).items()) for h in lists]  # one similarity per position, as a reply gives
    units = tuple(sorted(units))  # clauses grow along the text
    need = len(lists) - 1 if all_but_one else len(lists)
    assert matching._windows(lists, units, need) == plain_windows(lists, units, need)


def test_a_two_word_phrase_pairs_its_words_within_the_compact_gap():
    reply, (phrase,) = _reply(["random", "a", "b", "c", "d", "units", ";", "units", "random"],
                              ["random units"])
    found = occurrences(phrase, reply)
    assert [m.positions for m in found] == [(6, 7)]  # the first pair stands 5 apart: too far
    assert found[0].credit == OUT_OF_ORDER and not found[0].in_order  # the second is reversed


# Long replies: words met many times, so the pair loops start by bisection and stop past their reach,
# and windows gather only the units holding enough of a phrase's words.
FEW_WORDS = st.sampled_from(["dropout", "dropuot", "units", "random", "training", "zero", "not", "it", ",",
                             ".", "weights", "and"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FEW_WORDS, min_size=60, max_size=240), st.lists(PHRASES, min_size=1, max_size=4),
       st.booleans(), st.booleans())
def test_long_replies_match_as_the_plain_scan_does(words, phrases, strict, void_first):
    reply, compiled = _reply(words, phrases)
    void = frozenset({0}) if void_first else frozenset()
    for phrase in compiled:
        assert occurrences(phrase, reply, void=void) == plain_occurrences(phrase, reply, void)
        fast = match_phrase(phrase, reply, strict=strict, void=void)
        assert fast == plain_match(phrase, reply, strict, void)


MANY_HITS = st.lists(st.lists(st.tuples(st.integers(0, 60), st.sampled_from([1.0, 0.9, 0.8])), max_size=14),
                     min_size=3, max_size=5)


@settings(max_examples=800, deadline=None)
@given(MANY_HITS, st.lists(st.integers(0, 12), min_size=61, max_size=61), st.integers(0, 2))
def test_windows_of_words_met_many_times_are_those_of_every_anchor(lists, units, spared):
    lists = [sorted(dict(h).items()) for h in lists]
    units = tuple(sorted(units))
    need = len(lists) - spared  # every word, all but one, or (no caller asks it yet) all but two
    assert matching._windows(lists, units, need) == plain_windows(lists, units, need)
