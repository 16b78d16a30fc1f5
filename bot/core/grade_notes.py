"""The grader's notes in the reader's language.

The grader writes its notes in English, so a grade is the same whatever language the member reads
(and the grading snapshot stays byte-identical). A note is a few sentences, each one of the
templates below with rubric text filled in; :func:`translate_note` finds each sentence's template
and shows it in the current language, leaving the rubric's own words (the pack's language) as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from bot.core.i18n import N_, SOURCE_LOCALE, _, current_locale
from bot.core.models import Grade

TEMPLATES = (
    N_("A list of terms is not an explanation: say what each does and why."),
    N_("This mainly states something that is not right: {names}."),
    N_("This states something that is not right: {names}."),
    N_("This says the opposite of a key point."),
    N_("This does not make any of the key points yet; compare it with the model answer."),
    N_("This is very short; a full answer explains the main points in a sentence or two."),
    N_("Every key point is covered, but some only in part: {parts}."),
    N_("Every key point is covered, but it leaves out much of what the model answer explains."),
    N_("The grader reads English, and this reply seems to be in another language, so its points may not "
       "have been recognised; answer in English for a fair grade."),
    N_("The grader reads {language}, the language of this question, and this reply seems to be in another "
       "language, so its points may not have been recognised; answer in {language} for a fair grade."),
    N_("There is no answer here to grade — write a sentence or two."),
    N_("This does not answer the question; have a go in a sentence or two."),
    N_("This repeats the question instead of answering it."),
    N_("The answer is {answer}."),
)
LANGUAGES = {"English": N_("English"), "German": N_("German"), "Spanish": N_("Spanish"),
             "French": N_("French"), "Italian": N_("Italian"), "Portuguese": N_("Portuguese")}
MARKS = {"right": N_("right"), "not right": N_("not right")}  # choice options: `2. Adam (right): ...`
_MARK = re.compile(r" \((right|not right)\):")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for template in TEMPLATES:
        body = re.escape(template)
        body = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", body)
        body = body.replace("(?P<language>.+?)", "(?P<language>\\w+)", 1).replace(
            "(?P<language>.+?)", "(?P=language)")
        found.append((template, re.compile(body + r"(?=\s|$)")))
    return tuple(found)


def _translated(template: str, match: re.Match[str]) -> str:
    values = match.groupdict()
    if "language" in values:
        values["language"] = _(LANGUAGES.get(values["language"], values["language"]))
    return _(template).format(**values)


def _marks(text: str) -> str:
    return _MARK.sub(lambda m: f" ({_(MARKS[m.group(1)])}):", text)


def translate_note(note: str | None) -> str | None:
    """The grader's note in the current language (English notes pass through unchanged)."""
    if not note or current_locale() == SOURCE_LOCALE:
        return note
    out: list[str] = []
    rest = note
    while rest:
        for template, pattern in _patterns():
            match = pattern.match(rest)
            if match:
                out.append(_translated(template, match))
                rest = rest[match.end():].lstrip()
                break
        else:  # a sentence of no template (a choice option's explanation): up to the next known one
            starts = [m.start() for _t, p in _patterns() for m in [p.search(rest, 1)] if m]
            cut = min((s for s in starts if rest[s - 1] == " "), default=len(rest))
            out.append(_marks(rest[:cut].rstrip()))
            rest = rest[cut:]
    return " ".join(out)


def shown_grade(grade: Grade) -> Grade:
    """The grade as a member reads it: the same grade with its note in the current language."""
    note = translate_note(grade.note)
    return grade if note == grade.note else replace(grade, note=note)
