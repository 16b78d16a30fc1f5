"""Daily-round fan-out and console start-up figures: `python benchmarks/rounds.py [--json]`.

1. N channels (default 10,000) all due at 09:00, posted through a Messenger that takes 20 ms per
   post, with the scheduler's bounded concurrency, on a real SQLite file. Prints how many were
   posted, how many duplicates a second process found to post, the time taken, and the floor the
   concurrency bound allows (channels x latency / concurrency); the target is within 10 % of it.
2. `studybot console --json` from process start to its `ready` line (target < 1.5 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_bank  # noqa: E402
from bot.core.clocks import SimulatedClock  # noqa: E402
from bot.core.models import ALL_WEEKDAYS, ChannelRef, Platform, Schedule  # noqa: E402
from bot.core.ports import RoundPost  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.schedule.fanout import DEFAULT_CONCURRENCY, FanOut  # noqa: E402
from bot.schedule.runner import DueRunner  # noqa: E402
from bot.store import open_store  # noqa: E402

START = "2026-03-02T08:59:00+00:00"
DUE = "2026-03-02T09:00:30+00:00"


class SlowMessenger:
    """A platform that takes `latency` seconds per post and counts every post it receives."""

    platform = Platform.SLACK

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.posts: Counter[tuple[str, str]] = Counter()

    async def post_round(self, post: RoundPost) -> str:
        await asyncio.sleep(self.latency)
        self.posts[(post.channel.channel_id, post.local_date.isoformat())] += 1
        return f"ts-{post.round_id}"

    async def update_answer_count(self, channel, message_ref, round_id, answered) -> None:
        return None

    async def post_round_closed(self, summary) -> None:
        return None

    async def send_notice(self, channel, text) -> None:
        return None


async def _service(db: Path, messenger: SlowMessenger) -> StudyService:
    bank = load_bank([ROOT / "content"])
    service = StudyService(await open_store(db), bank, SimulatedClock(datetime.fromisoformat(START)))
    service.register_messenger(messenger)
    return service


async def fan_out(channels: int, latency: float, concurrency: int) -> dict:
    """Post `channels` rounds due in the same minute; then let a second process try the same."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        first_messenger = SlowMessenger(latency)
        service = await _service(db, first_messenger)
        for n in range(channels):
            channel = ChannelRef(Platform.SLACK, "T1", f"C{n:05d}", f"room-{n}")
            await service.store.save_schedule(
                Schedule(channel=channel, post_time=clock_time(9, 0), days=ALL_WEEKDAYS)
            )
        runner = DueRunner(service, FanOut(service, concurrency=concurrency))
        await runner.catch_up()
        service.clock.set(datetime.fromisoformat(DUE))
        started = time.perf_counter()
        report = await runner.run_due()
        seconds = time.perf_counter() - started

        second_messenger = SlowMessenger(latency)  # another process on the same file, same minute
        other = await _service(db, second_messenger)
        other.clock.set(datetime.fromisoformat(DUE) + timedelta(seconds=20))
        await DueRunner(other, FanOut(other, concurrency=concurrency)).catch_up()
        await other.store.close()
        await service.store.close()

    posts = first_messenger.posts + second_messenger.posts
    floor = channels * latency / concurrency
    return {
        "channels": channels,
        "posted": len(posts),
        "failed": len(report.failed),
        "duplicates": sum(count - 1 for count in posts.values()),
        "concurrency": concurrency,
        "latency_ms": latency * 1000,
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor, 3),
        "over_floor_percent": round((seconds / floor - 1) * 100, 1),
    }


def console_start(runs: int) -> dict:
    """Seconds from starting `studybot console --json` to its `ready` line (first run migrates)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STUDYBOT_ENV_FILE": os.devnull}
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "console", "--json", "--db", str(Path(tmp) / "c.db"),
                 "--now", START],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, env=env,
            )
            assert proc.stdout is not None and proc.stdin is not None
            line = proc.stdout.readline()
            times.append(time.perf_counter() - started)
            proc.stdin.close()
            proc.wait(timeout=30)
            if '"ready"' not in line:
                raise SystemExit(f"console did not start: {line!r}")
    return {"console_start_first_s": round(times[0], 3),
            "console_start_median_s": round(statistics.median(times[1:] or times), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    parser.add_argument("--console-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = asyncio.run(fan_out(args.channels, args.latency_ms / 1000, args.concurrency))
    result.update(console_start(args.console_runs))
    if args.json:
        print(json.dumps(result))
        return 0
    ok = result["posted"] == result["channels"] and result["duplicates"] == 0
    print(f"fan-out: {result['channels']} channels due in one minute, "
          f"{result['latency_ms']:.0f} ms per post, concurrency {result['concurrency']}")
    print(f"  posted        {result['posted']} (target: all)      {'ok' if ok else 'MISSED'}")
    print(f"  duplicates    {result['duplicates']} (target: 0)")
    print(f"  seconds       {result['seconds']:.2f} vs floor {result['floor_seconds']:.2f} "
          f"({result['over_floor_percent']:+.1f} %, target within +10 %)")
    print(f"console start to prompt: first {result['console_start_first_s']:.2f} s (creates the database), "
          f"then median {result['console_start_median_s']:.2f} s (target < 1.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
