"""Negation scope: does a negation cue govern a matched phrase in the same clause?"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.textnorm import Token, wordset

# Words that negate what follows them in their clause. "not only"/"not just" are exempted below.
NEGATION_CUES = wordset(
    """not no never none nothing neither nor without lack lacks lacking hardly barely nobody nowhere
    unable fail fails failed instead rather opposed"""
)
# Negations of a noun phrase ("no separate cell", "without labels"): they do not reach the next list item.
# "instead of X", "rather than X" negate X, not the rest of the clause ("instead of recurrence, so they
# run in parallel").
NOUN_CUES = frozenset({"no", "none", "without", "lack", "lacks", "lacking", "nothing", "instead", "rather",
                       "opposed"})
BREAKERS = frozenset({"only", "but", "instead", "rather"})  # a negation does not reach past these
LIST_LINKS = frozenset({"or", "and", "nor"})
# "not only", "not just", "not always": not a denial; "not sure", "not certain": a hedge, not a denial.
HEDGED = frozenset({"always", "necessarily"})  # "not always": a hedge, unless the claim says "always"
_SOFTENERS = frozenset({"only", "just", "merely", "simply", "sure", "certain"}) | HEDGED
_PAIRED = {"instead": "of", "rather": "than", "opposed": "to"}
SCOPE_BEFORE = 5  # tokens before a match that a cue may stand in
# Verbs that a following "not" negates: "images are not used", "dropout does not".
AUXILIARIES = wordset("is are was were be do does did can could will would should shall must may might "
                      "has have had")


def is_cue(tokens: Sequence[Token], i: int) -> bool:
    word = tokens[i].word
    if word not in NEGATION_CUES:
        return False
    if word in _PAIRED:  # "instead of", "rather than", "as opposed to": only the pair negates
        return i + 1 < len(tokens) and tokens[i + 1].word == _PAIRED[word]
    softened = word in {"not", "no", "never"} and i + 1 < len(tokens) and tokens[i + 1].word in _SOFTENERS
    return not softened


NOUN_REACH = 2  # words after "no" / "without" that it governs: "no separate cell", not what follows


def reaches(tokens: Sequence[Token], cue: int, target: int, noun_reach: int = NOUN_REACH) -> bool:
    """Whether the cue at `cue` can govern the word at `target`: a noun-phrase cue ("no", "without")
    governs only the next `noun_reach` words of its own list item."""
    word = tokens[cue].word
    if word not in NOUN_CUES:
        return True
    reach = noun_reach + 2 if word in _PAIRED else noun_reach  # "rather than from X": past the pair
    return tokens[cue].item == tokens[target].item and target - cue <= reach


def negated(tokens: Sequence[Token], positions: Sequence[int],
            phrase_cues: frozenset[str] = frozenset(), scope: int = SCOPE_BEFORE,
            noun_reach: int = NOUN_REACH) -> bool:
    """True when a negation cue in the matched clause governs the match at `positions`.

    A cue counts when it stands up to SCOPE_BEFORE tokens before the first matched word, or between
    matched words, in the same clause, and is not itself part of the phrase ("without labels").
    Two cues cancel ("not without").
    """
    if not positions:
        return False
    start, end = min(positions), max(positions)
    clause = tokens[start].clause
    matched = set(positions)
    count = 0
    i = start - 1
    reach = scope
    while i >= 0 and start - i <= reach and tokens[i].clause == clause:
        word = tokens[i].word
        if is_cue(tokens, i):
            count += word not in phrase_cues and reaches(tokens, i, start, noun_reach)
        elif word in BREAKERS and not (i > 0 and tokens[i - 1].word in ("not", "no")):
            break  # "not on images, only on tables": the negation stops at "only"
        elif word in LIST_LINKS:
            reach += 3  # "not images, text or audio": a list carries the negation to every item
        i -= 1
    for j in range(start + 1, end):
        if j not in matched and tokens[j].clause == clause and is_cue(tokens, j) \
                and tokens[j].word not in phrase_cues:
            count += 1
    return count % 2 == 1
