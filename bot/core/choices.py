"""Choice questions: reading a member's pick, grading it, and counting picks for the reveal.

A pick is written as option numbers: `2`, `/answer 2`, `2, 4`, `2 and 4`, `option 2`, a letter
(`b`), or an option's text. Buttons send the number. Stored answers keep the canonical form
(`2`, `2,4`), so the reveal can count picks and `regrade` reads them back.

Scoring: on a question with one right option, that option scores 1 and any other 0 (picking
several is refused: pick one). On a question with several right options each right pick earns an
equal share and each wrong pick takes one away, never below 0; all right and nothing wrong is 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.errors import NonAnswer
from bot.core.i18n import _
from bot.core.models import Grade, Option, Question

GRADER_VERSION = "choice-1"
LETTERS = "abcdef"
_PREFIX = re.compile(r"^\s*(?:/?answer|options?|pick|choice|no\.?|number|#)\s*[:=]?\s*", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\s)\s*", re.I)


def correct_numbers(question: Question) -> tuple[int, ...]:
    """The 1-based numbers of the right options."""
    return tuple(n for n, option in enumerate(question.options, 1) if option.correct)


def several_right(question: Question) -> bool:
    """True when more than one option is right (members pick every right one)."""
    return len(correct_numbers(question)) > 1


def how_to_pick(question: Question) -> str:
    """One sentence telling a member how to answer this question."""
    last = len(question.options)
    if several_right(question):
        return _("Pick every right option: send their numbers, e.g. `1, 3` (options 1-{last}).").format(
            last=last)
    return _("Pick one option: send its number, 1-{last} (e.g. `2`).").format(last=last)


def _by_text(question: Question, text: str) -> int | None:
    wanted = " ".join(text.lower().split()).strip(" .!")
    for n, option in enumerate(question.options, 1):
        if wanted == " ".join(option.text.lower().split()).strip(" .!"):
            return n
    return None


def parse_picks(question: Question, text: str) -> tuple[int, ...]:
    """The option numbers a reply picks, sorted and unique; NonAnswer when it picks none or an
    option that does not exist, or several on a one-answer question."""
    last = len(question.options)
    body = _PREFIX.sub("", text.strip(), count=1).strip().strip(".!")
    exact = _by_text(question, text) or _by_text(question, body)
    if exact:
        return (exact,)
    words = [w for w in _SEPARATORS.split(body.lower()) if w]
    picks: set[int] = set()
    for word in words:
        if word.isascii() and word.isdigit():
            number = int(word) if len(word) <= 2 else 0
        elif len(word) == 1 and word in LETTERS:
            number = LETTERS.index(word) + 1
        else:
            raise NonAnswer(
                "not-an-option",
                _("No attempt used: `{text}` is not one of the options.").format(text=text.strip()[:40])
                + " " + how_to_pick(question),
            )
        if not 1 <= number <= last:
            raise NonAnswer(
                "not-an-option",
                _("No attempt used: there is no option {word}.").format(
                    word=word[:12]) + " " + how_to_pick(question),
            )
        picks.add(number)
    if not picks:
        raise NonAnswer("empty", _("No attempt used: your answer is empty.") + " " + how_to_pick(question))
    if len(picks) > 1 and not several_right(question):
        raise NonAnswer(
            "several-picks",
            _("No attempt used: this question has one right option, and you picked {count}.").format(
                count=len(picks)) + " " + how_to_pick(question),
        )
    return tuple(sorted(picks))


def canonical(picks: Iterable[int]) -> str:
    """The stored form of a pick: option numbers joined by commas (`2`, `1,3`)."""
    return ",".join(str(n) for n in sorted(set(picks)))


def _explain(n: int, option: Option) -> str:
    mark = "right" if option.correct else "not right"
    why = f" {option.explanation}" if option.explanation else ""
    return f"{n}. {option.text} ({mark}):{why}"


def grade_choice(question: Question, text: str) -> Grade:
    """Grade a pick; the note explains every option picked and every right option missed."""
    picks = parse_picks(question, text)
    right = set(correct_numbers(question))
    hits = [n for n in picks if n in right]
    wrong = [n for n in picks if n not in right]
    score = max(0.0, (len(hits) - len(wrong)) / len(right)) if right else 0.0
    options = question.options
    explained = [*picks, *(n for n in sorted(right) if n not in picks)]
    note = " ".join(_explain(n, options[n - 1]) for n in explained)
    return Grade(
        score=round(score, 3),
        verdict=question.thresholds.verdict(score),
        covered=tuple(options[n - 1].text for n in hits),
        missed=tuple(options[n - 1].text for n in sorted(right) if n not in picks),
        misconceptions=tuple(options[n - 1].text for n in wrong),
        grader_version=GRADER_VERSION,
        note=note or None,
    )


def distribution(question: Question, stored: Iterable[str]) -> tuple[int, ...]:
    """How many answers picked each option (index 0 is option 1), from stored canonical picks.

    A stored text that is not a valid pick (an answer recorded before the question changed) is left out.
    """
    counts = [0] * len(question.options)
    for text in stored:
        try:
            picks = parse_picks(question, text)
        except NonAnswer:
            continue
        for n in picks:
            counts[n - 1] += 1
    return tuple(counts)
