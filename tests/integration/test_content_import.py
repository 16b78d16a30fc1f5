"""`studybot content import`: a "Q1. ... / A. ..." document becomes a draft pack that passes lint."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.content.importer import lint_ready
from bot.content.loader import load_pack
from bot.core.models import KeyPoint

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seeds" / "interview-questions.txt"  # the seed document's layout, our words

SMALL = """\
Introduction
This text introduces the list and belongs to no question.
Q1. What is an epoch?
A. One full pass over the training data.
Intermediate
Q2. What does a batch size trade off?
A. Smaller batches give noisier gradient estimates:
- they update the weights more often
- they use less memory per step
Advanced Questions
Q3. Why does batch normalisation help?
It keeps layer inputs in a stable range, which allows higher learning rates.
Conclusion
Good luck with your interviews!
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_seed_like_document_imports_as_thirty_questions_that_lint_clean(tmp_path, capsys):
    assert SEED.is_file(), f"the fixture document is missing: {SEED}"
    out = tmp_path / "x.yaml"
    assert main(["content", "import", str(SEED), "--pack-id", "x", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"wrote {out}: 30 questions (23 beginner, 5 advanced, 2 bonus); lint: no problems" in said

    assert main(["content", "lint", str(out)]) == 0
    assert "1 pack, 30 questions, no problems" in capsys.readouterr().out

    pack = load_pack(out)
    assert [q.id for q in pack.questions] == [f"x-{n:02d}" for n in range(1, 31)]
    levels = {q.id: q.difficulty.value for q in pack.questions}
    assert all(levels[f"x-{n:02d}"] == "beginner" for n in range(1, 24))
    assert all(levels[f"x-{n:02d}"] == "advanced" for n in range(24, 29))
    assert levels["x-29"] == levels["x-30"] == "bonus"
    assert pack.source == "Imported from interview-questions.txt"
    assert all(q.key_points for q in pack.questions)


def test_drafts_stay_in_the_phrases_form_and_say_how_to_review_them(tmp_path, capsys):
    doc = write(tmp_path / "small.txt", SMALL)
    assert main(["content", "import", str(doc), "--pack-id", "demo"]) == 0
    text = capsys.readouterr().out
    assert "drafts in the `phrases` form" in text and "studybot content test" in text
    points = [k for q in yaml.safe_load(text)["questions"] for k in q["key_points"]]
    assert points and all("phrases" in k and "claims" not in k for k in points)


def test_import_help_says_drafts_use_phrases(capsys):
    with pytest.raises(SystemExit):
        main(["content", "import", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "older `phrases` form" in help_text and "docs/rubrics.md" in help_text


def test_imported_answers_drop_the_a_prefix_and_keep_bullet_lines(tmp_path):
    out = tmp_path / "x.yaml"
    assert main(["content", "import", str(SEED), "--pack-id", "x", "-o", str(out)]) == 0
    pack = load_pack(out)
    first = pack.questions[0]
    assert first.prompt == "What is a neuron?"
    assert first.answer.startswith("A neuron is the smallest computing unit of a network")
    assert "- Inputs: every incoming number is scaled" in first.answer
    assert "- Text Data: one epoch reads every sentence" in pack.questions[1].answer
    assert "Conclusion" not in pack.questions[-1].answer
    assert "Good luck with your interviews" not in pack.questions[-1].answer
    assert "’" in out.read_text(encoding="utf-8")  # unicode stays readable, not \u escapes


def test_headings_set_difficulty_and_closing_sections_are_left_out(tmp_path, capsys):
    doc = write(tmp_path / "small.txt", SMALL)
    assert main(["content", "import", str(doc), "--pack-id", "demo", "--title", "Demo"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["title"] == "Demo" and data["source"] == "Imported from small.txt"
    questions = data["questions"]
    assert [(q["id"], q["difficulty"]) for q in questions] == [
        ("demo-01", "beginner"), ("demo-02", "intermediate"), ("demo-03", "advanced")]
    assert questions[0]["answer"] == "One full pass over the training data."
    assert questions[1]["answer"] == ("Smaller batches give noisier gradient estimates:\n"
                                      "- they update the weights more often\n- they use less memory per step")
    assert questions[2]["answer"].startswith("It keeps layer inputs in a stable range")
    assert "Good luck" not in questions[2]["answer"]
    assert "introduces" not in str(data)


def test_stdout_and_file_output_are_the_same_pack(tmp_path, capsys):
    doc = write(tmp_path / "small.txt", SMALL)
    out = tmp_path / "demo.yaml"
    assert main(["content", "import", str(doc), "--pack-id", "demo", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["content", "import", str(doc), "--pack-id", "demo", "-o", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert main(["content", "import", str(doc), "--pack-id", "demo"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_a_bad_pack_id_or_a_missing_file_is_refused_with_what_to_do(tmp_path, capsys):
    doc = write(tmp_path / "small.txt", SMALL)
    assert main(["content", "import", str(doc), "--pack-id", "Deep Learning"]) == 2
    assert "--pack-id 'Deep Learning' must be 1-60 lowercase letters" in capsys.readouterr().err
    assert main(["content", "import", str(tmp_path / "none.txt"), "--pack-id", "x"]) == 2
    assert "none.txt: no such file" in capsys.readouterr().err
    assert main(["content", "import", str(doc), "--pack-id", "x", "-o", str(tmp_path / "no" / "x.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_document_without_questions_writes_nothing(tmp_path, capsys):
    doc = write(tmp_path / "notes.txt", "Just some notes.\nNo numbered questions here.\n")
    out = tmp_path / "x.yaml"
    assert main(["content", "import", str(doc), "--pack-id", "x", "-o", str(out)]) == 1
    assert "found no answered questions" in capsys.readouterr().err
    assert not out.exists()


def test_a_question_without_an_answer_is_left_out_and_named(tmp_path, capsys):
    doc = write(tmp_path / "gap.txt", "Q1. What is a tensor?\nQ2. What is a layer?\nA. A function.\n")
    assert main(["content", "import", str(doc), "--pack-id", "gap"]) == 0
    captured = capsys.readouterr()
    assert "Q1 has no answer text; left out" in captured.err
    assert [q["id"] for q in yaml.safe_load(captured.out)["questions"]] == ["gap-02"]


def test_drafted_key_points_are_made_lint_ready():
    drafted = (
        KeyPoint("weighted sum", ("weighted sum", "Weighted  Sum", "  ", "sum of weights")),
        KeyPoint("repeat only", ("weighted sum",)),
        KeyPoint("zero weight", ("activation",), weight=0),
        *(KeyPoint(f"extra {n}", (f"phrase {n}",), weight=0.5) for n in range(10)),
    )
    ready = lint_ready(drafted)
    assert ready[0] == {"text": "weighted sum", "phrases": ["weighted sum", "sum of weights"]}
    assert ready[1] == {"text": "zero weight", "phrases": ["activation"]}
    assert len(ready) == 8 and ready[2] == {"text": "extra 0", "phrases": ["phrase 0"], "weight": 0.5}
