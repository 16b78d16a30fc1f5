"""Grading speed and agreement: studybot's grader next to an exact/substring checker and bare token_set_ratio.

    python benchmarks/grading.py [--sample FILE.jsonl] [--content DIR] [--min-replies 10000] [--json] [--pin]
                                 [--bytecodes] [--repeat N] [--long]

Times batch throughput (replies per second on one core) and single-reply latency (p50/p99) over the
sample replies repeated to at least --min-replies, and reports each grader's macro-F1 and Spearman
on the sample itself. studybot runs twice: warm (word caches kept, as in a running bot) and cold
(the word caches emptied before every reply, so every word of a reply is stemmed and fuzzily
matched afresh).

What "cold" keeps is what a running bot builds once at load: each question's compiled rubric
(phrases, claims, their word index, the rubric words grouped for fuzzy look-ups, each rubric word's
fuzzy matches among the rubric's own words) and the stems of the grader's function words and of
every rubric's own words. What it empties before every reply:
the stems of words met in replies and every fuzzy match of a reply word. The last line (first
sight) empties everything, compiled rubrics included, and times each sample reply once.

Timings move with whatever else the machine runs: --repeat N times each batch N times and keeps the
fastest (on a shared machine, the run least slowed by others); --bytecodes adds a figure that does not: the
Python bytecodes the grader executes per cold reply (work done inside C, such as regular
expressions and rapidfuzz, is not counted), over every third sample reply.

--long adds the latency of replies at the length cap: for each question of the sample, its sample
replies joined in sample order (again from the first when they run out) up to MAX_REPLY_CHARS
characters, each graded cold (word caches emptied first) and timed --repeat times (at least 3, the
fastest kept); it prints their count, mean length, p50, p99 and the slowest in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_bank  # noqa: E402
from bot.core import agreement, grading  # noqa: E402
from bot.core.models import Question, Thresholds  # noqa: E402

DEFAULT_SAMPLE = ROOT / "tests" / "data" / "grading" / "dev-replies.jsonl"
Scorer = Callable[[Question, str], float]
_PUNCT = re.compile(r"[^\w\s]+")


def exact_substring(question: Question, reply: str) -> float:
    """What classic trivia bots do: full marks when the normalised answer appears in the reply."""
    answer = " ".join(_PUNCT.sub(" ", question.answer.casefold()).split())
    said = " ".join(_PUNCT.sub(" ", reply.casefold()).split())
    return 1.0 if answer and answer in said else 0.0


def token_set(question: Question, reply: str) -> float:
    """Bare rapidfuzz token_set_ratio between the reply and the model answer, as 0..1."""
    return fuzz.token_set_ratio(reply, question.answer, processor=utils.default_process) / 100.0


def studybot(question: Question, reply: str) -> float:
    """The studybot grader's score."""
    return grading.grade(question, reply).score


def studybot_cold(question: Question, reply: str) -> float:
    """The studybot grader with its word caches (stems and fuzzy matches of reply words) emptied
    before each reply."""
    grading.clear_word_caches()
    return grading.grade(question, reply).score


COLD_KEEPS = "compiled rubrics (with each rubric word's fuzzy matches among its words); stems of function " \
    "words and rubric words"
GRADERS: dict[str, Scorer] = {"studybot (warm)": studybot, "studybot (cold)": studybot_cold,
                              "exact/substring": exact_substring, "token_set_ratio": token_set}


def one_core(pin: bool) -> str:
    """The graders run in one thread; with `pin`, also pin the process to one CPU where possible."""
    if pin and hasattr(os, "sched_setaffinity"):
        cpu = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"one thread pinned to CPU {cpu}"
    return "one thread"


def measure(scorer: Scorer, items: list[tuple[Question, str]], repeat: int = 1) -> dict[str, float]:
    """Batch replies per second (the fastest of `repeat` batches), then per-reply p50 and p99 latency
    in milliseconds."""
    batch = cpu = math.inf
    for _ in range(max(1, repeat)):
        start, cpu_start = time.perf_counter(), time.process_time()
        for question, reply in items:
            scorer(question, reply)
        batch = min(batch, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu_start)
    latencies = []
    for question, reply in items:
        t0 = time.perf_counter()
        scorer(question, reply)
        latencies.append(time.perf_counter() - t0)
    latencies.sort()
    return {"replies_per_s": round(len(items) / batch, 1),
            "replies_per_cpu_s": round(len(items) / cpu, 1) if cpu > 0 else None,
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 3)}


def agreement_on(scorer: Scorer, rows: list[dict], bank) -> dict[str, float]:
    """Macro-F1 over the three labels and Spearman against the expert scores."""
    scores = [scorer(bank.question(r["question_id"]), r["reply"]) for r in rows]
    verdicts = [Thresholds().verdict(s).value for s in scores]
    return {"macro_f1": round(agreement.macro_f1([r["label"] for r in rows], verdicts), 3),
            "spearman": round(agreement.spearman(scores, [r["score"] for r in rows]), 3)}


def cold_latency(rows: list[dict], bank) -> float:
    """p99 in ms for the unique sample replies with every grader cache emptied first (first sight)."""
    grading.clear_caches()
    times = []
    for r in rows:
        t0 = time.perf_counter()
        grading.grade(bank.question(r["question_id"]), r["reply"] + " ")
        times.append(time.perf_counter() - t0)
    times.sort()
    return round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 3)


def bytecodes_per_reply(rows: list[dict], bank) -> int:
    """Python bytecodes executed per cold reply (word caches emptied first), over every third reply."""
    picked = [(bank.question(r["question_id"]), r["reply"]) for r in rows[::3]]
    for question, reply in picked:
        grading.grade(question, reply)  # rubrics compiled, as at load
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        frame.f_trace_opcodes = True
        count += event == "opcode"
        return trace

    for question, reply in picked:
        grading.clear_word_caches()
        sys.settrace(trace)
        try:
            grading.grade(question, reply)
        finally:
            sys.settrace(None)
    return round(count / len(picked))


def long_replies(rows: list[dict], bank) -> list[tuple[Question, str]]:
    """Per question of the sample: its sample replies joined, in order and cycling, up to the cap."""
    by_question: dict[str, list[str]] = {}
    for r in rows:
        by_question.setdefault(r["question_id"], []).append(r["reply"].strip())
    out = []
    for question_id, replies in by_question.items():
        text, i = "", 0
        while len(text) + 1 + len(replies[i % len(replies)]) <= grading.MAX_REPLY_CHARS and i < 1000:
            text = f"{text} {replies[i % len(replies)]}".strip()
            i += 1
        if text:
            out.append((bank.question(question_id), text))
    return out


def long_latency(items: list[tuple[Question, str]], repeat: int) -> dict[str, float]:
    """Cold latency in ms of replies at the length cap: the fastest of `repeat` (at least 3) per reply."""
    times = []
    for question, reply in items:
        best = math.inf
        for _ in range(max(3, repeat)):
            grading.clear_word_caches()
            t0 = time.perf_counter()
            grading.grade(question, reply)
            best = min(best, time.perf_counter() - t0)
        times.append(best * 1000)
    times.sort()
    return {"replies": len(items), "mean_chars": round(sum(len(r) for _, r in items) / max(1, len(items))),
            "p50_ms": round(times[len(times) // 2], 3),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 3),
            "max_ms": round(times[-1], 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="labelled JSON-lines replies")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content directory")
    parser.add_argument("--min-replies", type=int, default=10_000, help="repeat the sample to at least this")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--pin", action="store_true", help="pin the process to one CPU (Linux)")
    parser.add_argument("--repeat", type=int, default=1, help="time each batch N times, keep the fastest")
    parser.add_argument("--bytecodes", action="store_true",
                        help="also count the Python bytecodes of a cold reply (a figure load does not move)")
    parser.add_argument("--long", action="store_true",
                        help="also time cold replies at the length cap (sample replies joined per question)")
    args = parser.parse_args(argv)
    if not args.sample.is_file():
        print(f"benchmark: no sample file at {args.sample}; pass --sample FILE.jsonl", file=sys.stderr)
        return 2
    bank = load_bank([args.content])
    rows = [json.loads(line) for line in args.sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if bank.question(r.get("question_id", "")) is not None]
    if not rows:
        print("benchmark: no sample line names a question in the content", file=sys.stderr)
        return 2
    pinned = one_core(args.pin)
    cold = cold_latency(rows, bank)
    items = [(bank.question(r["question_id"]), r["reply"]) for r in rows]
    items = items * math.ceil(args.min_replies / len(items))
    result = {"replies": len(items), "sample": len(rows), "grader_version": grading.GRADER_VERSION,
              "cpu": pinned, "studybot_cold_p99_ms": cold, "cold_keeps": COLD_KEEPS, "graders": {}}
    for name, scorer in GRADERS.items():
        result["graders"][name] = {**measure(scorer, items, args.repeat), **agreement_on(scorer, rows, bank)}
    if args.bytecodes:
        result["studybot_cold_bytecodes"] = bytecodes_per_reply(rows, bank)
    if args.long:
        result["studybot_long"] = long_latency(long_replies(rows, bank), args.repeat)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['replies']} replies ({result['sample']} sample replies repeated), {pinned}, "
          f"grader {result['grader_version']}")
    print(f"{'grader':<18}{'replies/s':>12}{'per CPU-s':>12}{'p50 ms':>10}{'p99 ms':>10}{'macro-F1':>10}"
          f"{'Spearman':>10}")
    for name, figures in result["graders"].items():
        print(f"{name:<18}{figures['replies_per_s']:>12,.0f}{figures['replies_per_cpu_s'] or 0:>12,.0f}"
              f"{figures['p50_ms']:>10.3f}{figures['p99_ms']:>10.3f}"
              f"{figures['macro_f1']:>10.3f}{figures['spearman']:>10.3f}")
    print("cold: stems and fuzzy matches of the reply's words emptied before every reply; kept: compiled "
          "rubrics and the stems of function words and rubric words (built once at load)")
    print(f"studybot p99 with every cache emptied first, rubric compilation included: {cold:.3f} ms")
    if args.bytecodes:
        print(f"studybot Python bytecodes per cold reply: {result['studybot_cold_bytecodes']:,}")
    if args.long:
        long_ = result["studybot_long"]
        print(f"studybot cold, {long_['replies']} replies at the length cap "
              f"({long_['mean_chars']:,} characters on average): p50 {long_['p50_ms']:.3f} ms, "
              f"p99 {long_['p99_ms']:.3f} ms, slowest {long_['max_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
