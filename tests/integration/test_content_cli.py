"""`studybot content lint` and `studybot content show`, driven through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "content"


def test_lint_of_a_clean_pack_counts_packs_questions_and_examples(capsys):
    assert main(["content", "lint", str(FIXTURES / "claims")]) == 0
    assert capsys.readouterr().out.strip() == "1 pack, 1 question, 2 examples graded as written, no problems"


def test_an_old_phrases_only_pack_passes_lint_with_warnings(capsys):
    assert main(["content", "lint", str(FIXTURES / "good")]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("1 pack, 2 questions, 9 warnings, no problems")
    assert ("basics.yaml:22: questions[0].key_points[1].phrases[2]: warning: phrase 'relu' is a bare term, "
            "which earns nothing on its own: mark the point `naming: true` or make it a claim") in out
    assert main(["content", "lint", "--no-warnings", str(FIXTURES / "good")]) == 0
    assert capsys.readouterr().out.strip() == "1 pack, 2 questions, 9 warnings, no problems"


def test_lint_prints_one_line_per_problem_naming_file_line_and_field(capsys):
    assert main(["content", "lint", str(FIXTURES / "broken"), str(FIXTURES / "good")]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if ".yaml:" in line and "warning:" not in line]
    assert len(lines) == 10
    text = "\n".join(lines)
    for expected in (
        "bad-syntax.yaml:3: (syntax): invalid YAML: while parsing a flow sequence did not find expected "
        "',' or ']' (the part that is not closed starts on line 2)",
        "many-problems.yaml:1: (pack): missing required field 'source'",
        "many-problems.yaml:19: questions[2].id: duplicate question id 'br-01'",
        "many-problems.yaml:8: questions[0].difficulty: 'hard' is not one of",
    ):
        assert expected in text
    assert out.rstrip().endswith(
        "9 warnings, 10 problems in 2 files: fix them and run `studybot content lint` again")


def test_lint_names_a_missing_path_and_fails(capsys, tmp_path):
    assert main(["content", "lint", str(tmp_path / "nowhere")]) == 1
    assert f"{tmp_path / 'nowhere'}: no such file or directory" in capsys.readouterr().out


def test_lint_without_paths_checks_the_configured_content_directory(capsys, monkeypatch):
    monkeypatch.setenv("STUDYBOT_CONTENT", str(FIXTURES / "claims"))
    assert main(["content", "lint"]) == 0
    assert "1 pack, 1 question" in capsys.readouterr().out
    assert main(["content", "lint", "--content", str(FIXTURES / "broken")]) == 1


def test_show_prints_a_question_with_its_whole_rubric(capsys):
    assert main(["content", "show", "nb-01", "--content", str(FIXTURES / "good")]) == 0
    out = capsys.readouterr().out
    for expected in ("nb-01  [beginner]  pack basics", "What does a single artificial neuron compute?",
                     "Topics: neurons, activation-functions", "Model answer:",
                     "1. a weighted sum of the inputs plus a bias  (weight 2)",
                     "phrases: weighted sum | w·x + b | weights times inputs",
                     "Misconceptions (", "- a neuron just copies its input  (core)", "Hints:",
                     "Verdicts: correct >= 0.8, partial >= 0.4"):
        assert expected in out


def test_show_of_a_pack_id_prints_every_question(capsys):
    assert main(["content", "show", "basics", "--content", str(FIXTURES / "good")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Neural network basics  (pack basics, version 1.0.0)")
    assert "2 questions: 1 beginner, 1 intermediate" in out
    assert "nb-01" in out and "Why is dropout switched off at inference time?" in out


def test_show_of_an_unknown_id_suggests_close_ones(capsys):
    assert main(["content", "show", "nb-1", "--content", str(FIXTURES / "good")]) == 1
    err = capsys.readouterr().err
    assert "no question or pack with id 'nb-1'" in err
    assert "did you mean nb-01" in err


def test_show_with_a_missing_content_directory_says_so(capsys, tmp_path):
    assert main(["content", "show", "dl-05", "--content", str(tmp_path / "gone")]) == 2
    err = capsys.readouterr().err
    assert f"content path {tmp_path / 'gone'} does not exist" in err


def test_python_dash_m_bot_lint_exits_non_zero_on_a_broken_pack():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "content", "lint", str(FIXTURES / "broken")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "tests/fixtures/content/broken/many-problems.yaml:26: thresholds.partial: " in done.stdout
    assert "10 problems in 2 files" in done.stdout


def test_show_renders_claims_naming_points_core_and_minor_misconceptions_contrasts_and_examples(capsys):
    assert main(["content", "show", "cl-01", "--content", str(FIXTURES / "claims")]) == 0
    out = capsys.readouterr().out
    for expected in (
        "1. dropout randomly switches off units during training  (weight 2)",
        "claim: dropout → randomly switches off units | randomly drops units | randomly zeroes units",
        "claim: inference | test time → every unit is used | all units are used",
        "4. names co-adaptation  (weight 1, naming: a bare term earns it)",
        "- dropout stays on at inference  (core)",
        "claim: dropout → stays on at inference | is used at test time",
        "- dropout makes training faster  (minor)",
        "Contrasts (", "- units are dropped during training, not at inference",
        "property: units are dropped | drops units", "belongs to: training", "not to: inference | test time",
        "Examples (2; `studybot content test` grades them):",
        "2. incorrect: Paris is the capital of France",
    ):
        assert expected in out, expected
    assert "1. correct: Dropout randomly switches off units" in out
    assert "co-adaptation; at inference" in " ".join(out.split())  # hyphenated words are not split


def test_show_wraps_a_long_claim_between_phrasings_only():
    from bot.content.render import _claim
    from bot.core.models import Claim

    claim = Claim(subject=("rectified linear unit", "leaky relu"),
                  property=tuple(f"property phrasing number {n}" for n in range(8)))
    lines = _claim(claim, "    ").splitlines()
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert lines[0].startswith("    claim: rectified linear unit | leaky relu → property phrasing number 0")
    assert all(line.rstrip().endswith("|") for line in lines[:-1])
