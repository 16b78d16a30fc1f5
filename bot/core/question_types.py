"""One way in for every question type: refuse non-answers, put the reply in stored form, grade it.

- `free`: the rubric grader (`grading.grade`); the reply is stored as written.
- `choice`: `choices`; the reply is stored as the option numbers picked (`2`, `1,3`).
- `short`: `short_answers`; the reply is stored as written.
"""

from __future__ import annotations

from bot.core import choices, nonanswer
from bot.core.grading import grade
from bot.core.models import Grade, Question, QuestionType
from bot.core.short_answers import grade_short


def grade_any(question: Question, text: str) -> Grade:
    """Grade a reply the way its question type is graded (pure; choice replies must be valid picks)."""
    if question.kind == QuestionType.CHOICE:
        return choices.grade_choice(question, text)
    if question.kind == QuestionType.SHORT:
        return grade_short(question, text)
    return grade(question, text)


def grade_attempt(question: Question, text: str) -> tuple[str, Grade]:
    """The reply in stored form and its grade; NonAnswer (no attempt used) when it does not try."""
    if question.kind == QuestionType.CHOICE:
        stored = choices.canonical(choices.parse_picks(question, text))
        return stored, choices.grade_choice(question, stored)
    nonanswer.refuse_before_grading(question, text)
    result = grade_any(question, text)
    if question.kind == QuestionType.FREE:
        nonanswer.refuse_after_grading(question, text, result)
    return text, result
