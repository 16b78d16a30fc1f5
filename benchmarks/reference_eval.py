"""Reference-only grading against self-written judged replies, per style of reference.

    python benchmarks/reference_eval.py [--data DIR] [--verbose] [--json]

Reads every `*.jsonl` file in --data (default tests/data/reference): lines of
{"question", "reference", "reply", "score", "kind"}, one file per style (short data-structures
references, long multi-part neural-network references). Grades each reply against its reference
alone, as `studybot grade --batch --reference-only` does, and prints Pearson and Spearman against
`score`, macro-F1 over the three verdicts (labels from `score` with the default thresholds), and
the mean score per kind of reply. The data were written by the project, not taken from an exam:
they show direction, not the figure on real exam sets.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core import agreement  # noqa: E402
from bot.core.grading import grade  # noqa: E402
from bot.core.models import Difficulty, Question, Thresholds  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "reference"


def load(path: Path) -> list[dict[str, Any]]:
    """The judged lines of one file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Grade every row against its reference; agreement figures and per-kind mean scores."""
    thresholds = Thresholds()
    graded = []
    for row in rows:
        question = Question(id="reference", prompt=row.get("question") or "",
                            difficulty=Difficulty.INTERMEDIATE, answer=row["reference"])
        graded.append((row, grade(question, row["reply"])))
    ours = [g.score for _, g in graded]
    theirs = [float(row["score"]) for row, _ in graded]
    truth = [thresholds.verdict(s).value for s in theirs]
    verdicts = [g.verdict.value for _, g in graded]
    kinds: dict[str, list[tuple[float, float]]] = {}
    for row, g in graded:
        kinds.setdefault(row.get("kind", "-"), []).append((float(row["score"]), g.score))
    return {"replies": len(rows), "pearson": round(agreement.pearson(ours, theirs), 3),
            "spearman": round(agreement.spearman(ours, theirs), 3),
            "macro_f1": round(agreement.macro_f1(truth, verdicts), 3),
            "confusion": agreement.confusion(truth, verdicts),
            "kinds": {k: {"n": len(v), "expected": round(sum(e for e, _ in v) / len(v), 2),
                          "graded": round(sum(s for _, s in v) / len(v), 2)}
                      for k, v in sorted(kinds.items())},
            "rows": [{"kind": row.get("kind", "-"), "expected": row["score"], "score": g.score,
                      "verdict": g.verdict.value, "reply": row["reply"]} for row, g in graded]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory of *.jsonl files")
    parser.add_argument("--verbose", action="store_true", help="print every graded reply")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.jsonl"))
    if not files:
        print(f"reference_eval: no *.jsonl files in {args.data}", file=sys.stderr)
        return 2
    styles = {f.stem: load(f) for f in files}
    styles["all"] = [row for rows in list(styles.values()) for row in rows]
    results = {name: evaluate(rows) for name, rows in styles.items()}
    if args.json:
        print(json.dumps({k: {x: v[x] for x in ("replies", "pearson", "spearman", "macro_f1", "kinds")}
                          for k, v in results.items()}))
        return 0
    print(f"{'style':<12}{'replies':>8}{'Pearson':>9}{'Spearman':>10}{'macro-F1':>10}")
    for name, r in results.items():
        print(f"{name:<12}{r['replies']:>8}{r['pearson']:>9.3f}{r['spearman']:>10.3f}{r['macro_f1']:>10.3f}")
    for name, r in results.items():
        if name == "all":
            continue
        print(f"\n{name}: mean expected / graded score per kind")
        for kind, k in r["kinds"].items():
            print(f"  {kind:<14}{k['n']:>3}  {k['expected']:.2f} / {k['graded']:.2f}")
        if args.verbose:
            for row in r["rows"]:
                print(f"  {row['expected']:.2f} {row['score']:.2f} {row['verdict']:<9} [{row['kind']}] "
                      f"{textwrap.shorten(row['reply'], 90, placeholder=' ...')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
