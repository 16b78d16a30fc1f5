"""US and UK spellings of one word compare equal: `regularization` finds the topic `regularisation`.

`spelling_key` maps both spellings to one key (the US form, roughly); it is for comparing names
(topics, command and option names, option values), never for showing text. The rules are general
endings, not a list of words: -ise/-ize and -isation/-ization (and their forms), -yse/-yze,
-our/-or, -tre/-ter, -ogue/-og and a doubled l before -ed/-ing/-er. Case, spaces, dashes and
underscores are ignored too, so `Reinforcement Learning` matches `reinforcement-learning`.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s_-]+")
_RULES = (
    (re.compile(r"(?<=[a-z]{2})is(ation|ations|ing|ed|es|er|ers|e)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(ing|ed|es|er|ers|e)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})tre(s|d)?$"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),
    (re.compile(r"(?<=[a-z]{3}[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
)


def word_key(word: str) -> str:
    """One lower-case word in its US form (`colour` -> `color`, `modelling` -> `modeling`)."""
    key = word.lower()
    for pattern, replacement in _RULES:
        key, count = pattern.subn(replacement, key)
        if count:
            break
    return key


def spelling_key(text: str) -> str:
    """`text` with case, separators and US/UK spelling differences removed, for comparing names."""
    words = _SEPARATORS.split(text.strip().lower())
    return " ".join(word_key(w) for w in words if w)


def same_spelling(a: str, b: str) -> bool:
    """Whether two names are the same word(s) in US or UK spelling, case and separators aside."""
    return spelling_key(a) == spelling_key(b)


def prefix_key(text: str) -> str:
    """A looser key for matching what is still being typed (`normalis` against `normalization`):
    the spelling key with -is-/-iz-, -ys-/-yz-, -our-/-or- and doubled l equal anywhere."""
    key = spelling_key(text)
    for uk, us in (("is", "iz"), ("ys", "yz"), ("our", "or"), ("ll", "l")):
        key = key.replace(uk, us)
    return key
