"""Small words shared by every frontend's replies: counts with the right plural, in the reply's language."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.i18n import format_number, ngettext

# Every noun a reply counts, each with its plural forms written out so the catalogs have them.
_FORMS: dict[str, Callable[[int], str]] = {
    "answer": lambda n: ngettext("{n} answer", "{n} answers", n),
    "counted answer": lambda n: ngettext("{n} counted answer", "{n} counted answers", n),
    "member": lambda n: ngettext("{n} member", "{n} members", n),
    "person": lambda n: ngettext("{n} person", "{n} people", n),
    "point": lambda n: ngettext("{n} point", "{n} points", n),
    "pt": lambda n: ngettext("{n} pt", "{n} pts", n),
    "question": lambda n: ngettext("{n} question", "{n} questions", n),
    "round": lambda n: ngettext("{n} round", "{n} rounds", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "freeze": lambda n: ngettext("{n} freeze", "{n} freezes", n),
    "hint": lambda n: ngettext("{n} hint", "{n} hints", n),
}


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 answer`, `2 answers`, `0 answers` (`2 Antworten` in German); `plural` for nouns that do not
    just add an s. Nouns without a catalog entry stay English."""
    forms = _FORMS.get(noun)
    if forms is not None:
        return forms(number).format(n=format_number(number))
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
