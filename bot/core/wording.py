"""Small words shared by every frontend's replies: counts with the right plural."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 answer`, `2 answers`, `0 answers`; `plural` for nouns that do not just add an s."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
