"""Short questions: a word, a term or a number, matched against the accepted answers and their aliases.

Text is compared after normalising both sides (case, accents, punctuation, spacing, a leading
article and answer-lead-ins such as "it is"). It matches when it equals an accepted text or alias,
contains one as whole words in a short reply (at most a few words around it, none negating it),
or is close by rapidfuzz's ratio (typos), for texts of five characters or more. A numeric accepted
answer matches a reply stating exactly one number within the tolerance ("0", "0.0", "-3", "1e-3",
"50%"). Any match scores 1 (correct), anything else 0 (incorrect).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from bot.core.models import Accepted, Grade, Question

GRADER_VERSION = "short-1"
FUZZY_AT = 88  # least rapidfuzz ratio (0-100) for a typo to count as the accepted text
FUZZY_FROM = 5  # texts shorter than this must match exactly (relu vs selu, tanh vs than)
EXTRA_WORDS = 4  # a reply may wrap the accepted text in this many more words ("it is relu")
_NUMBER = re.compile(r"(?<![\w.])[-−+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:e[-+]?\d+)?(?![\w.])", re.I)
_LEAD = re.compile(r"^(?:(?:the )?answer is|it is|it s|its|they are|that is|i think|i d say|maybe) ")
_ARTICLE = re.compile(r"^(?:a|an|the) ")
_NEGATION = frozenset({"not", "no", "never", "isn", "isnt", "aren", "arent", "nor", "without"})
_PUNCT = re.compile(r"[^\w\s.+-]|(?<!\d)[.](?!\d)|_")


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """Lower case, accents and punctuation removed, one space between words, lead-ins dropped."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("−", "-")
    plain = " ".join(_PUNCT.sub(" ", plain).split())
    for pattern in (_LEAD, _ARTICLE):
        plain = pattern.sub("", plain, count=1)
    return plain


def numbers_in(text: str) -> list[float]:
    """Every number written in `text` (a comma between digits is a decimal point: 0,5)."""
    found = []
    for match in _NUMBER.finditer(text.replace("−", "-")):
        try:
            found.append(float(match.group().replace(",", ".")))
        except ValueError:
            continue
    return found


def _texts(accepted: Accepted) -> tuple[str, ...]:
    return tuple(t for t in (normal(accepted.text), *(normal(a) for a in accepted.aliases)) if t)


def _text_matches(wanted: str, reply: str) -> bool:
    if reply == wanted:
        return True
    words, target = reply.split(), wanted.split()
    if len(words) <= len(target) + EXTRA_WORDS and not _NEGATION & set(words):
        padded = f" {reply} "
        if f" {wanted} " in padded:
            return True
    return len(wanted) >= FUZZY_FROM and fuzz.ratio(wanted, reply) >= FUZZY_AT


def matches(accepted: Accepted, reply: str) -> bool:
    """Whether `reply` gives this accepted answer (by number when it has one, else by text)."""
    if accepted.number is not None:
        stated = set(numbers_in(reply))
        if len(stated) == 1 and abs(stated.pop() - accepted.number) <= accepted.tolerance + 1e-12:
            return True
    said = normal(reply)
    if not said:
        return False
    if accepted.number is not None:  # a number is read as one: "0 or 1" does not contain the answer 0
        return any(
            wanted == said or (not numbers_in(wanted) and _text_matches(wanted, said))
            for wanted in _texts(accepted)
        )
    return any(_text_matches(wanted, said) for wanted in _texts(accepted))


def grade_short(question: Question, text: str) -> Grade:
    """Correct (1) when the reply gives any accepted answer, else incorrect (0)."""
    hit = next((a for a in question.accepted if matches(a, text)), None)
    first = question.accepted[0].text if question.accepted else question.answer
    score = 1.0 if hit is not None else 0.0
    note = None if hit is not None else f"The answer is {first}."
    return Grade(
        score=score,
        verdict=question.thresholds.verdict(score),
        covered=(hit.text,) if hit is not None else (),
        missed=() if hit is not None else (first,),
        grader_version=GRADER_VERSION,
        note=note,
    )
