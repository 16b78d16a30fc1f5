"""Several processes on one PostgreSQL database: `STUDYBOT_DB=postgresql://... benchmarks/scale.py --json`.

N processes (default 3) share the PostgreSQL database named by STUDYBOT_DB (or --db), working in a
schema of their own that this run creates, migrates and drops (so repeated runs start fresh and the
database's own tables are never touched). C channels (default 10,000, Slack channels) fall due in the
same minute; every process runs its scheduler pass at once through the real service and DueRunner,
posting through a Messenger that records each post and takes `--latency-ms` (default 20). Then a burst
of A answers (default 3,000, one member each, in channels spread over the posted rounds) goes through
`StudyService.submit_answer`, split over the processes, with `--double-submits` (default 300) of those
members also submitting the same answer from the next process at the same moment.

Prints one JSON object (or, without --json, two lines):
`{backend, processes, channels, posted, duplicates, answers, acknowledged, lost, double_counted,
answer_p99_ms, seconds, baseline}`. `posted` counts channels posted, `duplicates` extra posts of a
channel; `answers` is submissions made, `acknowledged` those that returned feedback, `lost`
acknowledged answers missing from the database afterwards, `double_counted` counted answers beyond one
per member and round; `answer_p99_ms` is the 99th percentile time of one `submit_answer`; `seconds`
runs from the start of posting to the last answer. `baseline` holds the same fields for one process on
a SQLite file in the same run. Only a server on this machine (127.0.0.1, localhost, ::1) is used; every
child is killed after `--timeout` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from posting_scale import SlowPlatform, benchmark_schema, channel, drop_schema, set_up  # noqa: E402

from bot.content.loader import load_bank  # noqa: E402
from bot.core.clocks import SimulatedClock  # noqa: E402
from bot.core.models import MemberRef, Platform, Question, QuestionType  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.database_url import PostgresUrl, parse_target  # noqa: E402
from bot.schedule.runner import DueRunner  # noqa: E402
from bot.store import open_store  # noqa: E402

START = "2026-03-02T08:59:00+00:00"
DUE = "2026-03-02T09:00:30+00:00"
DAY = date(2026, 3, 2)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LIMITS = {"processes": 16, "channels": 20_000, "answers": 50_000}
IN_FLIGHT = 16  # answers one process has in flight at once (members answering together)


def member(n: int) -> MemberRef:
    return MemberRef(Platform.SLACK, "T1", f"U{n:06d}", f"member-{n}")


def plan(answers: int, doubles: int, channels: int, processes: int) -> list[list[list[int]]]:
    """Per process, its submissions as [member number, channel number]: answer n goes to process
    n % N; the first `doubles` members also submit from the next process, first in its list."""
    work: list[list[list[int]]] = [[] for _ in range(processes)]
    for n in range(min(doubles, answers)):
        work[(n + 1) % processes].append([n, n % channels])
    for n in range(answers):
        work[n % processes].append([n, n % channels])
    for k in range(processes):  # each process starts with its doubles, so they meet their twins
        work[k].sort(key=lambda job: job[0] >= doubles)
    return work


def reply_for(question: Question) -> str:
    """A reply that answers `question` well: the right options of a choice question, else its answer."""
    if question.kind == QuestionType.CHOICE:
        return ",".join(str(n) for n, option in enumerate(question.options, start=1) if option.correct)
    return question.answer


async def answer_burst(service: StudyService, jobs: list[list[int]]) -> dict:
    """Submit every job's answer (the question's model answer), IN_FLIGHT at a time."""
    rounds: dict[int, object] = {}
    for _, n in jobs:
        if n not in rounds:
            rounds[n] = await service.store.round_on(channel(n, False), DAY)
    gate = asyncio.Semaphore(IN_FLIGHT)
    acks: list[list] = []
    latencies: list[float] = []
    errors: Counter[str] = Counter()

    async def submit(m: int, n: int) -> None:
        round_ = rounds[n]
        if round_ is None:
            errors["no round posted"] += 1
            return
        text = reply_for(service.question(round_.question_id))
        async with gate:
            started = time.perf_counter()
            try:
                feedback = await service.submit_answer(member(m), round_.id, text)
            except Exception as exc:  # counted, shown in the report: an error is a result here
                errors[f"{type(exc).__name__}: {exc}"[:200]] += 1
                return
            latencies.append((time.perf_counter() - started) * 1000)
        acks.append([feedback.answer_id, bool(feedback.counted), m, n])

    await asyncio.gather(*(submit(m, n) for m, n in jobs))
    return {"acks": acks, "latencies": latencies, "errors": dict(errors)}


async def worker(target: str, latency: float) -> None:
    """One process: ready; on `go` post what is due; then read its answer jobs and submit them."""
    platform = SlowPlatform(latency, Platform.SLACK)
    store = await open_store(target)
    clock = SimulatedClock(datetime.fromisoformat(START))
    service = StudyService(store, load_bank([ROOT / "content"]), clock)
    service.register_messenger(platform)
    runner = DueRunner(service)
    await runner.catch_up()
    clock.set(datetime.fromisoformat(DUE))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    report = await runner.run_due()
    posted = [channel_id for (channel_id, _day), times in platform.posts.items() for _ in range(times)]
    print(json.dumps({"posted": posted, "failed": len(report.failed)}), flush=True)
    jobs = json.loads(await asyncio.to_thread(sys.stdin.readline))
    result = await answer_burst(service, jobs)
    await store.close()
    print(json.dumps(result), flush=True)


def p99(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)], 1)


def stored_answers(target: str) -> tuple[set[int], int]:
    """(ids of every stored answer, counted answers beyond one per member and round)."""
    found = parse_target(target)
    extra = (
        "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM answers WHERE counted = 1 "
        "GROUP BY member, round) AS per_round"
    )
    if isinstance(found, PostgresUrl):
        import psycopg

        with psycopg.connect(found.url) as conn:
            ids = {r[0] for r in conn.execute("SELECT id FROM answers")}
            return ids, int(conn.execute(extra).fetchone()[0])
    import sqlite3

    with sqlite3.connect(found) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM answers")}, int(conn.execute(extra).fetchone()[0])


def run_processes(target: str, processes: int, channels: int, answers: int, doubles: int, latency: float,
                  timeout: float) -> dict:
    """Start the workers, release them together, send each its answers, and count what happened."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", target, "--latency-ms", str(latency * 1000)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        for _ in range(processes)
    ]
    watchdog = threading.Timer(timeout, lambda: [p.kill() for p in procs])
    watchdog.start()
    try:
        for proc in procs:
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit("scale: a worker did not start (or --timeout passed); see its error above")
        started = time.perf_counter()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        posting = [json.loads(proc.stdout.readline()) for proc in procs]
        for proc, jobs in zip(procs, plan(answers, doubles, channels, processes), strict=True):
            proc.stdin.write(json.dumps(jobs) + "\n")
            proc.stdin.flush()
        burst = [json.loads(proc.stdout.readline()) for proc in procs]
        seconds = time.perf_counter() - started
        for proc in procs:
            proc.wait(timeout=60)
    except (json.JSONDecodeError, ValueError) as exc:
        raise SystemExit(f"scale: a worker stopped early ({exc}); see its error above") from exc
    finally:
        watchdog.cancel()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    posts = Counter(c for r in posting for c in r["posted"])
    acks = [a for r in burst for a in r["acks"]]
    errors = Counter()
    for r in burst:
        errors.update(r["errors"])
    ids, double_counted = stored_answers(target)
    result = {
        "processes": processes,
        "channels": channels,
        "posted": len(posts),
        "duplicates": sum(n - 1 for n in posts.values()),
        "answers": sum(len(jobs) for jobs in plan(answers, doubles, channels, processes)),
        "acknowledged": len(acks),
        "lost": sum(1 for a in acks if a[0] not in ids),
        "double_counted": double_counted,
        "answer_p99_ms": p99([x for r in burst for x in r["latencies"]]),
        "seconds": round(seconds, 2),
    }
    if errors:
        print(f"scale: {sum(errors.values())} answer(s) failed: {dict(errors.most_common(3))}",
              file=sys.stderr)
    return result


def measure(target: str, processes: int, args: argparse.Namespace) -> dict:
    asyncio.run(set_up(target, args.channels, False))
    return run_processes(target, processes, args.channels, args.answers, args.double_submits,
                         args.latency_ms / 1000, args.timeout)


def local_postgres(text: str) -> PostgresUrl:
    """The PostgreSQL URL to benchmark on; SystemExit unless it names a server on this machine."""
    url = parse_target(text)
    if not isinstance(url, PostgresUrl):
        raise SystemExit("scale: set STUDYBOT_DB (or --db) to a PostgreSQL URL, e.g. "
                         "postgresql://postgres@127.0.0.1:5432/test")
    host = urlsplit(url.url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"scale: {url.describe} is not on this machine; the benchmark only runs against "
                         "127.0.0.1 (it creates and drops a schema there)")
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="PostgreSQL URL on 127.0.0.1 (default $STUDYBOT_DB)")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=3_000)
    parser.add_argument("--double-submits", type=int, default=300)
    parser.add_argument("--latency-ms", type=float, default=20.0, help="time each post takes (default 20)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before the workers are killed")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", metavar="TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(args.worker, args.latency_ms / 1000))
        return 0
    for name, limit in LIMITS.items():
        if not 1 <= getattr(args, name) <= limit:
            parser.error(f"--{name} must be between 1 and {limit}")
    url = local_postgres(args.db or os.environ.get("STUDYBOT_DB", ""))
    schema, target = benchmark_schema(url)
    try:
        result = {"backend": "postgresql", **measure(target, args.processes, args)}
    finally:
        drop_schema(url, schema)
    with tempfile.TemporaryDirectory() as tmp:
        result["baseline"] = {"backend": "sqlite", **measure(str(Path(tmp) / "baseline.db"), 1, args)}
    if args.json:
        print(json.dumps(result))
    else:
        for row in (result, result["baseline"]):
            print(f"{row['backend']:<10} {row['processes']} process(es): {row['posted']}/{row['channels']} "
                  f"posted, {row['duplicates']} duplicates; {row['acknowledged']}/{row['answers']} answers "
                  f"acknowledged, {row['lost']} lost, {row['double_counted']} double-counted, "
                  f"p99 {row['answer_p99_ms']} ms; {row['seconds']:.2f} s")
    wrong = result["duplicates"] or result["lost"] or result["double_counted"]
    ok = result["posted"] == args.channels and result["acknowledged"] == result["answers"] and not wrong
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
