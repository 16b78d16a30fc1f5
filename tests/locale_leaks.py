"""Find English source strings left in German or Spanish output (the leak check of the i18n tests).

Every message of the catalogs is cut into its literal pieces (between `{placeholders}`, `%(names)s`
and `code spans`); a piece of three or more words that shows up verbatim in translated output is a
leak, unless the translation itself keeps it. Content (questions, answers, rubrics, hints) is in its
pack's language and is taken out of the output before looking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from bot.core.models import ContentBank

LOCALES = Path(__file__).resolve().parents[1] / "bot" / "locales"
SPLIT = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|`[^`]*`|\n")


def _pieces(text: str) -> list[str]:
    return [p.strip(" .,;:()\"'“”„«»") for p in SPLIT.split(text)]


def _messages(language: str) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(English forms, translated forms) of every message of the `language` catalogs."""
    for path in sorted(LOCALES.glob(f"{language}/*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if message.id:
                ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                yield tuple(ids), tuple(strings)


@cache
def english_fragments(language: str) -> tuple[str, ...]:
    """Pieces of three or more words of every English message that its translation does not keep."""
    found: set[str] = set()
    for ids, strings in _messages(language):
        translated = " ".join(s for s in strings if s)
        for piece in (p for text in ids for p in _pieces(text)):
            if len(piece.split()) >= 3 and piece not in translated:
                found.add(piece)
    return tuple(sorted(found, key=len, reverse=True))


def content_texts(bank: ContentBank) -> list[str]:
    """Every text of the loaded packs a reply may quote (longest first, so parts go after wholes)."""
    texts: set[str] = set()
    for question in bank.questions():
        texts.update((question.prompt, question.answer, *question.hints, *question.topics))
        texts.update(k.text for k in question.key_points)
        texts.update(m.text for m in question.misconceptions)
        for option in question.options:
            texts.update((option.text, option.explanation or ""))
        texts.update(a.text for a in question.accepted)
    return sorted((t for t in texts if t), key=len, reverse=True)


def leaks(output: str, language: str, content: list[str] | None = None) -> list[str]:
    """The English fragments found in `output` once content is taken out (empty: nothing leaked)."""
    text = " ".join(output.split())
    for quoted in content or ():
        text = text.replace(" ".join(quoted.split()), " ")
    return [piece for piece in english_fragments(language) if piece in text]


@cache
def translated_fragments(language: str) -> tuple[str, ...]:
    """Pieces of the translations (four letters or more) that differ from every piece of their English."""
    found: set[str] = set()
    for ids, strings in _messages(language):
        english = {p for text in ids for p in _pieces(text)}
        for piece in (p for text in strings if text for p in _pieces(text)):
            if len(piece) >= 4 and piece not in english and not piece.isdigit():
                found.add(piece)
    return tuple(sorted(found, key=len, reverse=True))


def speaks(output: str, language: str) -> bool:
    """True when `output` holds a piece of the `language` catalog's translations."""
    text = " ".join(output.split())
    return any(piece in text for piece in translated_fragments(language))
