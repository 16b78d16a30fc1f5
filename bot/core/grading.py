"""The grader: a reply against a question's rubric gives a deterministic Grade (covered, missed, why)."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.core import matching, textnorm
from bot.core.claims import (
    PRONOUNS,
    CompiledClaim,
    Mention,
    compile_claim,
    denied_after,
    denies,
    find_mentions,
    holds,
    may_be_said,
    may_be_stated,
    misplaced,
    named_subjects,
    refused,
    stated,
    statements,
)
from bot.core.errors import AnswerRejected
from bot.core.gates import (
    DUMP_CAP,
    Gate,
    check_gates,
    foreign_language_note,
    is_keyword_dump,
    length_cap,
    meaningful,
)
from bot.core.i18n import _, format_number
from bot.core.matching import (
    NO_MATCH,
    Phrase,
    PhraseIndex,
    Reply,
    analyse,
    compile_phrase,
    index_phrases,
    match_phrase,
)
from bot.core.models import Contrast, Grade, KeyPoint, Misconception, Question, Thresholds
from bot.core.reference import derive_key_points, derived_score, part_credits, piecewise, reference_length_cap
from bot.core.textnorm import multi_letter, tokenise

GRADER_VERSION = "2.1.0"
_STEM, _CONTENT, _WORD = (operator.itemgetter(i) for i in (0, 2, 3))  # Token fields read in bulk
MAX_REPLY_CHARS = 4000
COVERED_AT = 0.5  # a key point with at least this much credit is reported as covered
MISCONCEPTION_AT = 0.5  # least match credit for a misconception to be held against a reply
RECALL_FOR_FULL = 0.3  # using this share of the model answer's distinct content words earns full marks
MARKS_CURVE = ((0.0, 0.0), (0.15, 0.42), (0.7, 0.84), (1.0, 1.0))  # (coverage, marks) corners
COVERAGE_SHARE = 0.85  # the rest of the score comes from overlap with the model answer
MISCONCEPTION_FACTOR = 0.8  # each misconception stated keeps this share of the score
CONTRADICTION_PENALTY = 0.5  # times the weight share of key points stated only in negated form
FULL_COVERAGE_NOTE = 0.95  # every point covered but a score below this: the feedback says why
WRONG_CAP = 0.65  # a reply stating something wrong cannot be graded correct
_COVERED_AT_MOST = COVERED_AT.__le__  # credit -> covered, without a Python call per key point


def check_reply(reply: str) -> str:
    """Refuse replies that cannot be graded (empty, blank, too long); return the reply otherwise."""
    if not isinstance(reply, str) or not reply.strip():
        raise AnswerRejected(_("Your answer is empty — type a sentence or two."))
    if len(reply) > MAX_REPLY_CHARS:
        raise AnswerRejected(
            _("Your answer is {length} characters long; the limit is {limit}. Shorten it to the main points "
              "and send it again.").format(length=format_number(len(reply)),
                                           limit=format_number(MAX_REPLY_CHARS)))
    return reply


@dataclass(frozen=True)
class Rubric:
    """A question prepared for grading once: phrases and claims compiled, vocabulary indexed."""

    key_points: tuple[tuple[KeyPoint, tuple[Phrase, ...]], ...]
    misconceptions: tuple[tuple[Misconception, tuple[Phrase, ...]], ...]
    vocabulary: frozenset[str]
    vocab_list: tuple[str, ...]
    vocab_key: int
    answer_stems: frozenset[str]
    prompt_stems: frozenset[str]
    prompt: str
    total_weight: float
    weights: tuple[float, ...]  # per key point, at least 0
    derived: bool = False  # key points derived from the model answer (reference-only mode)
    point_claims: tuple[tuple[CompiledClaim, ...], ...] = ()  # per key point
    wrong_claims: tuple[tuple[CompiledClaim, ...], ...] = ()  # per misconception
    contrasts: tuple[tuple[Contrast, CompiledClaim, CompiledClaim], ...] = ()  # (contrast, right, wrong)
    subjects: tuple[Phrase, ...] = ()  # every subject phrasing of the question
    subject_by_key: dict[int, Phrase] = field(default_factory=dict)  # the same, by Phrase.key
    answer: str = ""  # the model answer (reference-only mode grades against its text part by part)
    phrase_index: PhraseIndex = field(default_factory=lambda: PhraseIndex({}, {}))  # word -> phrases
    # per key point: where each of its phrases' words stand among its phrases, and its long phrases,
    # so a reply reads only the phrases it can match, in order
    point_places: tuple[dict[int, tuple[int, ...]], ...] = ()
    point_long: tuple[tuple[int, ...], ...] = ()
    wrong_keys: tuple[frozenset[int], ...] = ()  # per misconception: its phrases' keys
    # per key point: the keys of every phrase and claim phrasing that could earn or deny it (None
    # when it has long phrases, which are always read); a reply with none of them skips the point
    point_keys: tuple[frozenset[int] | None, ...] = ()
    wrong_any: tuple[frozenset[int], ...] = ()  # per misconception: its phrases' and claims' keys
    texts: tuple[str, ...] = ()  # the key points' texts, in order
    informative: frozenset[str] = frozenset()  # the model answer's stems beyond the question's (else all)


_rubrics: dict[tuple, Rubric] = {}
_by_identity: dict[int, tuple[Question, Rubric]] = {}
_rubric_ids = itertools.count(1)


def _earning_phrases(point: KeyPoint, legacy: bool) -> tuple[Phrase, ...]:
    """A point's phrases that can earn it: a lone term only on naming points (or in a legacy rubric)."""
    compiled = tuple(compile_phrase(p) for p in point.phrases if p.strip())
    if not compiled and not point.claims:
        compiled = (compile_phrase(point.text),)
    if legacy or point.naming:
        return compiled
    return tuple(p for p in compiled if len(p.stems) > 1)


def rubric_for(question: Question) -> Rubric:
    """The compiled rubric of `question`, cached by its id and content (a changed rubric recompiles).

    The same Question object is found by identity first: hashing a whole rubric on every reply costs
    more than grading a short one.
    """
    seen = _by_identity.get(id(question))
    if seen is not None and seen[0] is question:
        return seen[1]
    key = (question.id, question.prompt, question.answer, question.key_points, question.misconceptions,
           question.contrasts)
    cached = _rubrics.get(key)
    if cached is not None:
        _remember(question, cached)
        return cached
    points = question.key_points or derive_key_points(question.answer, question.prompt)
    legacy = not any(kp.claims or kp.naming for kp in points)
    prompt_stems = frozenset(t.stem for t in tokenise(question.prompt) if t.content)
    compiled_points = tuple((kp, _earning_phrases(kp, legacy)) for kp in points)
    compiled_wrong = tuple((m, tuple(compile_phrase(p) for p in m.phrases if p.strip()))
                           for m in question.misconceptions)
    right = frozenset(compile_phrase(p).stems for kp in points for p in
                      (*kp.phrases, *(x for c in kp.claims for x in c.property)))
    right |= frozenset(compile_phrase(p).stems for c in question.contrasts for p in c.property)
    point_claims = tuple(tuple(compile_claim(c.subject, c.property, prompt_stems, right) for c in kp.claims)
                         for kp in points)
    wrong_claims = tuple(tuple(compile_claim(c.subject, c.property, prompt_stems) for c in m.claims)
                         for m in question.misconceptions)
    contrasts = tuple((c, compile_claim(c.belongs_to, c.property, prompt_stems, right),
                       compile_claim(c.not_to, c.property, prompt_stems, right)) for c in question.contrasts)
    every_claim = [*(c for cs in point_claims for c in cs), *(c for cs in wrong_claims for c in cs),
                   *(c for _, a, b in contrasts for c in (a, b))]
    subjects = tuple({p.stems: p for c in every_claim for p in c.subject}.values())
    answer_stems = frozenset(t.stem for t in tokenise(question.answer) if t.content and len(t.stem) > 1)
    claim_phrases = [p for c in every_claim for p in (*c.subject, *c.prop, *c.flipped)]
    vocabulary = frozenset(s for _, phrases in (*compiled_points, *compiled_wrong) for p in phrases
                           for s in p.stems) | frozenset(s for p in claim_phrases for s in p.stems) \
        | answer_stems | prompt_stems
    if len(_rubrics) > 5000:
        _rubrics.clear()
    rubric = Rubric(compiled_points, compiled_wrong, vocabulary, tuple(sorted(vocabulary)), next(_rubric_ids),
                    answer_stems, prompt_stems, question.prompt,
                    sum(max(kp.weight, 0.0) for kp in points) or 1.0,
                    tuple(max(kp.weight, 0.0) for kp in points), derived=not question.key_points,
                    point_claims=point_claims, wrong_claims=wrong_claims, contrasts=contrasts,
                    subjects=subjects, subject_by_key={p.key: p for p in subjects}, answer=question.answer,
                    phrase_index=index_phrases([*(p for _, ps in (*compiled_points, *compiled_wrong)
                                                  for p in ps), *claim_phrases]),
                    point_places=tuple(_places(ps) for _, ps in compiled_points),
                    point_long=tuple(tuple(i for i, p in enumerate(ps) if p.long)
                                     for _, ps in compiled_points),
                    wrong_keys=tuple(frozenset(p.key for p in ps) for _, ps in compiled_wrong),
                    point_keys=tuple(_point_keys(ps, cs) for (_, ps), cs in zip(compiled_points, point_claims,
                                                                               strict=True)),
                    wrong_any=tuple(frozenset(p.key for p in ps).union(*(c.phrase_keys for c in cs))
                                    for (_, ps), cs in zip(compiled_wrong, wrong_claims, strict=True)),
                    texts=tuple(kp.text for kp in points),
                    informative=answer_stems - prompt_stems or answer_stems)
    _rubrics[key] = rubric
    _remember(question, rubric)
    matching.learn_vocabulary(rubric.vocab_list, rubric.vocab_key)
    textnorm.learn_stems(t.word for text in _texts(question, points) for t in tokenise(text))
    return rubric


def _texts(question: Question, points: tuple[KeyPoint, ...]) -> Iterator[str]:
    """Every text of a rubric, whose words' stems a running grader knows from load."""
    yield question.prompt
    yield question.answer
    for kp in points:
        yield kp.text
        yield from kp.phrases
        for claim in kp.claims:
            yield from (*claim.subject, *claim.property)
    for m in question.misconceptions:
        yield m.text
        yield from m.phrases
        for claim in m.claims:
            yield from (*claim.subject, *claim.property)
    for c in question.contrasts:
        yield from (c.text, *c.property, *c.belongs_to, *c.not_to)


def _places(phrases: tuple[Phrase, ...]) -> dict[int, tuple[int, ...]]:
    """Phrase key -> where phrases with those words stand among `phrases` (long ones left out)."""
    places: dict[int, list[int]] = {}
    for i, phrase in enumerate(phrases):
        if not phrase.long:
            places.setdefault(phrase.key, []).append(i)
    return {k: tuple(v) for k, v in places.items()}


def _point_keys(phrases: tuple[Phrase, ...], claims: tuple[CompiledClaim, ...]) -> frozenset[int] | None:
    """The keys of every phrasing that could earn or deny a key point (None: it has long phrases)."""
    if any(p.long for p in phrases):
        return None
    return frozenset(p.key for p in phrases).union(*(c.phrase_keys for c in claims))


def _remember(question: Question, rubric: Rubric) -> None:
    if len(_by_identity) > 5000:
        _by_identity.clear()
    _by_identity[id(question)] = (question, rubric)  # the question is kept, so its id stays its own


def clear_caches() -> None:
    """Forget compiled rubrics and remembered word matches (grades do not change; only speed does)."""
    _rubrics.clear()
    _by_identity.clear()
    textnorm.forget_learned_stems()
    matching.forget_vocabularies()
    clear_word_caches()


def clear_word_caches() -> None:
    """Forget the stems and fuzzy matches remembered from replies' words (compiled rubrics, and the
    stems of their own words and of function words, are kept)."""
    matching._fuzzy_cache.clear()
    textnorm._stem_cache.clear()


class WrongClaim(NamedTuple):
    """Something the reply states that is not right, where it says it, and whether it is core."""

    text: str
    clause: int
    core: bool = True


class Coverage(NamedTuple):
    """What the matcher found in one reply (a tuple: built once per reply without a field-by-field
    frozen __init__)."""

    credits: tuple[float, ...]
    contradicted: tuple[bool, ...]
    misconceptions: tuple[str, ...]
    recall: float
    overlap: float = 0.0  # Dice overlap of the reply's and the model answer's informative words
    wrong: tuple[WrongClaim, ...] = ()  # every wrong claim stated (misconceptions, contrasts, denials)
    by_claim: tuple[bool, ...] = ()  # per key point: earned by a claim (an assertion), not a bare phrase
    list_shaped: bool = False  # terms with few words between them: a keyword dump unless it makes claims


def _wrong_claims(rubric: Rubric, reply: Reply, mentions: tuple[Mention, ...],
                  named: frozenset[tuple[str, ...]]) -> list[WrongClaim]:
    wrong: list[WrongClaim] = []
    pronoun = not PRONOUNS.isdisjoint(map(_WORD, reply.tokens))  # "it" may stand for the question's subject
    active = reply.active
    misconceptions = zip(rubric.misconceptions, rubric.wrong_claims, rubric.wrong_keys, rubric.wrong_any,
                         strict=True)
    for (misconception, phrases), claims, keys, every in misconceptions:
        if every.isdisjoint(active):
            continue  # none of its phrasings can occur
        for phrase in phrases if not keys.isdisjoint(active) else ():
            if phrase.key not in active:
                continue  # too few of its words in the reply to occur at all
            found = match_phrase(phrase, reply, strict=True)[0]
            if found.credit >= MISCONCEPTION_AT and found.in_order \
                    and not denied_after(reply, found.positions[-1]):
                wrong.append(WrongClaim(misconception.text, reply.tokens[found.positions[0]].clause,
                                        misconception.core))
        for claim in claims:  # a wrong claim must name its subject (or carry it over): no implicit one
            if claim.phrase_keys.isdisjoint(active) or not may_be_stated(claim, named, pronoun):
                continue  # none of its phrasings can occur, or be said of its subject
            for st in statements(claim, reply, mentions, strict=True):
                if st.credit >= MISCONCEPTION_AT and stated(st, claim):
                    wrong.append(WrongClaim(misconception.text, st.clause, misconception.core))
    for contrast, right, other in rubric.contrasts:
        if right.phrase_keys.isdisjoint(active) and other.phrase_keys.isdisjoint(active):
            continue  # none of its phrasings can occur
        # a statement can give the property to `other` only if it is named (or implicit and a pronoun
        # stands for it), and refuse it to `right` likewise
        misplacing = statements(other, reply, mentions, strict=True) if may_be_stated(other, named, pronoun) \
            else ()
        for st in misplacing:
            if st.credit >= MISCONCEPTION_AT and misplaced(st, other, right):
                wrong.append(WrongClaim(contrast.text, st.clause))
        refusing = statements(right, reply, mentions, strict=True) if may_be_stated(right, named, pronoun) \
            else ()
        for st in refusing:
            if st.credit >= 0.75 and refused(st, right, other):
                wrong.append(WrongClaim(contrast.text, st.clause))
    return wrong


def measure(rubric: Rubric, reply: Reply) -> Coverage:
    """Credit per key point, key points denied, wrong claims stated, model-answer recall and overlap."""
    # only the subject phrasings with enough words in the reply can be named in it (order is no matter)
    named = rubric.subject_by_key.keys() & reply.active
    mentions = find_mentions(map(rubric.subject_by_key.__getitem__, named), reply) if named else ()
    named_keys = named_subjects(mentions)
    wrong = _wrong_claims(rubric, reply, mentions, named_keys)
    void = frozenset(w.clause for w in wrong)  # a clause stating something wrong earns no credit either
    credits, contradicted, by_claim = [], [], []
    dumpish = is_keyword_dump(reply.tokens, rubric.prompt)  # only then does it matter how a point was earned
    active = reply.active
    points = zip(rubric.key_points, rubric.point_claims, rubric.point_places, rubric.point_long,
                 rubric.point_keys, strict=True)
    for (point, phrases), claims, places, long_ones, keys in points:
        if keys is not None and keys.isdisjoint(active):  # nothing in the reply can earn or deny it
            credits.append(0.0)
            contradicted.append(False)
            by_claim.append(False)
            continue
        best, worst, asserted, where = 0.0, 0.0, False, -1
        # the phrases with enough words in the reply to occur at all (or long ones), in rubric order
        present = places.keys() & active
        for i in sorted([*long_ones, *itertools.chain.from_iterable(map(places.__getitem__, present))]):
            phrase = phrases[i]
            if best >= 1.0:
                break
            found, negated_match = match_phrase(phrase, reply, void=void)
            if found.positions and denied_after(reply, found.positions[-1]):
                negated_match, found = found, NO_MATCH
            best = max(best, found.credit)
            if negated_match is not None and (negated_match.plainly_negated or not found.credit) \
                    and negated_match.credit > worst:
                worst, where = negated_match.credit, reply.tokens[negated_match.positions[0]].clause
        for claim in claims:
            if best >= 1.0 and (asserted or not dumpish):
                break  # full credit already: no claim can add to it, and a denial no longer counts
            if claim.phrase_keys.isdisjoint(active) or not may_be_said(claim, named_keys):
                continue  # none of its phrasings can occur, or be about its subject
            for st in statements(claim, reply, mentions):
                if best >= 1.0 and asserted:
                    break  # full credit asserted: no later statement can change the point
                if holds(st, claim):
                    if st.clause not in void:
                        best = max(best, st.credit)
                        asserted = asserted or st.credit >= COVERED_AT
                elif st.credit > worst and denies(st, claim):
                    worst, where = st.credit, st.clause
        denied = best < COVERED_AT and worst >= 0.75
        credits.append(best)
        contradicted.append(denied)
        by_claim.append(asserted)
        if denied and (claims or point.weight >= 2):
            wrong.append(WrongClaim(f"the opposite of a key point: {point.text}", where))
    informative = rubric.informative
    used = len(informative & reply.hits.keys())
    recall = used / len(informative) if informative else 0.0
    said = multi_letter(set(itertools.compress(map(_STEM, reply.tokens), map(_CONTENT, reply.tokens)))) \
        - rubric.prompt_stems
    # a word the reply said counts when it, or a rubric word it fuzzily matched, is in the model answer
    shared = len(said & informative) + sum(1 for s in (said - informative) & reply.matched.keys()
                                           if not informative.isdisjoint(reply.matched[s]))
    overlap = 2 * shared / (len(said) + len(informative)) if said and informative else 0.0
    names = tuple(dict.fromkeys(w.text for w in wrong))
    return Coverage(tuple(credits), tuple(contradicted), names, recall, overlap, tuple(wrong),
                    tuple(by_claim), dumpish)


def coverage_marks(covered: float) -> float:
    """Marks for the weighted share of key points covered: anything right earns something, as with a
    fair interviewer; three quarters of the rubric is a good answer, all of it full marks."""
    return piecewise(covered, MARKS_CURVE)


def _score(rubric: Rubric, cov: Coverage, text: str) -> float:
    weights = rubric.weights
    covered = sum(map(operator.mul, weights, cov.credits)) / rubric.total_weight  # in order, as a loop adds
    against = sum(itertools.compress(weights, cov.contradicted)) / rubric.total_weight
    if rubric.derived:
        score = derived_score(rubric.answer_stems, rubric.prompt_stems, covered, cov.recall, cov.overlap,
                              coverage_marks, reply=text, answer=rubric.answer, prompt=rubric.prompt)
    else:
        score = COVERAGE_SHARE * coverage_marks(covered) \
            + (1 - COVERAGE_SHARE) * min(1.0, cov.recall / RECALL_FOR_FULL)
    score = (score - CONTRADICTION_PENALTY * against) * MISCONCEPTION_FACTOR ** len(cov.misconceptions)
    return max(0.0, min(1.0, score))


def _caps(rubric: Rubric, cov: Coverage, thresholds: Thresholds) -> tuple[float, str | None]:
    """The most a reply may score given the wrong claims it states and the evidence it gives."""
    below_partial = round(thresholds.partial * 0.85, 3)
    points = sum(map(_COVERED_AT_MOST, cov.credits))
    core = [w for w in cov.wrong if w.core]
    if core:
        names = "; ".join(dict.fromkeys(w.text for w in cov.wrong))
        # one wrong statement is one, however many rules it breaks or clauses it takes
        stated = min(len({w.text for w in cov.wrong}), len({w.clause for w in cov.wrong}))
        if stated > points or stated == points >= 2:  # one slip beside one right point is still partial
            return below_partial, f"This mainly states something that is not right: {names}."
        return min(WRONG_CAP, thresholds.correct - 0.05), f"This states something that is not right: {names}."
    if any(cov.contradicted):
        return min(WRONG_CAP, thresholds.correct - 0.05), "This says the opposite of a key point."
    if not rubric.derived and points == 0:
        return below_partial, ("This does not make any of the key points yet; "
                               "compare it with the model answer.")
    return 1.0, None


def grade(question: Question, reply: str) -> Grade:
    """Grade `reply` against `question`'s rubric (derived from the model answer when it has none).

    Pure and deterministic; never raises for any string. Replies longer than MAX_REPLY_CHARS are
    graded on their first MAX_REPLY_CHARS characters (the service refuses them before grading).
    """
    rubric = rubric_for(question)
    text = reply[:MAX_REPLY_CHARS] if isinstance(reply, str) else ""
    tokens = tokenise(text)
    texts = rubric.texts
    words = meaningful(tokens)  # read by the gates and the length cap
    gate: Gate | None = check_gates(tokens, rubric.prompt_stems, rubric.prompt, words)
    if gate is not None:  # a non-answer: nothing to match
        return Grade(score=0.0, verdict=question.thresholds.verdict(0.0), covered=(),
                     missed=texts, misconceptions=(), grader_version=GRADER_VERSION, note=gate.note)
    analysed = analyse(tokens, rubric.vocabulary, rubric.vocab_list, rubric.vocab_key, rubric.phrase_index)
    cov = measure(rubric, analysed)
    if rubric.derived:  # each part of the reference credited on its own, in derive_key_points order
        parts = part_credits(rubric.answer, rubric.prompt, text)
        cov = cov._replace(credits=parts, contradicted=tuple(c < 0 for c in parts))
    credits = list(cov.credits)
    notes: list[str] = []
    score = _score(rubric, cov, text)
    dump = cov.list_shaped and not any(cov.by_claim) and not rubric.derived
    if dump:
        credits = [0.0] * len(credits)  # terms named without a claim about them earn no point
        score = min(score, DUMP_CAP)
        notes.append("A list of terms is not an explanation: say what each does and why.")
    cap, why = _caps(rubric, cov, question.thresholds)
    if score > cap:
        score = cap
    if why and not dump:
        notes.append(why)
    short_cap, short_note = length_cap(tokens, words)
    if rubric.derived:  # full marks need a length in proportion to the reference's
        short_cap = reference_length_cap(rubric.answer_stems, rubric.prompt_stems, words)
    if score > short_cap:
        score = short_cap
        notes.append(short_note or "")
    covered = tuple(itertools.compress(texts, map(_COVERED_AT_MOST, credits)))
    missed = tuple(itertools.compress(texts, map(COVERED_AT.__gt__, credits)))
    if texts and not missed and score < FULL_COVERAGE_NOTE and not notes:
        partly = [t for t, c in zip(texts, credits, strict=True) if c < 0.9]
        notes.append("Every key point is covered, but " + (
            "some only in part: " + "; ".join(partly) + "." if partly
            else "it leaves out much of what the model answer explains."))
    language = foreign_language_note(tokens, question.language)
    if language:
        notes.append(language)
    score = round(max(0.0, score), 3)
    return Grade(score=score, verdict=question.thresholds.verdict(score), covered=covered, missed=missed,
                 misconceptions=cov.misconceptions, grader_version=GRADER_VERSION,
                 note=" ".join(n for n in notes if n) or None)
