"""The pack rules applied to one suggested question: the pack schema, the in-pack checks and the
rubric self-test (`content test`), so a suggestion is held to exactly what a pack file is."""

from __future__ import annotations

from typing import Any

from bot.content.checks import ERROR, pack_problems, pack_warnings, schema_problems
from bot.content.loader import to_pack
from bot.content.selftest import grade_examples
from bot.content.yaml_lines import LineMap
from bot.core.models import Question, QuestionType, Verdict
from bot.core.question_types import grade_any
from bot.core.suggestion_models import COMMUNITY_PACK, SelfTest, Vetting

LABEL = "suggestion"
PACK_FIELDS = {"title": "Community questions", "version": "1", "license": "shared by the community's members",
               "source": "suggested by members and approved by the community's admins"}


def community_pack(questions: list[dict[str, Any]], pack_id: str = COMMUNITY_PACK) -> dict[str, Any]:
    """A pack mapping holding `questions` (each with its `id`), as `content lint` reads it."""
    return {"id": pack_id, **PACK_FIELDS, "questions": questions}


def _field(path: str) -> str:
    """`questions[0].key_points[1].text` -> `key_points[1].text` (the member wrote one question)."""
    return path.removeprefix("questions[0]").lstrip(".") or "question"


class SuggestionRules:
    """Implements the core's PackRules port with the content package's own checks."""

    def vet(self, question: dict[str, Any], question_id: str) -> Vetting:
        """Every schema and rule problem of one question, worded `field: message`, and the Question."""
        data = community_pack([{"id": question_id, **{k: v for k, v in question.items() if k != "id"}}])
        lines = LineMap()
        found = schema_problems(data, LABEL, lines) + pack_problems(data, LABEL, lines)
        errors = tuple(dict.fromkeys(f"{_field(p.field)}: {p.message}" for p in found if p.level == ERROR))
        warnings = tuple(dict.fromkeys(f"{_field(p.field)}: {p.message}"
                                       for p in pack_warnings(data, LABEL, lines)))
        if errors:
            return Vetting(errors=errors, warnings=warnings)
        return Vetting(warnings=warnings, question=to_pack(data).questions[0])

    def self_test(self, question: Question) -> SelfTest:
        """Grade the question's `examples` as `content test` does, and (free-text questions) the model
        answer itself, which its own rubric must grade correct."""
        runs = [(r.reply, r.expected, r.got or "error") for r in grade_examples(question, 0, LABEL).runs]
        if question.kind == QuestionType.FREE:
            got = grade_any(question, question.answer).verdict.value
            runs.append((question.answer, Verdict.CORRECT.value, got))
        mismatches = tuple(
            f"{'the model answer' if reply == question.answer else repr(reply[:80])}: expected {expected}, "
            f"graded {got}" for reply, expected, got in runs if got != expected)
        return SelfTest(tuple(runs), mismatches)
