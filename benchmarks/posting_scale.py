"""Posting across processes on PostgreSQL: `STUDYBOT_DB=postgresql://... python benchmarks/posting_scale.py`.

N processes (default 3) share the PostgreSQL database named by STUDYBOT_DB (or --db): C channels
(default 10,000) fall due in the same minute and every process runs its scheduler pass at once,
posting through a platform that takes 20 ms a post. Every process plans and tries every channel
(Slack channels, or Discord without shards) and the database lets one post each; with `--sharded`
the channels are Discord guilds spread over N shards and process k runs shard k, so each plans and
posts only its own. The benchmark works in a schema of its own (created and dropped), so the
database's tables are not touched. Prints one JSON object (or a table):
`{backend, processes, sharded, channels, posted, duplicates, failed, per_process, seconds, baseline}`,
where `baseline` is one process on a SQLite file in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rounds import SlowMessenger  # noqa: E402  (benchmarks/rounds.py, beside this file)

from bot.content.loader import load_bank  # noqa: E402
from bot.core.clocks import SimulatedClock  # noqa: E402
from bot.core.models import ALL_WEEKDAYS, ChannelRef, Platform, Schedule  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.database_url import PostgresUrl, parse_target  # noqa: E402
from bot.schedule.runner import DueRunner  # noqa: E402
from bot.shard_plan import ShardPlan  # noqa: E402
from bot.store import open_store  # noqa: E402

START = "2026-03-02T08:59:00+00:00"
DUE = "2026-03-02T09:00:30+00:00"
SETUP_BATCH = 200


class SlowPlatform(SlowMessenger):
    """The fan-out benchmark's slow platform, for Slack or Discord channels."""

    def __init__(self, latency: float, platform: Platform) -> None:
        super().__init__(latency)
        self.platform = platform


def channel(n: int, sharded: bool) -> ChannelRef:
    """Channel n: in its own Discord guild on shard n % shards when `sharded`, else a Slack channel."""
    if sharded:
        return ChannelRef(Platform.DISCORD, str((n << 22) | 1), str(700_000_000_000_000_000 + n), f"room-{n}")
    return ChannelRef(Platform.SLACK, "T1", f"C{n:05d}", f"room-{n}")


async def set_up(target: str, channels: int, sharded: bool) -> None:
    """Migrate the database and save `channels` schedules due at 09:00."""
    store = await open_store(target)
    try:
        for first in range(0, channels, SETUP_BATCH):
            await asyncio.gather(
                *(
                    store.save_schedule(
                        Schedule(
                            channel=channel(n, sharded),
                            post_time=clock_time(9, 0),
                            days=ALL_WEEKDAYS,
                        )
                    )
                    for n in range(first, min(first + SETUP_BATCH, channels))
                )
            )
    finally:
        await store.close()


async def worker(target: str, latency: float, shard: ShardPlan | None) -> None:
    """One process: ready, wait for `go` on stdin, run the due pass, print the channels it posted."""
    platform = SlowPlatform(latency, Platform.SLACK if shard is None else Platform.DISCORD)
    store = await open_store(target)
    clock = SimulatedClock(datetime.fromisoformat(START))
    service = StudyService(store, load_bank([ROOT / "content"]), clock)
    service.register_messenger(platform)
    runner = DueRunner(service, serves=None if shard is None else shard.serves)
    await runner.catch_up()
    clock.set(datetime.fromisoformat(DUE))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    report = await runner.run_due()
    await store.close()
    posted = [channel_id for (channel_id, _day), times in platform.posts.items() for _ in range(times)]
    print(json.dumps({"posted": posted, "failed": len(report.failed)}), flush=True)


def run_processes(target: str, processes: int, latency: float, sharded: bool) -> dict:
    """Start the workers, release them together, and count what they posted."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                target,
                "--latency-ms",
                str(latency * 1000),
                *(["--shard", str(k), "--processes", str(processes)] if sharded else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for k in range(processes)
    ]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit("a worker did not start; see its error above")
    started = time.perf_counter()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate(timeout=3600)[0].strip().splitlines()[-1]) for proc in procs]
    seconds = time.perf_counter() - started
    posts = Counter(c for r in results for c in r["posted"])
    return {
        "posted": len(posts),
        "duplicates": sum(n - 1 for n in posts.values()),
        "failed": sum(r["failed"] for r in results),
        "per_process": [len(r["posted"]) for r in results],
        "seconds": round(seconds, 2),
    }


def benchmark_schema(url: PostgresUrl) -> tuple[str, str]:
    """A new schema in the database for this run: (its name, the URL that works in it)."""
    import psycopg

    name = f"studybot_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url.url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    joiner = "&" if "?" in url.url else "?"
    return name, f"{url.url}{joiner}options={quote(f'-csearch_path={name}')}"


def drop_schema(url: PostgresUrl, name: str) -> None:
    import psycopg

    with psycopg.connect(url.url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def measure(target: str, channels: int, processes: int, latency: float, sharded: bool) -> dict:
    asyncio.run(set_up(target, channels, sharded))
    return {
        "processes": processes,
        "sharded": sharded,
        "channels": channels,
        **run_processes(target, processes, latency, sharded),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="PostgreSQL URL (default $STUDYBOT_DB)")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sharded", action="store_true", help="Discord channels, one shard per process")
    parser.add_argument("--worker", metavar="TARGET", help=argparse.SUPPRESS)
    parser.add_argument("--shard", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    if args.worker:
        shard = None if args.shard is None else ShardPlan((args.shard,), args.processes)
        asyncio.run(worker(args.worker, latency, shard))
        return 0
    url = parse_target(args.db or os.environ.get("STUDYBOT_DB", ""))
    if not isinstance(url, PostgresUrl):
        print(
            "posting_scale: set STUDYBOT_DB (or --db) to a PostgreSQL URL, e.g. "
            "postgresql://postgres@127.0.0.1:5432/test",
            file=sys.stderr,
        )
        return 2
    schema, target = benchmark_schema(url)
    try:
        result = {
            "backend": "postgresql",
            **measure(target, args.channels, args.processes, latency, args.sharded),
        }
    finally:
        drop_schema(url, schema)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = measure(str(Path(tmp) / "baseline.db"), args.channels, 1, latency, False)
    result["baseline"] = {"backend": "sqlite", **sqlite}
    if args.json:
        print(json.dumps(result))
        return 0
    for row in (result, result["baseline"]):
        print(
            f"{row['backend']:<10} {row['processes']} process(es): {row['posted']}/{row['channels']} posted, "
            f"{row['duplicates']} duplicates, {row['failed']} failed, {row['seconds']:.2f} s "
            f"(per process {row['per_process']})"
        )
    return 0 if result["posted"] == args.channels and result["duplicates"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
