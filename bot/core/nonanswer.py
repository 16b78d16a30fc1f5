"""Non-answers: replies that do not try to answer, refused like empty ones (no attempt is used).

The grader already recognises them; this module turns its findings into a refusal with a nudge
rather than a zero: its gates (nothing meaningful said, a shrug such as "idk" or "pass", the question
copied back) and its keyword-dump test (a list of terms with nothing said about them, which the
grader credits with no key point). A genuine attempt, even a wrong one, is never refused: it is
graded, counts for the streak, and an incorrect verdict earns 0 points.
"""

from __future__ import annotations

from bot.core.errors import NonAnswer
from bot.core.gates import check_gates, is_keyword_dump
from bot.core.grading import rubric_for
from bot.core.i18n import N_, _
from bot.core.models import Grade, Question, QuestionType, Verdict
from bot.core.short_answers import matches, numbers_in
from bot.core.textnorm import tokenise

NUDGES = {
    "empty": N_("No attempt used: there is nothing to grade yet. Write your answer in a sentence or two."),
    "non-answer": N_(
        "No attempt used: that is not an answer yet. Have a go in a sentence or two; a partial "
        "answer still keeps your streak, and a hint is there if you are stuck."
    ),
    "copied-question": N_(
        "No attempt used: that repeats the question. Answer it in your own words, in a sentence or two."
    ),
    "keyword-list": N_(
        "No attempt used: a list of terms is not an explanation yet. Say in a sentence or two "
        "what they do and why, then send it again."
    ),
}
SHORT_NUDGE = N_("No attempt used: that is not an answer yet. Reply with a word, a term or a number.")


def refuse_before_grading(question: Question, text: str) -> None:
    """Raise NonAnswer when the reply trips one of the grader's gates (empty of meaning, a shrug,
    the question repeated back). On a short question a reply with a number is always an attempt."""
    rubric = rubric_for(question)
    gate = check_gates(tokenise(text), rubric.prompt_stems, rubric.prompt)
    if gate is None:
        return
    if question.kind == QuestionType.SHORT:  # a bare number or an accepted word is a real answer
        if numbers_in(text) or any(matches(a, text) for a in question.accepted):
            return
        raise NonAnswer(gate.name, _(SHORT_NUDGE))
    raise NonAnswer(gate.name, _(NUDGES.get(gate.name, NUDGES["non-answer"])))


def refuse_after_grading(question: Question, text: str, result: Grade) -> None:
    """Raise NonAnswer for a bare list of terms: the grader found it list-shaped and credited no point."""
    if (
        result.verdict == Verdict.INCORRECT
        and not result.covered
        and is_keyword_dump(tokenise(text), question.prompt)
    ):
        raise NonAnswer("keyword-list", _(NUDGES["keyword-list"]))
