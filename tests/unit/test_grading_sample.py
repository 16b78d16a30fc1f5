"""The grader against the expert-labelled sample replies (kept in tests/data/grading)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.content.loader import load_bank
from bot.core.agreement import macro_f1, spearman
from bot.core.grading import grade

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "grading" / "sample-replies.jsonl"


@pytest.fixture(scope="module")
def graded():
    assert SAMPLE.is_file(), f"the grading sample is expected in the repository at {SAMPLE}"
    bank = load_bank([ROOT / "content"])
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row, grade(bank.question(row["question_id"]), row["reply"])) for row in rows]


def test_sample_macro_f1_and_spearman_stay_above_0_85(graded):
    labels = [row["label"] for row, _ in graded]
    verdicts = [g.verdict.value for _, g in graded]
    assert macro_f1(labels, verdicts) >= 0.85
    assert spearman([g.score for _, g in graded], [row["score"] for row, _ in graded]) >= 0.85


@pytest.mark.parametrize("kind", ["negated", "keyword-stuffed-wrong", "off-topic", "non-answer"])
def test_no_wrong_kind_of_reply_is_graded_correct(graded, kind):
    wrong = [(row["reply"], g.score) for row, g in graded
             if row["kind"] == kind and g.verdict.value == "correct"]
    assert wrong == []


def test_every_expert_correct_reply_scores_above_every_non_answer(graded):
    lowest_correct = min(g.score for row, g in graded if row["label"] == "correct")
    highest_non_answer = max(g.score for row, g in graded if row["kind"] in {"non-answer", "off-topic"})
    assert lowest_correct > highest_non_answer


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_sample_reply_text_appears_in_the_content_or_the_grader(graded):
    bank = load_bank([ROOT / "content"])
    ours: list[tuple[str, set[str]]] = []
    for q in bank.questions():
        texts = [q.answer, *q.hints, *(kp.text for kp in q.key_points),
                 *(p for kp in q.key_points for p in kp.phrases),
                 *(m.text for m in q.misconceptions), *(p for m in q.misconceptions for p in m.phrases)]
        prompt = _shingles(q.prompt)  # a reply that copies the question back shares the prompt's words
        ours.extend((text, _shingles(text) - prompt) for text in texts)
    for name in ("grading.py", "matching.py", "gates.py", "textnorm.py", "negation.py", "reference.py"):
        path = ROOT / "bot" / "core" / name
        ours.append((name, _shingles(path.read_text(encoding="utf-8"))))
    for row, _ in graded:
        said = _shingles(row["reply"])
        assert [text for text, words in ours if words & said] == [], row["reply"]
