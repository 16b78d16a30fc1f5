"""Reference-only rubrics: a model answer split into its parts, and a reply graded part by part.

A model answer with several parts (sentences, "(a) ... (b) ...", "First ... Second ...", items after
a semicolon) gives one derived key point per part, so a reply that answers one part of three earns
about a third. Each part is credited by how much of its informative content the reply recalls,
counting synonyms, close spellings, acronyms ("LIFO" for "last-in first-out") and negation
agreement; a part that lists alternatives is covered by naming as many as the question asks for.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.matching import min_similarity
from bot.core.models import KeyPoint
from bot.core.negation import negated
from bot.core.textnorm import STOPWORDS, content_stems, stem, tokenise, wordset

MAX_DERIVED = 8  # the pack schema's limit of key points per question
QUESTION_WORD_WEIGHT = 0.3  # a word the question already contains says little about the answer
MIN_INFORMATION = 1.5  # parts carrying less than this are merged into a neighbour

# Part credit from the weighted share of a part's words a reply recalls: nothing up to RECALL_FLOOR
# (a word or two in common is not an answer), full credit from RECALL_FULL (a paraphrase rarely
# uses every word of the model answer).
RECALL_FLOOR = 0.15
RECALL_FULL = 0.6
SYNONYM_SIMILARITY = 0.9
RESTATED_CREDIT = 0.9  # a reply naming a part's parenthetical term ("FIFO") covers most of the part
FUZZY_DISCOUNT = 0.95
# Score from the weighted share of parts covered, (coverage, score) corners: one part of three is
# partial, two of three a good partial, nearly everything full marks.
# A reference's words are compared one by one, so "without a recursive call" negates the whole phrase.
REFERENCE_NOUN_REACH = 8
COVERAGE_CURVE = ((0.0, 0.0), (0.1, 0.12), (1 / 3, 0.45), (2 / 3, 0.72), (0.9, 1.0), (1.0, 1.0))
# Length cap for reference-only replies: full marks need about half the reference's informative
# words (at least one, at most FULL_LENGTH_MAX), as a rubric's length cap needs seven.
LENGTH_CAP_FLOOR = 0.35
FULL_LENGTH_SHARE = 0.5
FULL_LENGTH_MAX = 6.5

# Without the reply text (the caller passes only match figures): the previous blend of key-point
# coverage, answer recall and word overlap, with the coverage, recall and overlap that earn full marks.
DERIVED_BLEND = (0.45, 0.35, 0.2)
DERIVED_FULL_SHORT = (0.6, 0.6, 0.5)
DERIVED_FULL_LONG = (0.35, 0.3, 0.35)
LONG_ANSWER_WORDS = 15

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s+|\n")
_ENUMERATOR = re.compile(r"(?:^|\s)\(?(?:[a-hA-H]|[1-9]|i{1,3}|iv|v)\)\s+|(?:^|\s)[1-9]\.\s+(?=[A-Za-z])")
_ORDINAL = re.compile(r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|then|next|finally|lastly)\s*,",
                      re.I)
_CLAUSE = re.compile(
    r";\s+|\s+[-–—]\s+|,\s+(?=(?:and|but|so|while|whereas|which|because|although|so that)\s)")
_LONG_SENTENCE_WORDS = 16
_LEADING_LINK = re.compile(r"^(?:and|but|so that|so|while|whereas|which|because|although)\s+", re.I)
_LIST_SPLIT = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_NUMBER_ASKED = re.compile(r"\b(?:name|give|list|state|describe|mention|suggest)?\s*(1|2|3|4|5)\b")
_RAW_WORD = re.compile(r"[^\W\d_]+")
_PARENTHETICAL = re.compile(r"\(([^()]{1,40})\)")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")

# Everyday and course-vocabulary equivalences, beyond textnorm.SYNONYMS (words as written; stemmed
# below). A reply word in a reference word's group counts as that word, a little discounted.
_SYNONYM_GROUPS = (
    "grow increase expand enlarge extend rise change", "shrink reduce contract decline drop change",
    "remove delete pop extract dequeue", "add insert push append enqueue",
    "fast quick rapid speedy", "slow sluggish crawl", "compute calculate determine obtain derive",
    "error loss cost", "store hold keep save contain", "change modify alter vary adjust",
    "convert map transform turn translate", "location position index slot address place spot",
    "method technique approach strategy", "start begin", "end finish stop terminate halt",
    "whole entire complete full", "part portion piece section", "define specify describe characterise",
    "element item entry", "mistake error wrong", "correct right accurate", "show display print",
    "size length capacity", "dynamic runtime", "directly immediately", "newest latest recent",
    "oldest earliest", "filter kernel", "dense connected",
    "combine merge join", "choose select pick", "predict output", "input feed",
    "update adjust", "derivative gradient", "memorise memorize overfit", "unseen new test",
)
_GROUPS: dict[str, frozenset[str]] = {}
for _group in _SYNONYM_GROUPS:
    _stems = frozenset(stem(w) for w in _group.split())
    for _s in _stems:
        _GROUPS[_s] = _GROUPS.get(_s, frozenset()) | _stems
# Words that say the opposite of each other: a reply using one where the reference uses the other
# contradicts that part.
_ANTONYM_PAIRS = (
    "small large", "reduce increase", "fast slow", "high low", "oldest newest", "longest shortest",
    "true false", "same different", "linear nonlinear", "shallow deep", "vanish explode",
    "underfit overfit", "minimum maximum", "minimise maximise", "positive negative", "sorted unsorted",
)
_ANTONYMS: dict[str, frozenset[str]] = {}
for _pair in _ANTONYM_PAIRS:
    _a, _b = (stem(w) for w in _pair.split())
    _ANTONYMS[_a] = _ANTONYMS.get(_a, frozenset()) | {_b}
    _ANTONYMS[_b] = _ANTONYMS.get(_b, frozenset()) | {_a}
CONTRADICTION_PENALTY = 1.0  # times the weight share of parts the reply contradicts (antonyms)
REPLY_NEGATION_SCOPE = 3  # tokens before a reply word within which a negation governs it
_NEGATING_PREFIXES = ("un", "non", "in", "im", "dis", "ir", "il", "de", "anti", "mis")
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_LIST_HEAD_WORDS = wordset("include includes including are is such as like e.g. for example namely")


@dataclass(frozen=True)
class Part:
    """One part of a model answer, prepared for recall: its weighted words, polarity and lists."""

    text: str
    weight: float
    words: tuple[tuple[str, float, bool], ...]  # (stem, weight, stated negated in the reference)
    items: tuple[frozenset[str], ...] = ()  # alternatives listed in the part ("sigmoid, tanh and ReLU")
    restated: frozenset[str] = frozenset()  # a short parenthetical naming the part ("(FIFO)")


@dataclass(frozen=True)
class Reference:
    """A model answer prepared once: its parts, acronyms in both directions and the number asked for."""

    parts: tuple[Part, ...]
    acronyms: dict[str, frozenset[str]]  # a reply word ("lifo") -> reference stems it stands for
    spelled: frozenset[str]  # acronyms the reference uses itself ("fifo"), matched by the reply's initials
    asked: int  # alternatives the question asks for (0: not said)
    stems: frozenset[str] = frozenset()  # every content stem of the model answer


def _enumerated(sentence: str, ordinals: bool) -> list[str]:
    """A sentence split at inline enumerators ("(a)", "2)") and, when the answer counts its steps,
    at ordinal openers ("First,", "Second,")."""
    pieces = [p for p in _ENUMERATOR.split(sentence) if p and p.strip()]
    if ordinals:
        out = []
        for piece in pieces:
            starts = [m.start() for m in _ORDINAL.finditer(piece)]
            bounds = [0, *(s for s in starts if s > 0), len(piece)]
            out.extend(piece[a:b] for a, b in itertools.pairwise(bounds) if piece[a:b].strip())
        pieces = out
    return pieces


def _pieces(answer: str) -> list[str]:
    ordinals = len(_ORDINAL.findall(answer)) >= 2
    pieces: list[str] = []
    for sentence in _SENTENCE.split(answer.strip()):
        for piece in _enumerated(sentence, ordinals):
            piece = " ".join(piece.split()).strip(" -*•")
            if not piece:
                continue
            if ";" in piece or len(piece.split()) > _LONG_SENTENCE_WORDS:
                parts = (p.strip(" ,;") for p in _CLAUSE.split(piece))
                pieces.extend(_LEADING_LINK.sub("", p) for p in parts if p)
            else:
                pieces.append(piece)
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


_EXAMPLES = re.compile(r"^(?:e\.g\.|for example|for instance|such as|examples?\b"
                       r"|(?:common|typical) (?:choices|examples|ones))", re.I)
LEAD_WEIGHT = 1.5  # a model answer that does not number its parts states its main point first
EXAMPLES_WEIGHT = 0.5  # a part that only lists examples counts for less


def _part_weight(amount: float) -> float:
    """Parts count about equally, as an examiner's marks do; a dense part a little more."""
    return min(2.0, max(0.6, amount / 4.0))


@lru_cache(maxsize=2048)
def _split(answer: str, prompt: str) -> tuple[tuple[str, float], ...]:
    """(part text, weight) for each part of `answer`."""
    question_stems = frozenset(content_stems(prompt)) if prompt.strip() else frozenset()
    pieces = [p for p in _pieces(answer) if any(t.content for t in tokenise(p))]
    if not pieces:
        return ()
    info = [information(p, question_stems) for p in pieces]
    pieces, info = _merge_small(pieces, info)
    numbered = bool(_ENUMERATOR.search(answer)) or len(_ORDINAL.findall(answer)) >= 2
    out = []
    for i, (piece, amount) in enumerate(zip(pieces, info, strict=True)):
        weight = _part_weight(amount)
        if i == 0 and len(pieces) > 1 and not numbered:
            weight *= LEAD_WEIGHT
        if _EXAMPLES.match(piece):
            weight *= EXAMPLES_WEIGHT
        out.append((piece[:1].upper() + piece[1:], round(weight, 1)))
    return tuple(out)


def derive_key_points(answer: str, prompt: str = "") -> tuple[KeyPoint, ...]:
    """Key points for a question that has a model answer but no rubric: one per part of the answer.

    Each point is a part (sentence, enumerated item, clause) used as its own phrase, plus the same
    part with its acronyms written out or folded ("last-in first-out" and "LIFO"). The weight
    reflects how much the part says beyond the question's own words (0.6 to 2).
    """
    points = []
    for text, weight in _split(answer, prompt):
        phrases = tuple(dict.fromkeys((text, *_acronym_variants(text))))
        points.append(KeyPoint(text=text, phrases=phrases, weight=weight))
    return tuple(points)


def _raw_words(text: str) -> list[str]:
    return [w.casefold() for w in _RAW_WORD.findall(text)]


def _acronym_windows(text: str) -> list[tuple[str, str]]:
    """(acronym, words) for runs of 2-5 words whose initials make a plausible acronym."""
    words = _raw_words(text)
    out = []
    for i in range(len(words)):
        for j in range(i + 2, min(len(words), i + 5) + 1):
            run = words[i:j]
            if run[0] in STOPWORDS or sum(1 for w in run if w not in STOPWORDS) < 2:
                continue
            out.append(("".join(w[0] for w in run), " ".join(run)))
    return out


def _acronym_variants(text: str) -> list[str]:
    """The part with an acronym it uses written out is not derivable; with words it could fold, folded."""
    variants = []
    for acronym, words in _acronym_windows(text):
        if len(acronym) >= 3 and acronym in _KNOWN_ACRONYMS:
            pattern = re.compile(r"[-\s]+".join(re.escape(w) for w in words.split()), re.I)
            folded = pattern.sub(acronym.upper(), text)
            if folded != text:
                variants.append(folded)
    return variants


# Acronyms common enough in the two course areas to fold a model answer's words into as a phrase.
_KNOWN_ACRONYMS = wordset("lifo fifo sgd rnn cnn mlp mse lstm gru gan bst adt dfs bfs ram cpu")


@lru_cache(maxsize=2048)
def prepare(answer: str, prompt: str = "") -> Reference:
    """The model answer as parts with weighted words, acronyms and the number of items asked for."""
    question_stems = frozenset(content_stems(prompt)) if prompt.strip() else frozenset()
    parts = []
    for text, part_weight in _split(answer, prompt):
        tokens = tokenise(text)
        words: dict[str, tuple[str, float, bool]] = {}
        for i, t in enumerate(tokens):
            if t.content and len(t.stem) > 1 and t.stem not in words:
                weight = QUESTION_WORD_WEIGHT if t.stem in question_stems else 1.0
                words[t.stem] = (t.stem, weight, negated(tokens, (i,), noun_reach=REFERENCE_NOUN_REACH))
        restated = frozenset(s for group in _PARENTHETICAL.findall(text) if len(group.split()) <= 3
                             for s in content_stems(group) if len(s) > 1)
        parts.append(Part(text, part_weight, tuple(words.values()), _list_items(text), restated))
    acronyms: dict[str, frozenset[str]] = {}
    for acronym, words in _acronym_windows(answer):
        if len(acronym) >= 3 and acronym not in STOPWORDS:
            stems = frozenset(t.stem for t in tokenise(words) if t.content and len(t.stem) > 1)
            acronyms[acronym] = acronyms.get(acronym, frozenset()) | stems
    for hyphened in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)+", answer):  # "last-in" is one stem, "lastin"
        joined = stem(hyphened.casefold().replace("-", ""))
        for acronym, stems in list(acronyms.items()):
            if any(s.startswith(joined[:3]) for s in stems):
                acronyms[acronym] = stems | {joined}
    spelled = frozenset(a.rstrip("s").casefold() for a in _ACRONYM.findall(answer))
    asked = _asked(prompt)
    stems = frozenset(t.stem for t in tokenise(answer) if t.content)
    return Reference(tuple(parts), acronyms, spelled, asked, stems)


def _asked(prompt: str) -> int:
    text = " ".join(_NUMBER_WORDS.get(w, w) for w in prompt.casefold().split())
    found = [int(m.group(1)) for m in _NUMBER_ASKED.finditer(text)]
    return min(found) if found else 0


def _list_items(text: str) -> tuple[frozenset[str], ...]:
    """Alternatives a part lists ("ReLU, careful initialisation and batch normalisation"), if any.

    A list is three or more comma-separated items with "and"/"or" before the last; the first item is
    taken as the last few content words of the text before the first comma (the rest is its head).
    """
    if text.count(",") < 1 or not re.search(r"\b(?:and|or)\b", text):
        return ()
    body = text.rstrip(".")
    chunks = [c for c in _LIST_SPLIT.split(body) if c.strip()]
    if len(chunks) < 3:
        return ()
    stems = [[t.stem for t in tokenise(c) if t.content and len(t.stem) > 1] for c in chunks]
    rest = stems[1:]
    if any(not s or len(s) > 5 for s in rest):
        return ()
    size = max(1, round(sum(len(s) for s in rest) / len(rest)))
    head = [s for s in stems[0] if s not in _LIST_HEAD_WORDS]
    first = head[-size:]
    return tuple(frozenset(s) for s in (first, *rest) if s)


@dataclass(frozen=True)
class _ReplyWords:
    """A reply's content stems with polarity (True: only ever stated negated) and acronyms."""

    stems: dict[str, bool]
    clauses: dict[str, frozenset[int]]  # stem -> clauses it is said in
    acronyms: frozenset[str]  # reply words that may be acronyms
    initials: frozenset[str]  # initials of the reply's runs of 2-5 words


_TRAILING_DIGITS = re.compile(r"^([a-z]{3,})\d+$")


def _reply_words(reply: str) -> _ReplyWords:
    tokens = tokenise(reply)
    stems: dict[str, bool] = {}
    clauses: dict[str, set[int]] = {}

    def say(word: str, neg: bool, clause: int) -> None:
        stems[word] = stems.get(word, True) and neg
        clauses.setdefault(word, set()).add(clause)

    previous = None
    for i, t in enumerate(tokens):
        neg = negated(tokens, (i,), scope=REPLY_NEGATION_SCOPE, noun_reach=REFERENCE_NOUN_REACH)
        if t.content and len(t.stem) > 1:
            say(t.stem, neg, t.clause)
            bare = _TRAILING_DIGITS.match(t.stem)  # "log2" also says "log"
            if bare:
                say(bare.group(1), neg, t.clause)
        if previous is not None and previous.sentence == t.sentence:
            say(stem(previous.word + t.word), neg, t.clause)  # "run time" also says "runtime"
        previous = t
    acronyms = frozenset(t.word for t in tokens if 3 <= len(t.word) <= 6 and t.word.isalpha())
    initials = frozenset(a for a, _ in _acronym_windows(reply))
    return _ReplyWords(stems, {k: frozenset(v) for k, v in clauses.items()}, acronyms, initials)


def _different_word(a: str, b: str) -> bool:
    """True when one word is the other with a negating prefix ("supervised", "unsupervised")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return any(long_ == p + short for p in _NEGATING_PREFIXES)


def _similarity(word: str, reply: _ReplyWords, fuzzy_pool: Sequence[str]) -> tuple[float, bool]:
    """How well the reply says `word` (0..1) and whether it says it only negated.

    The word itself, a synonym (SYNONYM_SIMILARITY) or a close spelling (its fuzz ratio, discounted);
    an affirmed match is preferred to a negated one.
    """
    candidates: list[tuple[float, bool]] = []
    if word in reply.stems:
        candidates.append((1.0, reply.stems[word]))
    candidates.extend((SYNONYM_SIMILARITY, reply.stems[o]) for o in _GROUPS.get(word, ()) if o in reply.stems)
    if len(word) >= 4:
        for other, score, _ in process.extract(word, fuzzy_pool, scorer=fuzz.ratio, score_cutoff=77.0,
                                               limit=None):
            if len(other) < 4 or other == word or _different_word(word, other):
                continue
            if score >= min_similarity(min(len(word), len(other))):
                candidates.append((score / 100 * FUZZY_DISCOUNT, reply.stems[other]))
    if not candidates:
        return 0.0, False
    affirmed = [c for c in candidates if not c[1]]
    return max(affirmed or candidates)


def _contradicts(part: Part, ref: Reference, reply: _ReplyWords) -> bool:
    """True when the reply says the opposite of a word of the part ("large" for "small"): the
    opposite word, affirmed, in a clause with another word of the part, the word itself nowhere in
    the reply, and the opposite nowhere in the model answer."""
    own = {w for w, _, _ in part.words}
    for word, _, _ in part.words:
        if word in reply.stems:
            continue
        for o in _ANTONYMS.get(word, frozenset()) - ref.stems:
            if o not in reply.stems or reply.stems[o]:
                continue
            context = {c for w in own - {word} for c in reply.clauses.get(w, ())}
            if reply.clauses[o] & context:
                return True
    return False


def _part_credit(part: Part, ref: Reference, said: _ReplyWords, pool: Sequence[str],
                 acronym_stems: frozenset[str], spelled: frozenset[str]) -> float:
    total = got = 0.0
    recalled: set[str] = set()
    for word, weight, ref_negated in part.words:
        total += weight
        if word in acronym_stems or word in spelled:
            sim, neg = 1.0, ref_negated
        else:
            sim, neg = _similarity(word, said, pool)
        if sim and neg == ref_negated:
            got += weight * sim
            recalled.add(word)
    recall = got / total if total else 0.0
    credit = min(1.0, max(0.0, (recall - RECALL_FLOOR) / (RECALL_FULL - RECALL_FLOOR)))
    if part.items:
        named = sum(1 for item in part.items if len(item & recalled) * 2 >= len(item))
        credit = max(credit, min(1.0, named / min(len(part.items), ref.asked or 2)))
    if part.restated and part.restated <= recalled:  # the reply names what the part describes
        credit = max(credit, RESTATED_CREDIT)
    return credit


def part_credits(answer: str, prompt: str, reply: str) -> tuple[float, ...]:
    """Credit for each derived part of `answer` (as derive_key_points splits it) that `reply` covers.

    In 0..1; -1.0 for a part the reply contradicts (uses the opposite word, "large" for "small").
    """
    ref = prepare(answer, prompt)
    said = _reply_words(reply)
    pool = tuple(said.stems)
    acronym_stems = frozenset(s for word in said.acronyms for s in ref.acronyms.get(word, ()))
    spelled = ref.spelled & said.initials
    return tuple(-1.0 if _contradicts(part, ref, said)
                 else round(_part_credit(part, ref, said, pool, acronym_stems, spelled), 4)
                 for part in ref.parts)


def _curve(coverage: float) -> float:
    return piecewise(coverage, COVERAGE_CURVE)


def piecewise(x: float, corners: Sequence[tuple[float, float]]) -> float:
    """The piecewise-linear curve through `corners` ((x, y) pairs from (0, 0)) at `x`: 0 below, 1 above."""
    if x <= 0.0:
        return 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(corners):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return 1.0


def derived_score(answer_stems: frozenset[str], prompt_stems: frozenset[str], covered: float, recall: float,
                  overlap: float, marks: Callable[[float], float], *, reply: str | None = None,
                  answer: str | None = None, prompt: str = "") -> float:
    """The score of a reply graded against key points derived from the model answer alone.

    With `reply` and `answer` (the texts), each part of the answer is credited by synonym- and
    spelling-tolerant recall (part_credits) and the weighted share of parts covered goes through
    COVERAGE_CURVE. Without them, `covered` (the weighted share of derived points the phrase matcher
    credited) goes through the same curve, with a little of `recall` (share of the answer's
    informative words used). `overlap` and `marks` are accepted for the caller's convenience.
    """
    if reply is not None and answer is not None:
        parts = prepare(answer, prompt).parts
        credits = part_credits(answer, prompt, reply)
        total = sum(p.weight for p in parts)
        if not total:
            return 0.0
        covered = sum(p.weight * max(c, 0.0) for p, c in zip(parts, credits, strict=True)) / total
        against = sum(p.weight for p, c in zip(parts, credits, strict=True) if c < 0) / total
        return max(0.0, _curve(covered) - CONTRADICTION_PENALTY * against)
    full = DERIVED_FULL_LONG if len(answer_stems - prompt_stems) > LONG_ANSWER_WORDS else DERIVED_FULL_SHORT
    return DERIVED_BLEND[0] * marks(min(1.0, covered / full[0])) \
        + DERIVED_BLEND[1] * min(1.0, recall / full[1]) + DERIVED_BLEND[2] * min(1.0, overlap / full[2])


def reference_length_cap(answer_stems: frozenset[str], prompt_stems: frozenset[str],
                         reply_content_words: int | Collection[str]) -> float:
    """The most a reply this short can score against a reference alone.

    Full marks need about half as many distinct content words as the reference has informative
    ones (at least 1, at most 6.5, as a rubric's cap of 0.35 + 0.1 a word); below that the cap rises
    linearly from LENGTH_CAP_FLOOR. `reply_content_words` is a count, or the reply's distinct
    content stems (question words in it then count for little).
    """
    if isinstance(reply_content_words, int):
        said = float(reply_content_words)
    else:
        said = sum(QUESTION_WORD_WEIGHT if s in prompt_stems else 1.0 for s in set(reply_content_words))
    informative = len(answer_stems - prompt_stems) + QUESTION_WORD_WEIGHT * len(answer_stems & prompt_stems)
    need = min(FULL_LENGTH_MAX, max(1.0, math.ceil(FULL_LENGTH_SHARE * informative)))
    return min(1.0, LENGTH_CAP_FLOOR + (1 - LENGTH_CAP_FLOOR) * said / need)
