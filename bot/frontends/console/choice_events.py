"""Console events for question types: the options of a choice question, the reveal's picks, refusals."""

from __future__ import annotations

from typing import Any

from bot.core.choices import how_to_pick, several_right
from bot.core.errors import NonAnswer
from bot.core.models import MemberRef, Question, QuestionType
from bot.core.ports import RoundSummary

Event = dict[str, Any]


def question_type_fields(question: Question) -> Event:
    """`question_type`, and for a choice question its numbered `options`, `several` and `how`."""
    fields: Event = {"question_type": str(question.kind)}
    if question.kind == QuestionType.CHOICE:
        fields["options"] = [{"number": n, "text": o.text} for n, o in enumerate(question.options, 1)]
        fields["several"] = several_right(question)
        fields["how"] = how_to_pick(question)
    return fields


def pick_rows(summary: RoundSummary) -> list[Event] | None:
    """Per option of a choice question: its text, whether it is right, and how many picked it."""
    if summary.question.kind != QuestionType.CHOICE:
        return None
    counts = summary.picks or (0,) * len(summary.question.options)
    return [
        {"number": n, "text": o.text, "correct": o.correct, "count": count}
        for n, (o, count) in enumerate(zip(summary.question.options, counts, strict=False), 1)
    ]


def refused(member: MemberRef, err: NonAnswer) -> Event:
    """A non-answer refused: no attempt used, nothing revealed; `message` says what to do."""
    return {
        "type": "refused",
        "member": member.user_id,
        "reason": err.reason,
        "attempt_used": False,
        "message": str(err),
    }
