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
DATA = ROOT / "tests" / "data" / "grading"


@pytest.fixture(scope="module", params=["sample-replies.jsonl", "dev-replies.jsonl"])
def graded(request):
    path = DATA / request.param
    assert path.is_file(), f"the judged replies are expected in the repository at {path}"
    bank = load_bank([ROOT / "content"])
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row, grade(bank.question(row["question_id"]), row["reply"])) for row in rows]


def test_macro_f1_and_spearman_stay_above_0_90(graded):
    labels = [row["label"] for row, _ in graded]
    verdicts = [g.verdict.value for _, g in graded]
    assert macro_f1(labels, verdicts) >= 0.90
    assert spearman([g.score for _, g in graded], [row["score"] for row, _ in graded]) >= 0.90


@pytest.mark.parametrize("kind", ["negated", "keyword-stuffed-wrong", "off-topic", "non-answer"])
def test_no_wrong_kind_of_reply_is_graded_correct(graded, kind):
    wrong = [(row["reply"], g.score) for row, g in graded
             if row["kind"] == kind and g.verdict.value == "correct"]
    assert wrong == []


def test_expert_correct_replies_score_above_non_answers_and_off_topic_ones(graded):
    correct = [g.score for row, g in graded if row["label"] == "correct"]
    empty = [g.score for row, g in graded if row["kind"] in {"non-answer", "off-topic"}]
    ordered = sum(1 for c in correct for e in empty if c > e) / (len(correct) * len(empty))
    assert ordered >= 0.99  # the chance a correct reply outscores a non-answer, over every pair


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_sample_reply_text_appears_in_the_content_or_the_grader(graded):
    bank = load_bank([ROOT / "content"])
    ours: list[tuple[str, set[str]]] = []
    for q in bank.questions():
        texts = [q.answer, *q.hints, *(kp.text for kp in q.key_points),
                 *(p for kp in q.key_points for p in kp.phrases),
                 *(p for kp in q.key_points for c in kp.claims for p in (*c.subject, *c.property)),
                 *(m.text for m in q.misconceptions), *(p for m in q.misconceptions for p in m.phrases),
                 *(p for m in q.misconceptions for c in m.claims for p in (*c.subject, *c.property)),
                 *(c.text for c in q.contrasts), *(p for c in q.contrasts for p in c.property),
                 *(e.reply for e in q.examples)]
        prompt = _shingles(q.prompt)  # a reply that copies the question back shares the prompt's words
        ours.extend((text, _shingles(text) - prompt) for text in texts)
    for name in ("grading.py", "matching.py", "gates.py", "textnorm.py", "negation.py", "reference.py",
                 "claims.py"):
        path = ROOT / "bot" / "core" / name
        ours.append((name, _shingles(path.read_text(encoding="utf-8"))))
    for row, _ in graded:
        said = _shingles(row["reply"])
        assert [text for text, words in ours if words & said] == [], row["reply"]
