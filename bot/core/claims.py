"""Claims: what a reply asserts of what, with subjects resolved across clauses and polarity read.

A claim binds a subject (dropout, the generator) to a property (is off at inference, makes samples).
A property found in a reply belongs to the nearest subject named before it in its clause, else (for
claims a reply should make) one named after it in the clause, else the subject named last before it,
else the question's own subject. Its polarity flips for each governing negation and for an antonym
standing in for one of its words ("increases" where the rubric says "reduces").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.matching import Phrase, Reply, compile_phrase, occurrences
from bot.core.negation import AUXILIARIES, BREAKERS, is_cue, reaches
from bot.core.textnorm import Token

# Stems (as textnorm gives them) whose swap states the opposite of a property.
_ANTONYM_PAIRS = (
    ("increas", "reduc"), ("higher", "reduc"), ("higher", "low"), ("high", "low"), ("mor", "less"),
    ("mor", "fewer"), ("larger", "small"), ("larg", "small"), ("befor", "after"), ("input", "output"),
    ("train", "inferenc"), ("train", "test"), ("forward", "backward"), ("faster", "slower"),
    ("fast", "slow"), ("speed", "slow"), ("add", "remov"), ("maximiz", "minimiz"), ("spars", "dens"),
    ("shallow", "deep"), ("positiv", "negativ"), ("local", "global"), ("sam", "different"),
    ("linear", "nonlinear"), ("parallel", "sequential"), ("superviz", "unsuperviz"),
    ("overfit", "underfit"), ("improv", "hurt"), ("improv", "wors"), ("help", "hurt"),
    ("easier", "harder"), ("stabl", "unstabl"), ("longer", "shorter"), ("wider", "narrower"),
    ("first", "last"), ("early", "late"), ("upper", "lower"), ("many", "few"), ("vanish", "explod"),
)
ANTONYMS: dict[str, tuple[str, ...]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = (*ANTONYMS.get(_a, ()), _b)
    ANTONYMS[_b] = (*ANTONYMS.get(_b, ()), _a)

MENTION_AT = 0.8  # least match credit for a subject phrasing to count as a mention
SCOPE_BEFORE = 5  # tokens before a property within which a negation governs it
NEGATION_AFTER = 3  # tokens after a term within which "is not" / "does not" negates it


@dataclass(frozen=True)
class CompiledClaim:
    """A claim prepared once: subject phrasings, property phrasings and their antonym flips."""

    subject: tuple[Phrase, ...]
    prop: tuple[Phrase, ...]
    flipped: tuple[Phrase, ...]
    subject_keys: frozenset[tuple[str, ...]]
    implicit: bool  # the question itself names the subject, so a reply may leave it unsaid


def _flips(phrase: Phrase) -> tuple[Phrase, ...]:
    out = []
    for i, s in enumerate(phrase.stems):
        for other in ANTONYMS.get(s, ()):
            stems = (*phrase.stems[:i], other, *phrase.stems[i + 1:])
            out.append(Phrase(f"{phrase.text} (opposite)", stems, phrase.cues))
    return tuple(out)


def compile_claim(subject: Iterable[str], prop: Iterable[str], prompt_stems: frozenset[str]) -> CompiledClaim:
    """Prepare a claim; `prompt_stems` (the question's stems) decide whether its subject is implicit."""
    subjects = tuple(compile_phrase(s) for s in subject if s.strip())
    props = tuple(compile_phrase(p) for p in prop if p.strip())
    flipped = tuple(f for p in props for f in _flips(p))
    keys = frozenset(s.stems for s in subjects if s.stems)
    implicit = any(s.stems and all(x in prompt_stems for x in s.stems) for s in subjects)
    return CompiledClaim(subjects, props, flipped, keys, implicit)


@dataclass(frozen=True)
class Mention:
    """Where the reply names a subject, and which subject phrasings matched there."""

    start: int
    end: int
    clause: int
    sentence: int
    keys: frozenset[tuple[str, ...]]


def find_mentions(subjects: Iterable[Phrase], reply: Reply) -> tuple[Mention, ...]:
    """Every place the reply names one of `subjects`, merged where phrasings overlap, in text order."""
    spans: dict[tuple[int, int], set[tuple[str, ...]]] = {}
    for phrase in subjects:
        if not phrase.stems:
            continue
        for m in occurrences(phrase, reply):
            if m.credit >= MENTION_AT:
                spans.setdefault((m.positions[0], m.positions[-1]), set()).add(phrase.stems)
    merged: list[list] = []
    for (start, end), keys in sorted(spans.items()):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] |= keys
        else:
            merged.append([start, end, set(keys)])
    tokens = reply.tokens
    return tuple(Mention(s, e, tokens[s].clause, tokens[s].sentence, frozenset(k)) for s, e, k in merged)


def bind(mentions: Sequence[Mention], positions: Sequence[int], tokens: Sequence[Token], *,
         after: bool) -> Mention | None:
    """The subject a property at `positions` is said of (None: the reply names no subject before it).

    In its own clause the nearest subject wins, either side when `after` ("hidden layers use ReLU"),
    the one before it otherwise; a tie goes to the subject before. Failing that, the subject named
    last before the property's clause.
    """
    start, end = positions[0], positions[-1]
    clause = tokens[start].clause
    mentions = [m for m in mentions if not (m.start <= end and m.end >= start)]  # its own words
    before = [m for m in mentions if m.end < start]
    same = [m for m in before if m.clause == clause]
    later = [m for m in mentions if m.start > end and m.clause == clause] if after else []
    if same and later:
        return same[-1] if start - same[-1].end <= later[0].start - end else later[0]
    if same or later:
        return same[-1] if same else later[0]
    if not before:
        return None
    leading = [m for m in before if m is _first_in_clause(before, m)]  # subjects of their clauses
    return leading[-1] if leading else before[-1]


def _first_in_clause(mentions: Sequence[Mention], mention: Mention) -> Mention:
    return next(m for m in mentions if m.clause == mention.clause)


def _cue_count(tokens: Sequence[Token], lo: int, hi: int, clause: int, skip: set[int],
               own: frozenset[str], target: int) -> int:
    count = 0
    for i in range(max(lo, 0), hi):
        if i in skip or tokens[i].clause != clause:
            continue
        if is_cue(tokens, i) and tokens[i].word not in own and reaches(tokens, i, target):
            if any(tokens[j].word in BREAKERS and not is_cue(tokens, j)
                   for j in range(i + 1, hi) if j not in skip):
                continue
            count += 1
    return count


def negated_after(tokens: Sequence[Token], end: int) -> bool:
    """True when the words right after a term deny it: "images aren't used", "dropout does not"."""
    clause = tokens[end].clause
    for i in range(end + 1, min(len(tokens), end + 1 + NEGATION_AFTER)):
        if tokens[i].clause != clause:
            return False
        if tokens[i].word in AUXILIARIES and i + 1 < len(tokens) and tokens[i + 1].clause == clause \
                and tokens[i + 1].word in ("not", "never") and is_cue(tokens, i + 1):
            return True
    return False


def polarity(tokens: Sequence[Token], mention: Mention | None, positions: Sequence[int],
             own: frozenset[str]) -> bool:
    """True when the property at `positions` is asserted, False when denied (negations counted)."""
    start, end = positions[0], positions[-1]
    clause = tokens[start].clause
    skip = set(positions)
    lo = start - SCOPE_BEFORE
    if mention is not None and mention.clause == clause:
        skip |= set(range(mention.start, mention.end + 1))
        lo = min(lo, mention.start - 2) if mention.end < start else lo
        if mention.start > end:  # subject after the property: "hidden layers don't use relu"
            end = mention.start
    return _cue_count(tokens, lo, end + 1, clause, skip, own, positions[0]) % 2 == 0


@dataclass(frozen=True)
class Statement:
    """One place a reply asserts or denies a claim's property of some subject."""

    credit: float
    asserted: bool  # True: the property is said of the subject; False: denied or reversed
    subject_keys: frozenset[tuple[str, ...]] | None  # None: said of the question's own subject
    clause: int
    positions: tuple[int, ...]


def statements(claim: CompiledClaim, reply: Reply, mentions: Sequence[Mention], *, after: bool,
               void: frozenset[int] = frozenset()) -> list[Statement]:
    """Every place the reply states the claim's property (or its opposite), with the subject bound."""
    out: list[Statement] = []
    tokens = reply.tokens
    for phrases, direct in ((claim.prop, True), (claim.flipped, False)):
        for phrase in phrases:
            for m in occurrences(phrase, reply, void=void):
                mention = bind(mentions, m.positions, tokens, after=after)
                asserted = polarity(tokens, mention, m.positions, phrase.cues) == direct
                out.append(Statement(m.credit, asserted, mention.keys if mention else None,
                                     tokens[m.positions[0]].clause, m.positions))
    return out


def about(statement: Statement, claim: CompiledClaim) -> bool:
    """True when the statement is said of the claim's subject (named, or implicit in the question)."""
    if statement.subject_keys is None:
        return claim.implicit
    return bool(statement.subject_keys & claim.subject_keys)
