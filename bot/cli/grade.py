"""`studybot grade` (one reply, or JSON lines in batch) and `studybot grade-eval` (agreement with labels)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, TextIO

from bot.config import environment, parse_settings
from bot.core import agreement
from bot.core.errors import AnswerRejected, ContentError
from bot.core.grading import GRADER_VERSION, MAX_REPLY_CHARS, check_reply
from bot.core.models import ContentBank, Difficulty, Grade, Question
from bot.core.question_types import grade_any

PROGRESS_FROM = 200  # files with at least this many lines get a progress bar on stderr
WORST = 10
CONTENT_HELP = "content directory (default $STUDYBOT_CONTENT)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade", help="grade one reply, or JSON lines with --batch")
    p.add_argument("question_id", nargs="?", metavar="QUESTION_ID", help="question to grade against (dl-05)")
    p.add_argument("text", nargs="?", metavar="TEXT", help='the reply ("-" or omitted: read stdin)')
    p.add_argument("--batch", action="store_true",
                   help='read {"question_id", "reply"} JSON lines on stdin, write one grade per line')
    p.add_argument("--reference-only", action="store_true",
                   help='with --batch: lines are {"question", "reference", "reply"}; '
                        'grade against the reference')
    p.add_argument("--json", action="store_true", help="print the grade as JSON")
    p.add_argument("--content", type=Path, metavar="DIR", help=CONTENT_HELP)
    p.set_defaults(func=run_grade)

    e = sub.add_parser("grade-eval", help="agreement of the grader with a labelled JSON-lines file")
    e.add_argument("file", type=Path, metavar="FILE.jsonl",
                   help='lines of {"question_id", "reply", "label", "score"} '
                        '(or "question" and "reference" instead of the id)')
    e.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    e.add_argument("--content", type=Path, metavar="DIR", help=CONTENT_HELP)
    e.set_defaults(func=run_eval)


def _bank(given: Path | None, *, needed: bool = True) -> ContentBank:
    from bot.content.loader import load_bank

    directory = given if given is not None else parse_settings(environment())[0].content_dir
    if not needed and not directory.exists():
        return ContentBank(packs=())
    return load_bank([directory])


def _fail(command: str, message: str) -> int:
    print(f"studybot {command}: {message}", file=sys.stderr)
    return 2


def grade_json(g: Grade, question_id: Any) -> dict[str, Any]:
    """A grade as the batch output line (question_id, score, verdict, covered, missed, misconceptions)."""
    out: dict[str, Any] = {"question_id": question_id, "score": g.score, "verdict": g.verdict.value,
                           "covered": list(g.covered), "missed": list(g.missed),
                           "misconceptions": list(g.misconceptions), "grader_version": g.grader_version}
    if g.note:
        out["note"] = g.note
    return out


def reference_question(item: dict[str, Any]) -> Question:
    """A rubric-less question built from a reference-only line ({"question", "reference"})."""
    reference, prompt = item.get("reference"), item.get("question") or ""
    if not isinstance(reference, str) or not reference.strip():
        raise ValueError('needs a "reference" text to grade against')
    if not isinstance(prompt, str):
        raise ValueError('"question" must be text')
    return Question(id=str(item.get("question_id") or "reference"), prompt=prompt,
                    difficulty=Difficulty.INTERMEDIATE, answer=reference)


def grade_item(item: Any, bank: ContentBank, reference_only: bool) -> tuple[Question, Grade]:
    """Grade one parsed input line; ValueError (with the reason) for lines that cannot be graded."""
    if not isinstance(item, dict):
        raise ValueError("each line must be a JSON object")
    reply = item.get("reply")
    if not isinstance(reply, str):
        raise ValueError('needs a "reply" text')
    if reference_only:
        question = reference_question(item)
    else:
        qid = item.get("question_id")
        question = bank.question(qid) if isinstance(qid, str) else None
        if question is None:
            raise ValueError(f"unknown question id {qid!r}" if qid is not None else 'needs a "question_id"')
    if len(reply) > MAX_REPLY_CHARS:
        check_reply(reply)  # refused with the limit stated, as the bot refuses it
    return question, grade_any(question, reply)


def run_batch(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """One output line per non-blank input line, in order; problems become {"error": ...} lines."""
    bank = ContentBank(packs=()) if args.reference_only else _bank(args.content)
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        qid: Any = None
        try:
            item = json.loads(line)
            if isinstance(item, dict):
                qid = item.get("question_id")
            _, g = grade_item(item, bank, args.reference_only)
            out = grade_json(g, qid)
        except (ValueError, RecursionError) as err:
            out = {"question_id": qid, "line": number, "error": f"line {number}: {err}"}
        except AnswerRejected as err:
            out = {"question_id": qid, "line": number, "error": f"line {number}: {err}"}
        stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=False) + "\n")
    stdout.flush()
    return 0


def describe(question: Question, g: Grade, width: int = 88) -> str:
    """A grade for people: verdict and score, covered, missed, misconceptions, note and model answer."""
    lines = [f"{question.id}: {question.prompt}", "",
             f"Verdict: {g.verdict.value} ({round(g.score * 100)} %)"]
    for title, items, mark in (("Covered", g.covered, "+"), ("Missed", g.missed, "-"),
                               ("Misconceptions", g.misconceptions, "!")):
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {mark} {item}" for item in items)
    if g.note:
        lines.append(f"Note: {g.note}")
    lines.append("Model answer:")
    lines.extend(textwrap.wrap(question.answer, width=width, initial_indent="  ", subsequent_indent="  "))
    lines.append(f"(grader {g.grader_version})")
    return "\n".join(lines)


def run_grade(args: argparse.Namespace) -> int:
    """`studybot grade`: batch mode, or one reply given on the command line or stdin."""
    try:
        if args.batch:
            return run_batch(args, sys.stdin, sys.stdout)
        if args.reference_only:
            return _fail("grade", "--reference-only works with --batch")
        if not args.question_id:
            return _fail("grade", 'name a question and a reply: studybot grade dl-05 "your answer"')
        bank = _bank(args.content)
    except ContentError as err:
        return _fail("grade", f"{err}: run `studybot content lint` to see each problem")
    question = bank.question(args.question_id)
    if question is None:
        return _fail("grade", f"there is no question {args.question_id!r}; "
                              "`studybot content show deep-learning` lists the questions")
    text = sys.stdin.read() if args.text in (None, "-") else args.text
    try:
        g = grade_any(question, check_reply(text))
    except AnswerRejected as err:
        return _fail("grade", str(err))
    print(json.dumps(grade_json(g, question.id), ensure_ascii=False) if args.json else describe(question, g))
    return 0


def _label(item: dict[str, Any], question: Question) -> str | None:
    label = item.get("label")
    if label in agreement.LABELS:
        return label
    score = item.get("score")
    return question.thresholds.verdict(float(score)).value if isinstance(score, int | float) else None


def evaluate(path: Path, bank: ContentBank, progress: TextIO | None = None) -> dict[str, Any]:
    """Grade every labelled line of `path`; return the agreement figures and the worst misses."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    rows, skipped = [], []
    bar = progress if progress is not None and len(lines) >= PROGRESS_FROM else None
    for number, line in enumerate(lines, start=1):
        if bar is not None and (number % 50 == 0 or number == len(lines)):
            filled = 30 * number // len(lines)
            bar.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {number}/{len(lines)} replies")
            bar.flush()
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question, g = grade_item(item, bank, "reference" in item and "question_id" not in item)
            label = _label(item, question)
            if label is None:
                raise ValueError('needs a "label" (correct, partial, incorrect) or a numeric "score"')
        except (ValueError, AnswerRejected, AttributeError, TypeError) as err:
            skipped.append(f"line {number}: {err}")
            continue
        expected = item.get("score")
        rows.append({"line": number, "question_id": question.id, "kind": item.get("kind", ""),
                     "label": label, "verdict": g.verdict.value, "expected": expected, "score": g.score,
                     "reply": item["reply"]})
    if bar is not None:
        bar.write("\n")
    truth, graded = [r["label"] for r in rows], [r["verdict"] for r in rows]
    scored = [r for r in rows if isinstance(r["expected"], int | float)]
    ours, theirs = [r["score"] for r in scored], [float(r["expected"]) for r in scored]
    gap = sorted(rows, key=lambda r: (r["label"] == r["verdict"],
                                      -abs(r["score"] - float(r["expected"] or 0)), r["line"]))
    return {"file": path.name, "grader_version": GRADER_VERSION, "replies": len(rows),
            "accuracy": round(agreement.accuracy(truth, graded), 4),
            "macro_f1": round(agreement.macro_f1(truth, graded), 4),
            "spearman": round(agreement.spearman(ours, theirs), 4),
            "pearson": round(agreement.pearson(ours, theirs), 4),
            "confusion": agreement.confusion(truth, graded), "by_kind": _by_kind(rows),
            "worst": [r for r in gap if r["label"] != r["verdict"]][:WORST], "skipped": skipped}


def _by_kind(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per kind of reply (when lines say one): expected labels, the grader's verdicts and agreement."""
    kinds: dict[str, dict[str, Any]] = {}
    for r in rows:
        if not r["kind"]:
            continue
        k = kinds.setdefault(r["kind"], {"replies": 0, "agree": 0, "expected": {}, "graded": {}})
        k["replies"] += 1
        k["agree"] += r["label"] == r["verdict"]
        k["expected"][r["label"]] = k["expected"].get(r["label"], 0) + 1
        k["graded"][r["verdict"]] = k["graded"].get(r["verdict"], 0) + 1
    return dict(sorted(kinds.items()))


def report(result: dict[str, Any]) -> str:
    """The evaluation as text: figures, confusion matrix (rows expected), worst misses, skipped lines."""
    out = [f"Graded {result['replies']} replies from {result['file']} with grader {result['grader_version']}",
           f"  accuracy  {result['accuracy']:.3f}", f"  macro-F1  {result['macro_f1']:.3f}",
           f"  Spearman  {result['spearman']:.3f}", f"  Pearson   {result['pearson']:.3f}", "",
           "Confusion matrix (rows: expected label, columns: grader's verdict)",
           "             " + "".join(f"{label:>11}" for label in agreement.LABELS)]
    for label in agreement.LABELS:
        row = result["confusion"][label]
        out.append(f"  {label:<11}" + "".join(f"{row[p]:>11}" for p in agreement.LABELS))
    if result.get("by_kind"):
        out += ["", "By kind (graded correct / partial / incorrect; agreement with the labels)"]
        for kind, k in result["by_kind"].items():
            graded = " / ".join(f"{k['graded'].get(label, 0):>3}" for label in agreement.LABELS)
            out.append(f"  {kind:<22}{k['replies']:>4} replies  {graded}   {k['agree']}/{k['replies']} agree")
    out.append("")
    out.append("Worst misses" if result["worst"] else "No misses: every verdict agrees with its label.")
    for r in result["worst"]:
        expected = r["expected"] if r["expected"] is not None else "-"
        kind = f" [{r['kind']}]" if r["kind"] else ""
        out.append(f"  line {r['line']} {r['question_id']}{kind}: expected {r['label']} ({expected}), "
                   f"graded {r['verdict']} ({r['score']:.2f})")
        out.append(f"    {textwrap.shorten(r['reply'], 100, placeholder=' ...')}")
    for problem in result["skipped"]:
        out.append(f"  skipped {problem}")
    return "\n".join(out)


def run_eval(args: argparse.Namespace) -> int:
    """`studybot grade-eval FILE.jsonl [--json]`."""
    if not args.file.is_file():
        return _fail("grade-eval", f"{args.file} is not a readable file of JSON lines")
    try:
        bank = _bank(args.content, needed=False)
    except ContentError as err:
        return _fail("grade-eval", f"{err}: run `studybot content lint` to see each problem")
    result = evaluate(args.file, bank, progress=sys.stderr)
    print(json.dumps(result, ensure_ascii=False) if args.json else report(result))
    return 0
