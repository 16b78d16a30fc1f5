"""Dashboard page render times on a large community: 1,000 members, 90 days of daily rounds.

    python benchmarks/dashboard.py [--members 1000] [--days 90] [--repeat 5] [--cold] [--json]

Builds a real SQLite file (migrated by the store, then filled with plain SQL so seeding takes
seconds), serves the dashboard with `WebServer` on 127.0.0.1 and times each page over HTTP from a
client in the same process: the figure is the server's time to answer, chart images included.
Each member answers about 70 % of days; each stored streak fold is settled through the member's
last answer, as answering leaves it. The first request of each page is left out (matplotlib, its
fonts and the templates load). Charts are cached on their data, so later requests of a page with the
same numbers reuse them; `--cold` empties that cache before every request, so each one draws its
charts from scratch (the time of a page whose numbers just changed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bot.app import load_content, make_service  # noqa: E402
from bot.charts import Painter, figures  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.clocks import SimulatedClock  # noqa: E402
from bot.core.links import LinkSigner  # noqa: E402
from bot.core.models import Platform  # noqa: E402
from bot.core.streaks import RoundMark, StreakCounters, advance  # noqa: E402
from bot.frontends.web import WebServer  # noqa: E402
from bot.store import open_store  # noqa: E402

FIRST = date(2026, 1, 5)
COHORTS = ("alpha", "beta", "gamma", "delta")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fill(db: Path, members: int, days: int, questions: list, seed: int = 7) -> None:
    """Community, channel, schedule, members, cohorts, rounds, answers and the aggregates, in SQL."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    now = stamp(datetime.now(UTC))
    with conn:
        community = conn.execute(
            "INSERT INTO communities (platform, external_id) VALUES ('discord', 'bench') RETURNING id"
        ).fetchone()[0]
        channel = conn.execute(
            "INSERT INTO channels (community, external_id, name) VALUES (?, 'c1', 'study') RETURNING id",
            (community,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO schedules VALUES (?, '09:00', 'UTC', '0,1,2,3,4,5,6', '[]', 'sequential', "
            "'form', 0, NULL, 21600, ?)",
            (channel, now),
        )
        conn.executemany(
            "INSERT INTO members (community, external_id, name) VALUES (?, ?, ?)",
            [(community, f"U{n:04d}", f"member{n:04d}") for n in range(members)],
        )
        ids = [
            r[0] for r in conn.execute("SELECT id FROM members WHERE community = ? ORDER BY id", (community,))
        ]
        for index, name in enumerate(COHORTS):
            cohort = conn.execute(
                "INSERT INTO cohorts (community, name, name_key, created_at) VALUES (?, ?, ?, ?) "
                "RETURNING id",
                (community, name, name, now),
            ).fetchone()[0]
            conn.executemany(
                "INSERT INTO cohort_members VALUES (?, ?, ?)",
                [(cohort, m, now) for m in ids[index :: len(COHORTS)]],
            )
        skill = {m: rng.uniform(0.3, 0.95) for m in ids}
        answers = []
        answered: dict[int, set[int]] = {m: set() for m in ids}
        for n in range(days):
            day = FIRST + timedelta(days=n)
            question = questions[n % len(questions)]
            opened = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            status = "open" if n == days - 1 else "closed"
            rid = conn.execute(
                "INSERT INTO rounds (channel, local_date, question_id, status, opened_at, closes_at, "
                "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    channel,
                    day.isoformat(),
                    question.id,
                    status,
                    stamp(opened),
                    stamp(opened + timedelta(hours=23)),
                    None if status == "open" else stamp(opened + timedelta(hours=23)),
                ),
            ).fetchone()[0]
            points = [k.text for k in question.key_points]
            for m in ids:
                if rng.random() > 0.7:
                    continue
                answered[m].add(n)
                score = min(1.0, max(0.0, rng.gauss(skill[m], 0.15)))
                verdict = "correct" if score >= 0.75 else "partial" if score >= 0.35 else "incorrect"
                missed = [p for p in points if rng.random() > score]
                answers.append(
                    (
                        m,
                        community,
                        rid,
                        question.id,
                        "beginner",
                        "benchmark answer",
                        score,
                        verdict,
                        json.dumps(missed),
                        round(score * 10),
                        1,
                        "bench",
                        "form",
                        stamp(opened + timedelta(minutes=rng.randint(1, 600))),
                    )
                )
        conn.executemany(
            "INSERT INTO answers (member, community, round, question_id, difficulty, body, score, verdict, "
            "missed, points, counted, grader_version, source, submitted_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answers,
        )
        conn.execute(
            "INSERT INTO member_totals SELECT member, community, SUM(points), COUNT(*), "
            "SUM(verdict = 'correct') FROM answers WHERE counted = 1 GROUP BY member"
        )
        conn.executemany(
            "INSERT INTO member_streaks VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(channel, m, *settled_fold(answered[m])) for m in ids],
        )
    conn.close()


def settled_fold(days_answered: set[int]) -> tuple:
    """The stored fold as answering keeps it: settled through the member's last answered round."""
    if not days_answered:
        return (0, 0, 0, 0, None)
    last = max(days_answered)
    marks = [RoundMark(FIRST + timedelta(days=n), True, n in days_answered) for n in range(last + 1)]
    done = advance(StreakCounters(), None, marks).settled
    return (done.current, done.longest, done.freezes, done.run, (FIRST + timedelta(days=last)).isoformat())


async def measure(members: int, days: int, repeat: int, cold: bool = False) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store = await open_store(db)
        await store.close()
        bank = load_content(ROOT / "content")
        started = time.perf_counter()
        fill(db, members, days, list(bank.questions(())))
        print(
            f"seeded {members} members x {days} days in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        store = await open_store(db)
        now = datetime.combine(FIRST + timedelta(days=days - 1), datetime.min.time(), UTC) + timedelta(
            hours=12
        )
        service = make_service(store, bank, SimulatedClock(now), Settings())
        service.configure_dashboard(
            lambda: LinkSigner(b"benchmark-signing-key-0123456789"), "http://x", Painter()
        )
        server = WebServer(service, "127.0.0.1", 0)
        await server.start()
        link = service.link_for((Platform.DISCORD, "bench")).url.replace(
            "http://x", f"http://127.0.0.1:{server.port}"
        )
        base, _, query = link.partition("?")
        pages = {
            "overview": "",
            "leaderboard (all)": "leaderboard",
            "leaderboard (week, cohort)": "leaderboard?period=week&cohort=beta&",
            "topics": "topics",
            "rounds": "rounds",
            "member": "member/U0042",
        }
        times: dict[str, list[float]] = {}
        try:
            async with aiohttp.ClientSession() as http:
                for name, path in pages.items():
                    url = base + path + ("" if path.endswith("&") else "?") + query
                    for attempt in range(repeat + 1):
                        if cold:
                            figures.clear_caches()
                        t0 = time.perf_counter()
                        async with http.get(url) as response:
                            await response.read()
                            assert response.status == 200, (name, response.status)
                        if attempt:
                            times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        finally:
            await server.stop()
            await store.close()
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="draw every chart anew on every request")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    times = asyncio.run(measure(args.members, args.days, args.repeat, args.cold))
    if args.json:
        print(
            json.dumps({k: {"median_ms": statistics.median(v), "max_ms": max(v)} for k, v in times.items()})
        )
        return
    charts = "charts drawn anew each request" if args.cold else "charts cached on their data"
    print(
        f"dashboard pages, {args.members} members x {args.days} days, {args.repeat} requests each, "
        f"{charts} (ms)"
    )
    for name, values in times.items():
        print(f"  {name:<28} median {statistics.median(values):7.1f}   max {max(values):7.1f}")


if __name__ == "__main__":
    main()
