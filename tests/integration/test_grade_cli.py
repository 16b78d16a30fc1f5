"""`studybot grade`, `grade --batch [--reference-only]` and `grade-eval`, run as a user would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli import main
from bot.core.grading import GRADER_VERSION

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures" / "content" / "good"
GOOD_DL05 = ("ReLU is max(0, x): cheap, no saturation for positive inputs, so it is the default in hidden "
             "layers. Sigmoid squashes to between 0 and 1 and saturates, giving vanishing gradients, "
             "so keep it for the output layer when you need a probability in binary classification.")


def _batch(monkeypatch, capsys, lines: list[str], *extra: str) -> tuple[int, list[dict]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code = main(["grade", "--batch", "--content", str(CONTENT), *extra])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_batch_grades_each_line_in_order_with_the_documented_fields(monkeypatch, capsys):
    lines = [json.dumps({"question_id": "dl-05", "reply": GOOD_DL05, "label": "ignored"}),
             json.dumps({"question_id": "dl-13", "reply": "idk"})]
    code, out = _batch(monkeypatch, capsys, lines)
    assert code == 0
    assert [o["question_id"] for o in out] == ["dl-05", "dl-13"]
    first, second = out
    assert {"question_id", "score", "verdict", "covered", "missed"} <= set(first)
    assert first["verdict"] == "correct" and 0.75 <= first["score"] <= 1.0
    assert second["verdict"] == "incorrect" and second["score"] == 0.0
    assert first["grader_version"] == GRADER_VERSION


def test_batch_turns_malformed_and_unknown_lines_into_error_lines_without_stopping(monkeypatch, capsys):
    lines = ["{not json", json.dumps({"question_id": "dl-99", "reply": "x"}), json.dumps(["a", "list"]),
             json.dumps({"question_id": "dl-05"}), "",
             json.dumps({"question_id": "dl-05", "reply": "a" * 4001}),
             json.dumps({"question_id": "dl-05", "reply": GOOD_DL05})]
    code, out = _batch(monkeypatch, capsys, lines)
    assert code == 0
    assert len(out) == 6, "blank lines are skipped, every other line answers"
    assert all("error" in o for o in out[:5])
    assert "dl-99" in out[1]["error"] and out[1]["question_id"] == "dl-99"
    assert "reply" in out[3]["error"]
    assert "4,000" in out[4]["error"]
    assert out[5]["verdict"] == "correct"


def test_batch_reference_only_grades_against_the_given_reference(monkeypatch, capsys):
    reference = "A stack is last in, first out; a queue is first in, first out."
    lines = [json.dumps({"question": "Stack versus queue?", "reference": reference,
                         "reply": "stack: last in first out. queue: first in first out"}),
             json.dumps({"reference": reference, "reply": "both store numbers"}),
             json.dumps({"question": "Stack versus queue?", "reply": "no reference here"})]
    code, out = _batch(monkeypatch, capsys, lines, "--reference-only")
    assert code == 0
    assert out[0]["score"] > out[1]["score"]
    assert out[0]["verdict"] == "correct" and out[1]["verdict"] == "incorrect"
    assert out[0]["covered"] and out[1]["missed"]
    assert "reference" in out[2]["error"]


def test_batch_works_through_a_real_pipe():
    lines = json.dumps({"question_id": "dl-05", "reply": GOOD_DL05}) + "\n" + "garbage\n"
    done = subprocess.run([sys.executable, "-m", "bot", "grade", "--batch", "--content", str(CONTENT)],
                          input=lines, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0]["verdict"] == "correct" and "error" in out[1]


def test_one_reply_is_explained_for_people(capsys):
    assert main(["grade", "dl-05", "relu in hidden layers", "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dl-05: Explain the difference")
    assert "Verdict: " in out and " %)" in out
    assert "Covered:" in out and "Missed:" in out and "Model answer:" in out
    assert "ReLU is the default for hidden layers" in out


def test_one_reply_names_a_misconception_it_states(capsys):
    reply = "relu for hidden layers, and relu outputs probabilities between 0 and 1"
    assert main(["grade", "dl-05", reply, "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "Misconceptions:" in out
    assert "Sigmoid (not ReLU) gives a bounded output in (0, 1) usable as a probability" in out
    assert "Verdict: incorrect" in out


def test_one_reply_as_json(capsys):
    assert main(["grade", "dl-05", GOOD_DL05, "--json", "--content", str(CONTENT)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question_id"] == "dl-05" and out["verdict"] == "correct"


def test_empty_and_over_long_replies_are_refused_with_the_reason(capsys):
    assert main(["grade", "dl-05", "   ", "--content", str(CONTENT)]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["grade", "dl-05", "x" * 5000, "--content", str(CONTENT)]) == 2
    assert "4,000" in capsys.readouterr().err


def test_an_unknown_question_is_named(capsys):
    assert main(["grade", "dl-77", "anything", "--content", str(CONTENT)]) == 2
    assert "dl-77" in capsys.readouterr().err


def test_content_option_grades_against_another_directory(capsys):
    reply = "dropout must be off at inference"
    assert main(["grade", "nb-02", reply, "--json", "--content", str(FIXTURES)]) == 0
    assert json.loads(capsys.readouterr().out)["question_id"] == "nb-02"
    assert main(["grade", "dl-05", "relu", "--content", str(FIXTURES)]) == 2


def _labelled(tmp_path: Path, repeat: int = 1) -> Path:
    rows = [{"question_id": "dl-05", "reply": GOOD_DL05, "label": "correct", "score": 0.9,
             "kind": "concise"},
            {"question_id": "dl-05", "reply": "idk", "label": "incorrect", "score": 0.0,
             "kind": "non-answer"},
            {"question_id": "dl-05", "reply": "relu in hidden layers", "label": "correct", "score": 0.8,
             "kind": "concise"}]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows * repeat) + "\nnot json\n", encoding="utf-8")
    return path


def test_grade_eval_prints_figures_confusion_matrix_and_worst_misses(tmp_path, capsys):
    assert main(["grade-eval", str(_labelled(tmp_path)), "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    for word in ("accuracy", "macro-F1", "Spearman", "Pearson", "Confusion matrix", "Worst misses"):
        assert word in out
    assert "line 3 dl-05 [concise]: expected correct (0.8), graded partial" in out
    assert "skipped line 4" in out


def test_grade_eval_json_carries_the_same_figures(tmp_path, capsys):
    assert main(["grade-eval", str(_labelled(tmp_path)), "--json", "--content", str(CONTENT)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["replies"] == 3
    assert result["confusion"]["correct"]["partial"] == 1
    assert 0.0 <= result["macro_f1"] <= 1.0 and result["worst"][0]["line"] == 3


def test_grade_eval_breaks_the_figures_down_by_kind_of_reply(tmp_path, capsys):
    assert main(["grade-eval", str(_labelled(tmp_path)), "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "By kind (graded correct / partial / incorrect; agreement with the labels)" in out
    assert "  non-answer               1 replies    0 /   0 /   1   1/1 agree" in out
    assert "  concise                  2 replies    1 /   1 /   0   1/2 agree" in out
    assert main(["grade-eval", str(_labelled(tmp_path)), "--json", "--content", str(CONTENT)]) == 0
    by_kind = json.loads(capsys.readouterr().out)["by_kind"]
    assert by_kind["concise"] == {"replies": 2, "agree": 1, "expected": {"correct": 2},
                                  "graded": {"correct": 1, "partial": 1}}


def test_grade_eval_shows_a_progress_bar_on_stderr_for_long_files(tmp_path, capsys):
    assert main(["grade-eval", str(_labelled(tmp_path, repeat=80)), "--content", str(CONTENT)]) == 0
    captured = capsys.readouterr()
    assert "240/241 replies" not in captured.out
    assert "241/241 replies" in captured.err and "[####" in captured.err


def test_grade_eval_of_a_missing_file_says_so(tmp_path, capsys):
    assert main(["grade-eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_batch_grades_are_identical_whatever_the_hash_seed(tmp_path):
    lines = [json.loads(line) for line in
             (ROOT / "tests" / "data" / "grading" / "sample-replies.jsonl").read_text().splitlines()]
    batch = "\n".join(json.dumps({"question_id": r["question_id"], "reply": r["reply"]}) for r in lines)
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "bot", "grade", "--batch", "--content", str(CONTENT)],
                              input=batch, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert len(next(iter(outputs)).splitlines()) == len(lines)
