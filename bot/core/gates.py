"""Grading gates: non-answers, the question copied back, keyword dumps and too-short replies."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.textnorm import Token, multi_letter, wordset

# Words that carry no answer: shrugs, dodges and chat filler (stems, as textnorm.stem gives them).
FILLER = wordset(
    """idk dunno know knew sure idea clue pass skip next question q sorry guess maybe perhaps nope nah
    depend depends lol lmao tbh yikes big hard tough good great nice cool thank thanks hi hello hey
    answer think thought no not none nothing anything something whatever remember forgot forget
    clu googl ask someon els ahh oof hmm hm emm uhh wow yay meh help please"""
)
SHRUGS = re.compile(r"\b(?:idk|dunno|no idea|no clue|not sure|(?:i )?do not know|pass|skip|"
                    r"next q(?:uestion)?|forgot|can not remember|who knows|google it|it depends|depends)\b")
_ENUMERATIVE = re.compile(r"\b(?:types?|kinds?|examples?|list|name|which|main|common|different|techniques|"
                          r"methods|metrics|applications?|tools|considerations|challenges|advances|ways)\b",
                          re.I)
_EXPLAIN = re.compile(r"\b(?:explain|describe|why|how)\b", re.I)
_STEM, _CONTENT, _WORD = (operator.itemgetter(i) for i in (0, 2, 3))  # Token fields read in bulk
PER_WORD_CAP = 0.1  # a reply with n distinct content words can score at most 0.35 + 0.1 n
DUMP_CAP = 0.3
DUMP_MAX_FUNCTION_SHARE = 0.12


@dataclass(frozen=True)
class Gate:
    """A gate that fired: the reply scores zero and `note` says why, in words for the member."""

    name: str
    note: str


def meaningful(tokens: Sequence[Token]) -> set[str]:
    """Distinct stems of content words that are not filler or single characters."""
    content = set(itertools.compress(map(_STEM, tokens), map(_CONTENT, tokens))) - FILLER
    return multi_letter(content)


def check_gates(tokens: Sequence[Token], prompt_stems: frozenset[str], prompt: str,
                words: set[str] | None = None) -> Gate | None:
    """The gate a reply trips, if any: nothing said, a shrug, or the question repeated back.

    `words` may bring the reply's meaningful stems when the caller has them already.
    """
    if words is None:
        words = meaningful(tokens)
    if not words:
        if not tokens:
            return Gate("empty", "There is no answer here to grade — write a sentence or two.")
        return Gate("non-answer", "This does not answer the question; have a go in a sentence or two.")
    text = " ".join(map(_WORD, tokens))
    if len(words) < 3 and SHRUGS.search(text):
        return Gate("non-answer", "This does not answer the question; have a go in a sentence or two.")
    new = words - prompt_stems
    if len(words) >= 2 and len(new) <= max(0, len(words) // 6) and len(words & prompt_stems) >= 2:
        return Gate("copied-question", "This repeats the question instead of answering it.")
    return None


def is_keyword_dump(tokens: Sequence[Token], prompt: str) -> bool:
    """True when an explanation question gets a string of terms with no words relating them."""
    if _asks_for_terms(prompt):
        return False
    if len(tokens) < 5:
        return False
    function = len(tokens) - sum(map(_CONTENT, tokens))
    return function / len(tokens) < DUMP_MAX_FUNCTION_SHARE


@functools.lru_cache(maxsize=4096)
def _asks_for_terms(prompt: str) -> bool:
    """True when a question asks for a list of things (types, examples, tools) and no explanation
    (read once per question: the grader asks for every reply)."""
    return bool(_ENUMERATIVE.search(prompt)) and not _EXPLAIN.search(prompt)


def length_cap(tokens: Sequence[Token], words: set[str] | None = None) -> tuple[float, str | None]:
    """The most a reply this short can score, and the note explaining the cap (`words`: the reply's
    meaningful stems, when the caller has them already)."""
    n = len(meaningful(tokens) if words is None else words)
    cap = 0.35 + PER_WORD_CAP * n
    if cap < 1.0:
        return cap, "This is very short; a full answer explains the main points in a sentence or two."
    return 1.0, None


# Common function words per language, to tell a reply written in another language than its pack's.
_FUNCTION_WORDS = {
    "en": "the is are of and to in that it for with on as by this be not an or from which",
    "de": "der die das und ist nicht ein eine mit für wird werden auch oder wenn dass sind zu den dem des",
    "es": "el la los las es y que una por para con del se lo como más pero muy esta este son",
    "fr": "le les est et une des pour avec dans qui sont pas sur ce cette il elle",
    "it": "il della che non sono gli con per una nel alla",
    "pt": "os não uma são com para pelo pela",
}
_WORDS = {code: wordset(words) for code, words in _FUNCTION_WORDS.items()}
# The note's text is English on purpose: grades (notes included) are the same whatever language a
# member reads; frontends show it translated (bot.core.grade_notes).
ENGLISH_PACK_NOTE = ("The grader reads English, and this reply seems to be in another language, so its "
                     "points "
                     "may not have been recognised; answer in English for a fair grade.")
OTHER_PACK_NOTE = ("The grader reads {language}, the language of this question, and this reply seems to "
                   "be in "
                   "another language, so its points may not have been recognised; answer in {language} for a "
                   "fair grade.")
# Per language: the other languages' function words that are not its own.
_OTHERS = {code: frozenset().union(*(w for c, w in _WORDS.items() if c != code)) - own
           for code, own in _WORDS.items()}
LANGUAGE_NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French", "it": "Italian",
                  "pt": "Portuguese"}


def foreign_language_note(tokens: Sequence[Token], language: str = "en") -> str | None:
    """A note when a reply looks written in another language than its question's (`language`, the
    pack's). Languages without a word list here are never flagged."""
    code = language.split("-", 1)[0].lower()
    own = _WORDS.get(code)
    if own is None:
        return None
    others = _OTHERS[code]
    words = list(map(_WORD, tokens))
    foreign = sum(map(others.__contains__, words))
    native = sum(map(own.__contains__, words))
    if foreign >= 3 and foreign > 2 * native:
        return ENGLISH_PACK_NOTE if code == "en" else OTHER_PACK_NOTE.format(language=LANGUAGE_NAMES[code])
    return None
