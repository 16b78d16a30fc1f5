"""Grades pinned: every judged reply, rubric example and reference reply grades as the snapshot says.

The snapshot (tests/data/grading/grades-snapshot.json) records, for each reply, the verdict, the
score to 4 places, the key points covered (by position), the wrong claims named and the note. A
change meant only to make the grader faster must leave it untouched; a change meant to alter grades
bumps GRADER_VERSION and rewrites it on purpose:

    .venv/bin/python tests/unit/test_grading_snapshot.py --write
"""

from __future__ import annotations

import dataclasses
import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_bank  # noqa: E402
from bot.core.grading import clear_caches, clear_word_caches, grade, rubric_for  # noqa: E402
from bot.core.models import Difficulty, Grade, Question, QuestionType  # noqa: E402

SNAPSHOT = ROOT / "tests" / "data" / "grading" / "grades-snapshot.json"
FIXTURES = ROOT / "tests" / "fixtures" / "content"
PACKS = [ROOT / "content", *(FIXTURES / d for d in ("good", "claims", "mislabelled"))]
# Replies no judged file holds: empty, notation, emoji, markup, other languages, a long one.
EDGE_REPLIES = (
    "", "   ", "?", "idk", "no idea tbh", "σ(x) → ŷ; ∂L/∂w ≈ 0 ✅", "relu ❌ for output, softmax ✔",
    "**Dropout** zeroes units at random in training; at inference it's off. See https://example.org",
    "<@123> dropout isn't used at test time, is it?", "x^2 + y² ≤ 1 | w/o bias | w/ noise",
    "Le réseau de neurones apprend les poids avec la descente de gradient et la rétropropagation.",
    "images, text, audio, video, tables, graphs, time series, sensors " * 20,
    "not not not never no without instead of rather than " * 5,
)


def _reference_only(question: Question) -> Question:
    return dataclasses.replace(question, key_points=(), misconceptions=(), contrasts=())


def _named(question: Question, name: str) -> str:
    """A wrong claim's name as a short, stable label (its rubric position), else its text."""
    for i, m in enumerate(question.misconceptions):
        if m.text == name:
            return f"m{i}"
    for i, c in enumerate(question.contrasts):
        if c.text == name:
            return f"c{i}"
    for i, kp in enumerate(question.key_points):
        if name.endswith(kp.text):
            return f"k{i}"
    return name


def _summary(question: Question, result: Grade) -> list:
    texts = [kp.text for kp, _ in rubric_for(question).key_points]
    assert sorted(texts) == sorted((*result.covered, *result.missed))
    covered = "".join("1" if t in result.covered else "0" for t in texts)
    note = f"{zlib.crc32(result.note.encode()):08x}" if result.note else ""
    return [result.verdict.value, round(result.score, 4), covered,
            [_named(question, m) for m in result.misconceptions], note]


def cases() -> list[tuple[str, Question, str]]:
    """(label, question, reply) for every reply the snapshot covers, in a fixed order."""
    out: list[tuple[str, Question, str]] = []
    bank = load_bank([ROOT / "content"])
    questions = [q for q in bank.questions() if q.kind == QuestionType.FREE]  # the rubric grader's
    order = {q.id: i for i, q in enumerate(questions)}
    for path in sorted((ROOT / "tests" / "data" / "grading").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            q = bank.question(row["question_id"])
            other = questions[(order[q.id] + 1) % len(questions)]  # the same reply sent to another question
            out.append((f"{path.stem}:{n}", q, row["reply"]))
            out.append((f"{path.stem}:{n}:other", other, row["reply"]))
            out.append((f"{path.stem}:{n}:reference-only", _reference_only(q), row["reply"]))
    for pack_dir in PACKS:
        for q in load_bank([pack_dir]).questions():
            if q.kind != QuestionType.FREE:
                continue  # choice and short questions are not graded against a rubric
            for n, example in enumerate(q.examples):
                out.append((f"{pack_dir.name}:{q.id}:example:{n}", q, example.reply))
            for n, reply in enumerate(EDGE_REPLIES):
                out.append((f"{pack_dir.name}:{q.id}:edge:{n}", q, reply))
    for path in sorted((ROOT / "tests" / "data" / "reference").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                row = json.loads(line)
                q = Question(id=f"{path.stem}-{n}", prompt=row["question"],
                             difficulty=Difficulty.INTERMEDIATE, answer=row["reference"])
                out.append((f"{path.stem}:{n}", q, row["reply"]))
    return out


def current() -> dict[str, list]:
    """Today's grades of every case, each reply graded once with warm caches and once cold."""
    clear_caches()
    graded = {label: _summary(q, grade(q, reply)) for label, q, reply in cases()}
    for label, q, reply in cases():  # grading must not depend on what was graded before
        clear_word_caches()
        again = _summary(q, grade(q, reply))
        assert again == graded[label], f"{label}: {again} cold, {graded[label]} warm"
    return graded


def test_grades_match_the_snapshot():
    assert SNAPSHOT.is_file(), f"no snapshot at {SNAPSHOT}: write it with this file's --write"
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = current()
    changed = {k: (expected.get(k), v) for k, v in now.items() if expected.get(k) != v}
    assert set(now) == set(expected)
    assert changed == {}, f"{len(changed)} grades changed, e.g. {list(changed.items())[:5]}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: test_grading_snapshot.py --write (rewrites it from today's grader)")
    grades = current()
    lines = (f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
             for k, v in grades.items())
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {len(grades)} grades to {SNAPSHOT.relative_to(ROOT)}")
