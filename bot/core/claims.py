"""Claims: what a reply asserts of what, with subjects resolved across clauses and polarity read.

A claim binds a subject (dropout, the generator) to a property (is off at inference, makes samples).
A property found in a reply belongs to the nearest subject named before it in its clause, else (for
claims a reply should make) one named after it in the clause, else the subject named last before it,
else the question's own subject. Its polarity flips for each governing negation and for an antonym
standing in for one of its words ("increases" where the rubric says "reduces").
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.core.matching import FOIL_WORDS, Phrase, Reply, compile_phrase, occurrences
from bot.core.negation import AUXILIARIES, BREAKERS, HEDGED, is_cue, reaches
from bot.core.textnorm import Token

# Stems (as textnorm gives them) whose swap states the opposite of a property.
_ANTONYM_PAIRS = (
    ("increas", "reduc"), ("higher", "reduc"), ("higher", "low"), ("high", "low"), ("mor", "less"),
    ("mor", "fewer"), ("larger", "small"), ("larg", "small"), ("befor", "after"), ("input", "output"),
    ("train", "inferenc"), ("forward", "backward"), ("faster", "slower"),
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

CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas", "so", "because", "since", "then", "whilst"})
CONTRASTIVE = FOIL_WORDS  # words naming a foil: kept on every Reply as Reply.contrastive
COORDINATORS = frozenset({"and", "or"})  # join subjects a clause says one thing of
PRONOUNS = frozenset({"it", "its", "they", "them", "their", "this", "these"})
MENTION_AT = 0.8  # least match credit for a subject phrasing to count as a mention
SCOPE_BEFORE = 5  # tokens before a property within which a negation governs it
NEGATION_AFTER = 3  # tokens after a term within which "is not" / "does not" negates it
_new_tuple = tuple.__new__  # a NamedTuple built without its Python __new__


@dataclass(frozen=True)
class CompiledClaim:
    """A claim prepared once: subject phrasings, property phrasings and their antonym flips."""

    subject: tuple[Phrase, ...]
    prop: tuple[Phrase, ...]
    flipped: tuple[Phrase, ...]
    subject_keys: frozenset[tuple[str, ...]]
    implicit: bool  # the question itself names the subject, so a reply may leave it unsaid
    # property phrasings and flips by phrase key (Phrase.key), each with True for a direct phrasing
    by_stems: dict[int, tuple[tuple[Phrase, bool], ...]] = field(default_factory=dict)
    phrase_keys: frozenset[int] = frozenset()  # the keys of by_stems
    order: dict[int, int] = field(default_factory=dict)  # the keys of by_stems, numbered


def _flips(phrase: Phrase) -> tuple[Phrase, ...]:
    if phrase.cues:  # "not at inference" already carries its polarity
        return ()
    out = []
    for i, s in enumerate(phrase.stems):
        for other in ANTONYMS.get(s, ()):
            if other in phrase.stems:  # "input and output gates" names both: no polarity to flip
                continue
            stems = (*phrase.stems[:i], other, *phrase.stems[i + 1:])
            out.append(Phrase(f"{phrase.text} (opposite)", stems, phrase.cues))
    return tuple(out)


def compile_claim(subject: Iterable[str], prop: Iterable[str], prompt_stems: frozenset[str],
                  right: frozenset[tuple[str, ...]] = frozenset()) -> CompiledClaim:
    """Prepare a claim; `prompt_stems` (the question's stems) decide whether its subject is implicit.

    `right` holds the stems of every phrasing the rubric states as right: an antonym flip that is
    itself one of them ("input gate" from "output gate") is a name, not an opposite.
    """
    subjects = tuple(compile_phrase(s) for s in subject if s.strip())
    props = tuple(compile_phrase(p) for p in prop if p.strip())
    flipped = tuple(f for p in props for f in _flips(p) if f.stems not in right)
    keys = frozenset(s.stems for s in subjects if s.stems)
    implicit = any(s.stems and all(x in prompt_stems for x in s.stems) for s in subjects)
    by_stems: dict[int, list[tuple[Phrase, bool]]] = {}
    for phrase, direct in (*((p, True) for p in props), *((p, False) for p in flipped)):
        by_stems.setdefault(phrase.key, []).append((phrase, direct))
    return CompiledClaim(subjects, props, flipped, keys, implicit,
                         {k: tuple(v) for k, v in by_stems.items()}, frozenset(by_stems),
                         {k: i for i, k in enumerate(by_stems)})


class Mention(NamedTuple):
    """Where the reply names a subject, and which subject phrasings matched there."""

    start: int
    end: int
    clause: int
    sentence: int
    keys: frozenset[tuple[str, ...]]


_START, _END, _SENTENCE_OF = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(3)  # Mention


def find_mentions(subjects: Iterable[Phrase], reply: Reply) -> tuple[Mention, ...]:
    """Every place the reply names one of `subjects`, in text order: phrasings that overlap, or that
    "and"/"or" joins in one clause, are merged into one mention naming each."""
    spans: dict[tuple[int, int], set[tuple[str, ...]]] = {}
    active = reply.active
    for phrase in subjects:
        if phrase.key not in active:  # too few of its words in the reply to occur (or no words)
            continue
        for m in occurrences(phrase, reply):
            if m.credit >= MENTION_AT:
                spans.setdefault((m.positions[0], m.positions[-1]), set()).add(phrase.stems)
    merged: list[list] = []
    tokens = reply.tokens
    for (start, end), keys in sorted(spans.items()):
        if merged and (start <= merged[-1][1] or _coordinated(tokens, merged[-1][1], start)):
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] |= keys
        else:
            merged.append([start, end, set(keys)])
    foils = reply.contrastive  # only a reply holding "unlike", "than", ... names a subject as a foil
    return tuple(_new_tuple(Mention, (s, e, tokens[s].clause, tokens[s].sentence, frozenset(k)))
                 for s, e, k in merged if not (foils and _contrasted(tokens, s)))


def _coordinated(tokens: Sequence[Token], end: int, start: int) -> bool:
    """True when two subjects are joined by "and" or "or" in one clause ("sigmoid or softmax at the
    output"): what the clause says, it says of both, so they are one mention naming both."""
    return start == end + 2 and tokens[end + 1].word in COORDINATORS \
        and tokens[end].clause == tokens[start].clause and tokens[end].item == tokens[start].item


def _contrasted(tokens: Sequence[Token], start: int) -> bool:
    """True for a subject named as a foil ("unlike plain SGD"): it is not what the clause is about."""
    return any(tokens[i].word in CONTRASTIVE and tokens[i].clause == tokens[start].clause
               for i in range(max(0, start - 2), start))


def candidates(mentions: Sequence[Mention], positions: Sequence[int], tokens: Sequence[Token], *,
               strict: bool = False) -> list[Mention | None]:
    """The subjects a property at `positions` may be said of, nearest first.

    In its own clause (its own list item first): the nearest subject before it, and the nearest one
    after it when that one is nearer and no conjunction stands between ("the output layer uses
    softmax"); both are kept then, since only a parser could choose. Failing that, the subject of an
    earlier clause (the last one that led its clause, as a pronoun refers back to it), else None:
    the question's own subject. `strict` (for wrong claims) carries a subject over only within the
    property's sentence.

    `mentions` come in text order and do not overlap (as find_mentions gives them), so those before
    the property, those overlapping its own words and those after it follow one another.
    """
    if not mentions:
        return [None]  # no subject named anywhere: the question's own
    start, end = positions[0], positions[-1]
    clause = tokens[start].clause
    item = tokens[start].item  # a list item naming its own subject ("sigmoid for X, relu for Y")
    i = bisect_left(mentions, start, key=_END)  # the first ending at or after it (ends only grow)
    before = mentions[:i]
    same, own = _nearest_before(before, clause, item, tokens)
    later = _nearest_after(mentions, i, end, clause, item, tokens)
    if own is not None or later is not None:
        same = own
    if later is not None and any(tokens[j].word in CONJUNCTIONS for j in range(end + 1, later.start)):
        later = None  # "trees are black boxes and deep nets are ...": the later subject starts a conjunct
    found: list[Mention | None] = []
    if later is not None and (same is None or later.start - end < start - same.end):
        found.append(later)  # a subject after the property only counts when it is the nearer one
    if same is not None:
        found.append(same)
    if found:
        return found
    if strict:  # sentences only grow along the mentions: those of its sentence are the last ones
        before = before[bisect_left(before, tokens[start].sentence, key=_SENTENCE_OF):]
    if not before:
        return [None]
    return [_last_leading(before)]


def _nearest_before(before: Sequence[Mention], clause: int, item: int, tokens: Sequence[Token]
                    ) -> tuple[Mention | None, Mention | None]:
    """The last subject of `before` in the property's clause, and the last in its list item too."""
    nearest = None
    for m in reversed(before):
        if m.clause != clause:
            break  # clauses only grow along the text: every earlier subject is in an earlier clause
        if nearest is None:
            nearest = m
        if tokens[m.start].item == item:
            return nearest, m
    return nearest, None


def _nearest_after(mentions: Sequence[Mention], i: int, end: int, clause: int, item: int,
                   tokens: Sequence[Token]) -> Mention | None:
    """The first subject after the property (ending at `end`), in its clause and list item."""
    for m in mentions[i:]:
        if m.start <= end:
            continue  # it overlaps the property's own words
        if m.clause != clause:
            return None
        if tokens[m.start].item == item:
            return m
    return None


def _last_leading(mentions: Sequence[Mention]) -> Mention:
    """The last of `mentions` that is the first named in its clause (one always is): clauses only
    grow along them, so the first of those in the last one's clause."""
    i = len(mentions) - 1
    clause = mentions[i].clause
    while i and mentions[i - 1].clause == clause:
        i -= 1
    return mentions[i]


def _cue_count(tokens: Sequence[Token], lo: int, hi: int, clause: int, skip: set[int],
               own: frozenset[str], target: int) -> int:
    """Negation cues governing the word at `target` between `lo` and `hi` in its clause.

    A cue before a conjunction that is itself followed by a cue belongs to another predicate:
    "doesn't zero negatives and isn't for hidden layers" negates "hidden layers" once, not twice.
    """
    lo = max(lo, 0)
    cues = [i for i in range(lo, hi) if i not in skip and tokens[i].clause == clause and is_cue(tokens, i)]
    for j in range(hi - 1, lo - 1, -1):
        if tokens[j].word in CONJUNCTIONS and j not in skip and any(c > j for c in cues):
            lo = j + 1
            break
    count = 0
    for i in range(lo, hi):
        if i + 1 in skip and tokens[i].word == "not" and tokens[i + 1].word in HEDGED and i not in skip:
            count += 1  # "not always reliable" denies a property that says "always reliable"
            continue
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


def denied_after(reply: Reply, end: int) -> bool:
    """negated_after for a reply, read only when the term's clause holds a negation word."""
    return reply.clause_of[end] in reply.negative_clauses and negated_after(reply.tokens, end)


def polarity(tokens: Sequence[Token], mention: Mention | None, positions: Sequence[int],
             own: frozenset[str], reply: Reply | None = None) -> bool:
    """True when the property at `positions` is asserted, False when denied (negations counted).

    Given the `reply` the tokens come from, a property with no negation word in reach is asserted
    without reading its surroundings.
    """
    start, end = positions[0], positions[-1]
    clause = tokens[start].clause
    lo = start - SCOPE_BEFORE
    same = mention is not None and mention.clause == clause
    if same:
        lo = min(lo, mention.start - 2) if mention.end < start else lo
        if mention.start > end:  # subject after the property: "hidden layers don't use relu"
            end = mention.start
    if reply is not None and not reply.may_negate(lo, end):
        return True  # no negation word within reach: every count below is zero
    skip = set(positions)
    if same:
        skip |= set(range(mention.start, mention.end + 1))
    if (reply is None or reply.says_without) and _counterfactual(tokens, start, clause):
        return True  # "without it you couldn't train deep nets" says that it makes training possible
    return _cue_count(tokens, lo, end + 1, clause, skip, own, positions[0]) % 2 == 0


def _counterfactual(tokens: Sequence[Token], start: int, clause: int) -> bool:
    """True when the clause before `start` opens "without it/this/them": what follows is what it enables."""
    for i in range(start - 1, 0, -1):
        if tokens[i].clause != clause:
            return tokens[i + 1].word == "without" and i + 2 < len(tokens) and tokens[i + 2].word in PRONOUNS
    return len(tokens) > 1 and tokens[0].word == "without" and tokens[1].word in PRONOUNS


class Reading(NamedTuple):
    """One way to read a statement: the subject it is said of (None: the question's) and its polarity."""

    subject_keys: frozenset[tuple[str, ...]] | None
    asserted: bool  # True: the property is said of the subject; False: denied or reversed
    pronoun: bool = False  # no subject named, but a pronoun stands for one ("keep it on at test time")


class Statement(NamedTuple):
    """One place a reply states a claim's property (or its opposite), with every reading of it."""

    credit: float
    clause: int
    positions: tuple[int, ...]
    readings: tuple[Reading, ...]


def statements(claim: CompiledClaim, reply: Reply, mentions: Sequence[Mention], *, strict: bool = False,
               void: frozenset[int] = frozenset()) -> Iterator[Statement]:
    """Every place the reply states the claim's property (or its opposite), with its subjects bound.

    An occurrence whose words span another subject ("relu hidden layers, softmax output layer":
    "layers ... output" is not one phrase) is not one statement and is skipped. `strict` (for wrong
    claims) wants every word of a phrasing, in order, and a subject from the same sentence. The
    statements are found phrasing by phrasing as they are asked for.
    """
    active = claim.phrase_keys & reply.active
    if not active:
        return
    if len(active) > 1:
        active = sorted(active, key=claim.order.__getitem__)  # the claim's own order of phrasings
    for key in active:
        for phrase, direct in claim.by_stems[key]:
            yield from _phrase_statements(phrase, direct, reply, mentions, strict, void)


def _phrase_statements(phrase: Phrase, direct: bool, reply: Reply, mentions: Sequence[Mention], strict: bool,
                       void: frozenset[int]) -> list[Statement]:
    """The statements of one phrasing, found once per reply whichever claims share it (a reply's
    mentions are found once, so they are not part of the key)."""
    memo = reply.memo
    key = ("statements", phrase.key, phrase.cues, direct, strict, void)
    found = memo.get(key)
    if found is not None:
        return found
    tokens = reply.tokens
    found = memo[key] = []
    if strict and reply.present.get(phrase.key, 0) < phrase.distinct:
        return found  # a wrong claim needs every word of a phrasing
    for m in occurrences(phrase, reply, void=void):
        if strict and (not m.in_order or not m.complete):
            continue
        positions = m.positions
        lo, hi = positions[0], positions[-1]
        if hi - lo > 1 and mentions and _spans_mention(mentions, lo, hi):
            continue
        key = ("readings", positions, phrase.cues, direct, strict)
        readings = memo.get(key)
        if readings is None:  # the same words read once per reply, whichever phrasings share them
            cues = phrase.cues
            readings = memo[key] = tuple([
                _new_tuple(Reading, (mention.keys if mention else None,
                                     polarity(tokens, mention, positions, cues, reply) == direct,
                                     mention is None and _pronoun_before(tokens, lo)))
                for mention in candidates(mentions, positions, tokens, strict=strict)])
        found.append(_new_tuple(Statement, (m.credit, tokens[lo].clause, positions, readings)))
    return found


def _spans_mention(mentions: Sequence[Mention], lo: int, hi: int) -> bool:
    """Whether a mention lies strictly inside `lo`..`hi`. Mentions do not overlap and come in text
    order, so their ends grow with their starts: the first starting after `lo` is the one to test."""
    i = bisect_right(mentions, lo, key=_START)
    return i < len(mentions) and mentions[i].end < hi


def _pronoun_before(tokens: Sequence[Token], lo: int) -> bool:
    return any(tokens[i].word in PRONOUNS and tokens[i].clause == tokens[lo].clause
               for i in range(max(0, lo - SCOPE_BEFORE), lo))


def _of(reading: Reading, claim: CompiledClaim, named: bool) -> bool:
    if reading.subject_keys is None:  # a wrong claim needs its subject named or stood for by a pronoun
        return claim.implicit and (not named or reading.pronoun)
    return bool(reading.subject_keys & claim.subject_keys)


def named_subjects(mentions: Sequence[Mention]) -> frozenset[tuple[str, ...]]:
    """The subject phrasings (their stems) that the reply's `mentions` name."""
    return frozenset().union(*(m.keys for m in mentions))


def may_be_said(claim: CompiledClaim, named: frozenset[tuple[str, ...]]) -> bool:
    """Whether any statement could be read as about the claim's subject: the subject is the
    question's own (implicit), or the reply names one of its phrasings (`named`, from
    named_subjects). When not, holds, denies, stated, misplaced and refused are false for every
    statement of it (each reading's subject is None or a mention's), so it need not be read."""
    return claim.implicit or not claim.subject_keys.isdisjoint(named)


def may_be_stated(claim: CompiledClaim, named: frozenset[tuple[str, ...]], pronoun: bool) -> bool:
    """may_be_said for a wrong claim, which needs its subject named, or stood for by a pronoun when it
    is the question's own (`pronoun`: the reply has a pronoun at all). When not, stated, misplaced
    (as the wrong subject) and refused (as the right one) are false for every statement of it."""
    return (claim.implicit and pronoun) or not claim.subject_keys.isdisjoint(named)


def holds(statement: Statement, claim: CompiledClaim) -> bool:
    """Some reading says the property of the claim's subject (named, or implicit in the question)."""
    return any(r.asserted and _of(r, claim, False) for r in statement.readings)


def denies(statement: Statement, claim: CompiledClaim) -> bool:
    """Some reading denies the property of the claim's subject, and none asserts it."""
    denied = False
    for r in statement.readings:
        if _of(r, claim, False):
            if r.asserted:
                return False
            denied = True
    return denied


def stated(statement: Statement, claim: CompiledClaim) -> bool:
    """Every reading says the property of the claim's (named) subject: a wrong claim beyond doubt."""
    return all(r.asserted and _of(r, claim, True) for r in statement.readings)


def misplaced(statement: Statement, wrong: CompiledClaim, right: CompiledClaim) -> bool:
    """Every reading gives the property to the `wrong` subject (named), none to the `right` one."""
    return all(r.asserted and _of(r, wrong, True) and not _of(r, right, True) for r in statement.readings)


def refused(statement: Statement, right: CompiledClaim, wrong: CompiledClaim) -> bool:
    """Every reading denies the property of the `right` subject (named)."""
    return all(not r.asserted and _of(r, right, True) and not _of(r, wrong, True)
               for r in statement.readings)
