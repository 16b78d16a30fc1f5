"""Packs with choice and short questions: the quick pack, lint of bad packs, import stays free text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.content.loader import check_pack_text, load_bank, load_pack
from bot.core.models import QuestionType
from bot.core.question_types import grade_any

ROOT = Path(__file__).resolve().parents[2]
QUICK = ROOT / "content" / "deep-learning-quick.yaml"

HEADER = """\
id: p
title: T
version: "1"
license: CC0-1.0
source: tests
questions:
  - id: p-1
    prompt: Which one?
    difficulty: beginner
    answer: The second.
"""


def problems(body: str) -> list[str]:
    return [
        str(p) for p in check_pack_text(HEADER + textwrap.indent(textwrap.dedent(body), "    "), "p.yaml")
    ]


def test_the_quick_pack_has_twenty_choice_and_ten_short_questions_every_option_explained():
    pack = load_pack(QUICK)
    choice = [q for q in pack.questions if q.kind == QuestionType.CHOICE]
    short = [q for q in pack.questions if q.kind == QuestionType.SHORT]
    assert len(choice) >= 20 and len(short) >= 10
    for q in choice:
        assert 2 <= len(q.options) <= 6, q.id
        assert any(o.correct for o in q.options) and not all(o.correct for o in q.options), q.id
        assert all(len(o.explanation.split()) >= 5 for o in q.options), q.id
    for q in short:
        assert q.accepted and q.answer, q.id
    full = load_pack(ROOT / "content" / "deep-learning.yaml")
    assert {t for q in pack.questions for t in q.topics} <= {t for q in full.questions for t in q.topics}


def test_each_right_answer_of_the_quick_pack_grades_correct_and_the_others_incorrect():
    for q in load_pack(QUICK).questions:
        if q.kind == QuestionType.CHOICE:
            right = ",".join(str(n) for n, o in enumerate(q.options, 1) if o.correct)
            assert grade_any(q, right).score == 1.0, q.id
            wrong = next(n for n, o in enumerate(q.options, 1) if not o.correct)
            assert grade_any(q, str(wrong)).score == 0.0, q.id
        else:
            for accepted in q.accepted:
                for text in (accepted.text, *accepted.aliases):
                    assert grade_any(q, text).score == 1.0, (q.id, text)


def test_the_bundled_packs_load_the_full_pack_first():
    bank = load_bank([ROOT / "content"])
    assert [p.id for p in bank.packs] == ["deep-learning", "deep-learning-quick"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            """\
     type: choice
     options:
       - {text: A, explanation: Because.}
       - {text: B, explanation: Because.}
     """,
            "p.yaml:13: questions[0].options: no option is marked `correct: true`; mark the right option",
        ),
        (
            """\
     type: choice
     options:
       - {text: A, correct: true, explanation: Because.}
       - {text: B, correct: true, explanation: Because.}
     """,
            "every option is marked correct; a choice question needs at least one wrong option",
        ),
        (
            """\
     type: choice
     options:
       - {text: A, correct: true, explanation: Because.}
       - {text: " a ", explanation: Because.}
     """,
            "p.yaml:14: questions[0].options[1].text: option ' a ' is the same as options[0]",
        ),
        (
            """\
     type: choice
     options:
       - {text: A, correct: true, explanation: Because.}
     """,
            "questions[0].options: needs at least 2 items",
        ),
        (
            """\
     type: choice
     options:
       - {text: A, correct: true}
       - {text: B, explanation: Because.}
     """,
            "questions[0].options[0]: missing required field 'explanation'",
        ),
        (
            """\
     type: choice
     """,
            "questions[0]: missing required field 'options'",
        ),
        (
            """\
     type: short
     """,
            "questions[0]: missing required field 'accepted'",
        ),
        (
            """\
     type: multiple
     """,
            "questions[0].type: 'multiple' is not one of free, choice, short",
        ),
        (
            """\
     options:
       - {text: A, correct: true, explanation: Because.}
       - {text: B, explanation: Because.}
     """,
            "questions[0].options: is only for type: choice, and this question is free",
        ),
        (
            """\
     type: short
     kind: choice
     accepted: [{text: x}]
     """,
            "questions[0].kind: says 'choice' but type says 'short'; keep type and remove kind",
        ),
        (
            """\
     type: short
     accepted: [{text: "0", tolerance: 0.1}]
     """,
            "questions[0].accepted[0].tolerance: a tolerance needs a number",
        ),
        (
            """\
     type: short
     accepted: [{text: Adam}, {text: ADAM optimiser, aliases: [adam]}]
     """,
            "questions[0].accepted[1].aliases[0]: 'adam' is also accepted in accepted[0]; list it once",
        ),
        (
            """\
     type: short
     accepted: [{text: "!!"}]
     """,
            "questions[0].accepted[0].text: '!!' has no letters or digits to match",
        ),
        (
            """\
     type: short
     accepted: [{text: zero, number: 0}]
     key_points: [{text: k, phrases: [zero output]}]
     """,
            "questions[0].key_points: a short question is graded against its accepted answers",
        ),
    ],
)
def test_a_bad_choice_or_short_question_gets_a_clear_located_error(body, expected):
    found = problems(body)
    assert any(expected in p for p in found), found


def test_seven_options_are_too_many():
    options = "".join(
        f"  - {{text: O{n}, correct: {str(n == 1).lower()}, explanation: Because.}}\n" for n in range(1, 8)
    )
    found = problems("type: choice\noptions:\n" + options)
    assert found == ["p.yaml:13: questions[0].options: has 7 items; at most 6 allowed"]


def test_the_older_kind_spelling_still_loads(tmp_path):
    (tmp_path / "p.yaml").write_text(HEADER + "    kind: open\n", encoding="utf-8")
    assert load_pack(tmp_path / "p.yaml").questions[0].kind == QuestionType.FREE


def test_content_lint_reports_bad_question_types_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        HEADER + "    type: choice\n    options:\n      - {text: A, explanation: x}\n"
        "      - {text: B, explanation: y}\n",
        encoding="utf-8",
    )
    assert main(["content", "lint", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "no option is marked `correct: true`" in out


def test_content_show_lists_options_and_accepted_answers(capsys):
    assert main(["content", "show", "dq-23", "--content", str(ROOT / "content")]) == 0
    shown = capsys.readouterr().out
    assert "dq-23  [beginner, short]" in shown and "0, zero (number 0 ± 0)" in shown


def test_content_import_drafts_free_text_questions(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Q1. What is dropout?\nA. It randomly switches off units while training.\n", encoding="utf-8"
    )
    out = tmp_path / "draft.yaml"
    assert main(["content", "import", str(doc), "--pack-id", "draft", "-o", str(out)]) == 0
    assert [q.kind for q in load_pack(out).questions] == [QuestionType.FREE]
