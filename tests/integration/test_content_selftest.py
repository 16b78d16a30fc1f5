"""Rubric self-tests: `content lint` grades every example; `content test` prints a table per question."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.content.selftest import lint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
CLAIMS = FIXTURES / "claims"
MISLABELLED = FIXTURES / "mislabelled" / "dropout.yaml"


def test_lint_grades_examples_and_passes_when_each_gets_its_verdict():
    report = lint([CLAIMS])
    assert not report.problems
    assert [(r.question_id, r.expected, r.got) for r in report.runs] == [
        ("cl-01", "correct", "correct"), ("cl-01", "incorrect", "incorrect")]


def test_a_mis_graded_example_fails_lint_with_its_file_line_and_field(capsys):
    assert main(["content", "lint", str(MISLABELLED)]) == 1
    out = capsys.readouterr().out
    name = "tests/fixtures/content/mislabelled/dropout.yaml"
    lines = [line for line in out.splitlines() if "examples[" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{name}:38: questions[0].examples[1]: expected correct, graded incorrect (0.")
    assert lines[1].startswith(f"{name}:41: questions[0].examples[2]: expected incorrect, graded correct (")
    assert all(line.endswith("; change the rubric, or the verdict if the example is wrong") for line in lines)
    assert "2 problems in 1 file" in out and "`studybot content test` shows each failing example" in out


def test_examples_of_a_pack_with_errors_are_not_graded(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MISLABELLED.read_text(encoding="utf-8").replace("difficulty: intermediate",
                                                                      "difficulty: hard"), encoding="utf-8")
    report = lint([broken])
    assert not report.runs and not report.mismatches
    assert [p.field for p in report.errors] == ["questions[0].difficulty"]


def test_a_grader_that_raises_is_reported_on_the_example_not_a_crash(monkeypatch):
    def boom(question, reply):
        raise RuntimeError("engine under construction")

    monkeypatch.setattr("bot.content.selftest.grade_any", boom)
    report = lint([CLAIMS])
    assert [p.message.split(";")[0] for p in report.errors] == [
        "the grader failed on this example (RuntimeError: engine under construction)"] * 2


def test_content_test_prints_a_table_with_each_failing_example(capsys):
    assert main(["content", "test", str(MISLABELLED)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["question", "examples", "passed"]
    assert out[1].split() == ["ml-01", "3", "1"]
    assert out[2].split()[:4] == ["FAIL", "expected", "correct,", "got"]
    assert "incorrect (0." in out[2] and out[2].endswith("tests/fixtures/content/mislabelled/dropout.yaml:38")
    assert out[3].strip() == '"Paris is the capital of France and its museums are lovely i…"'
    assert "expected incorrect, got correct (" in out[4] and out[4].endswith("dropout.yaml:41")
    assert out[5].strip().startswith('"Dropout randomly switches off units during training')
    assert out[-1] == "1 question, 3 examples: 1 passed, 2 failed"


def test_content_test_passes_and_counts_questions_without_examples(capsys, tmp_path):
    shutil.copy(CLAIMS / "dropout.yaml", tmp_path / "claims.yaml")
    shutil.copy(FIXTURES / "good" / "basics.yaml", tmp_path / "basics.yaml")
    assert main(["content", "test", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split() for line in out[:4]] == [["question", "examples", "passed"], ["nb-01", "0", "-"],
                                                 ["nb-02", "0", "-"], ["cl-01", "2", "2"]]
    assert out[-1] == ("3 questions, 2 examples: 2 passed, 0 failed; 2 without examples "
                       "(add `examples:`, see docs/rubrics.md)")


def test_content_test_json_lists_failures_with_the_whole_reply(capsys):
    assert main(["content", "test", str(MISLABELLED), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["examples"], data["passed"], data["failed"]) == (3, 1, 2)
    [question] = data["questions"]
    assert (question["id"], question["pack"], question["examples"], question["passed"]) == (
        "ml-01", "mislabelled", 3, 1)
    first = question["failures"][0]
    assert (first["line"], first["field"], first["expected"], first["got"]) == (
        38, "questions[0].examples[1]", "correct", "incorrect")
    assert first["reply"] == "Paris is the capital of France and its museums are lovely in the spring."
    assert 0 <= first["score"] < 0.35


def test_content_test_takes_a_pack_id_from_the_content_directory(capsys, monkeypatch):
    monkeypatch.setenv("STUDYBOT_CONTENT", str(CLAIMS))
    assert main(["content", "test", "claims"]) == 0
    assert "1 question, 2 examples: 2 passed, 0 failed" in capsys.readouterr().out
    assert main(["content", "test"]) == 0
    capsys.readouterr()
    assert main(["content", "test", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no pack file, directory or pack with id 'nope'" in err and "--content DIR" in err


def test_content_test_of_a_pack_that_does_not_load_exits_2_and_points_to_lint(capsys):
    assert main(["content", "test", str(FIXTURES / "broken")]) == 2
    err = capsys.readouterr().err
    assert "many-problems.yaml:1: (pack): missing required field 'source'" in err
    assert "10 problems keep packs from loading; run `studybot content lint" in err


def test_content_test_help_explains_the_table_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["content", "test", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for expected in ("PACK_OR_DIR", "expected", "Exit status: 0 when every example passes",
                     "1 when any fails", "2 when a pack cannot be loaded", "--json", "docs/rubrics.md"):
        assert expected in text


def test_python_dash_m_bot_content_test_exits_1_on_a_failing_example():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "content", "test", str(MISLABELLED)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.rstrip().endswith("1 question, 3 examples: 1 passed, 2 failed")
