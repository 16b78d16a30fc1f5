"""Subjects for a property are found by bisection over the reply's mentions, as a plain scan finds them.

`find_mentions` gives mentions in text order, never overlapping, so their starts, ends, clauses and
sentences only grow along them. `candidates` and the statement reader rely on that to bisect instead
of reading every mention; the plain scans below are the rules they stand for, and on generated
replies (mentions anywhere, long replies included) both must choose the same subjects.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.claims import CONJUNCTIONS, Mention, _spans_mention, candidates
from bot.core.textnorm import tokenise

WORDS = st.sampled_from(["dropout", "units", "the", "model", "it", "and", "but", "not", "trains", ",", ".",
                         ";", "images", "or"])


def plain_candidates(mentions, positions, tokens, *, strict=False):
    """The subject rules read mention by mention (the scan `candidates` replaces)."""
    if not mentions:
        return [None]
    start, end = positions[0], positions[-1]
    clause, item = tokens[start].clause, tokens[start].item
    before = [m for m in mentions if m.end < start]
    same = own = None
    for m in reversed(before):
        if m.clause != clause:
            break
        if same is None:
            same = m
        if tokens[m.start].item == item:
            own = m
            break
    later = None
    for m in mentions:
        if m.end < start or m.start <= end:
            continue
        if m.clause != clause:
            break
        if tokens[m.start].item == item:
            later = m
            break
    if own is not None or later is not None:
        same = own
    if later is not None and any(tokens[j].word in CONJUNCTIONS for j in range(end + 1, later.start)):
        later = None
    found = []
    if later is not None and (same is None or later.start - end < start - same.end):
        found.append(later)
    if same is not None:
        found.append(same)
    if found:
        return found
    if strict:
        before = [m for m in before if m.sentence == tokens[start].sentence]
    if not before:
        return [None]
    clauses, leading = set(), before[0]
    for m in before:
        if m.clause not in clauses:
            clauses.add(m.clause)
            leading = m
    return [leading]


@st.composite
def replies(draw):
    tokens = tokenise(" ".join(draw(st.lists(WORDS, min_size=2, max_size=150))))
    if len(tokens) < 2:
        tokens = tokenise("dropout units")
    n = len(tokens)
    cuts = sorted(draw(st.sets(st.integers(0, n - 1), max_size=min(n, 40))))
    mentions, i = [], 0
    while i + 1 < len(cuts):  # spans from pairs of cut points, so they never overlap
        s, e = cuts[i], cuts[i + 1] if draw(st.booleans()) else cuts[i]
        mentions.append(Mention(s, e, tokens[s].clause, tokens[s].sentence, frozenset({(str(s),)})))
        i += 2 if e != s else 1
    positions = tuple(sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=3))))
    return tokens, tuple(mentions), positions


@settings(max_examples=600, deadline=None)
@given(replies(), st.booleans())
def test_subjects_are_those_of_the_plain_scan(reply, strict):
    tokens, mentions, positions = reply
    assert candidates(mentions, positions, tokens, strict=strict) == \
        plain_candidates(mentions, positions, tokens, strict=strict)


@settings(max_examples=600, deadline=None)
@given(replies())
def test_a_mention_inside_an_occurrence_is_found_by_bisection(reply):
    _, mentions, positions = reply
    lo, hi = positions[0], positions[-1]
    assert _spans_mention(mentions, lo, hi) == any(lo < m.start and m.end < hi for m in mentions)
