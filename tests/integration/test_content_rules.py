"""Rubric rules on claims, contrasts and phrasings: each broken rule is one located problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bot.cli import main
from bot.content.checks import ERROR, WARNING, Problem
from bot.content.loader import check_pack_text
from bot.content.selftest import lint

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
RULES = FIXTURES / "rules" / "rules.yaml"


def located(problems: list[Problem]) -> set[tuple[int, str, str]]:
    """(line, field below questions[0], message up to its first ';') of each problem."""
    return {(p.line, p.field.removeprefix("questions[0]."), p.message.split(";")[0]) for p in problems}


def test_every_rule_on_claims_and_contrasts_is_reported_with_its_line_and_field():
    report = lint([RULES])
    assert located(report.errors) == {
        (16, "key_points[0].claims[0].subject[1]", "phrasing '—' has no words the grader can match"),
        (17, "key_points[0].claims[0].property[2]", "phrasing '?!' has no words the grader can match"),
        (20, "key_points[1].claims[0].subject[1]", "phrasing 'Softmax' is listed twice here"),
        (23, "key_points[1].claims[1].property[0]",
         "property 'Hidden  Layers' is also a property of the same subject in key_points[0]"),
        (25, "key_points[2].phrases[0]", "phrase 'output layer' is also a claim property in key_points[1]"),
        (39, "misconceptions[0].claims[0].property[0]",
         "property 'hidden layers' of relu is also what key_points[0] credits for that subject"),
        (41, "misconceptions[1].phrases[0]",
         "phrase 'gives probabilities' is also a property of key_points[1]"),
        (44, "contrasts[0].property[0]",
         "property 'output layer' is credited to sigmoid by key_points[1], but this contrast says it does "
         "not belong to it: fix the key point's subject or the contrast's not_to"),
        (46, "contrasts[0].not_to[0]", "'Relu' is in both belongs_to and not_to"),
    }
    assert located(report.warnings) == {
        (27, "key_points[3].phrases[0]", "phrase 'cheap' is a bare term, which earns nothing on its own: "
                                         "mark the point `naming: true` or make it a claim"),
    }


def test_rule_errors_refuse_the_pack_at_load_time_but_warnings_do_not():
    text = RULES.read_text(encoding="utf-8")
    problems = check_pack_text(text, "rules.yaml")
    assert len(problems) == 9 and all(p.level == ERROR for p in problems)


def test_a_property_shared_by_key_points_with_different_subjects_is_allowed():
    report = lint([RULES])
    assert not [p for p in report.problems if p.field.startswith("questions[0].key_points[5]")]  # tanh


def test_a_naming_point_may_list_a_bare_term():
    report = lint([RULES])
    assert not [p for p in report.problems if p.field.startswith("questions[0].key_points[4]")]  # relu


def test_warnings_print_with_warning_and_errors_fail_lint(capsys):
    assert main(["content", "lint", str(RULES)]) == 1
    out = capsys.readouterr().out
    assert "rules.yaml:27: questions[0].key_points[3].phrases[0]: warning: phrase 'cheap'" in out
    assert "1 warning, 9 problems in 1 file" in out


def test_an_example_with_an_unknown_verdict_is_a_schema_error():
    text = textwrap.dedent("""\
        id: v
        title: T
        version: "1"
        license: CC0-1.0
        source: tests
        questions:
          - id: v-1
            prompt: What is an epoch?
            difficulty: beginner
            answer: One full pass over the training data.
            examples:
              - reply: One pass over all the data.
                verdict: mostly right
        """)
    assert [str(p) for p in check_pack_text(text, "v.yaml")] == [
        "v.yaml:13: questions[0].examples[0].verdict: "
        "'mostly right' is not one of correct, partial, incorrect"]


def test_problem_levels_sort_and_print():
    error = Problem("a.yaml", 3, "questions[0]", "bad")
    warning = Problem("a.yaml", 2, "questions[0]", "weak", WARNING)
    assert str(warning) == "a.yaml:2: questions[0]: warning: weak"
    assert str(error) == "a.yaml:3: questions[0]: bad"
    assert sorted([error, warning]) == [warning, error]
