"""Reminder pass figures: `python benchmarks/reminders.py [--channels N] [--members M] [--json]`.

N channels (default 500) with an open round each and M members per channel (default 4) who answered
the day before (streak 1) and turned reminders on, on a real SQLite file. Prints the seconds of the
scheduler's reminder pass (`send_private_notes`) when nothing is due yet, when every reminder falls
due at once (each DM through a messenger that answers at once), and when the same pass runs again
(everything already sent: nothing may be sent twice).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rounds import SlowMessenger  # noqa: E402  (benchmarks/rounds.py, beside this script)

from bot.content.loader import load_bank  # noqa: E402
from bot.core.clocks import SimulatedClock  # noqa: E402
from bot.core.models import ALL_WEEKDAYS, ChannelRef, MemberRef, Platform, Schedule  # noqa: E402
from bot.core.ports import PrivateNote  # noqa: E402
from bot.core.reminder_rules import ReminderPref  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.store import open_store  # noqa: E402

MONDAY = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
REPLY = "A neuron computes a weighted sum of its inputs plus a bias and applies an activation function."


class CountingMessenger(SlowMessenger):
    """The fan-out benchmark's platform without latency, counting every private note too."""

    def __init__(self) -> None:
        super().__init__(latency=0.0)
        self.private = 0

    async def send_private(self, note: PrivateNote) -> None:
        self.private += 1


async def _world(db: Path, channels: int, members: int) -> tuple[StudyService, CountingMessenger]:
    """Monday answered by everyone, Tuesday's round open, everyone opted in with before=2h."""
    messenger = CountingMessenger()
    clock = SimulatedClock(MONDAY)
    service = StudyService(await open_store(db), load_bank([ROOT / "content"]), clock)
    service.register_messenger(messenger)
    store = service.store
    for n in range(channels):
        channel = ChannelRef(Platform.SLACK, "T1", f"C{n:05d}", f"room-{n}")
        schedule = await store.save_schedule(Schedule(channel, clock_time(9, 0), days=ALL_WEEKDAYS))
        clock.set(MONDAY + timedelta(seconds=n))
        monday = await service.claim_round(schedule, MONDAY.date())
        assert monday is not None
        for m in range(members):
            member = MemberRef(Platform.SLACK, "T1", f"U{n:05d}{m}")
            await service.submit_answer(member, monday.id, REPLY)
            await store.set_reminder(ReminderPref(member, channel, True, timedelta(hours=2)), clock.now())
    clock.set(MONDAY + timedelta(days=1))
    for schedule in await store.list_schedules():
        tuesday = await service.claim_round(schedule, clock.now().date())
        assert tuesday is not None
        await service.close_previous(tuesday)
    return service, messenger


async def measure(channels: int, members: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        service, messenger = await _world(Path(tmp) / "bench.db", channels, members)
        timings = {}
        for label, at in (
            ("nothing_due", "2026-03-04T06:59"),
            ("all_due", "2026-03-04T07:00"),
            ("repeat", "2026-03-04T07:01"),
        ):
            service.clock.set(datetime.fromisoformat(at + ":00+00:00"))
            started = time.perf_counter()
            sent = await service.send_private_notes()
            timings[label] = (round(time.perf_counter() - started, 3), len(sent))
        await service.store.close()
    return {
        "channels": channels,
        "members_per_channel": members,
        "nothing_due_seconds": timings["nothing_due"][0],
        "all_due_seconds": timings["all_due"][0],
        "reminders_sent": messenger.private,
        "repeat_seconds": timings["repeat"][0],
        "repeat_sent": timings["repeat"][1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=500)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = asyncio.run(measure(args.channels, args.members))
    if args.json:
        print(json.dumps(figures))
        return 0
    expected = args.channels * args.members
    print(f"reminder pass: {args.channels} channels x {args.members} opted-in members with a streak")
    print(f"  nothing due yet   {figures['nothing_due_seconds']:.3f} s")
    print(
        f"  all due at once   {figures['all_due_seconds']:.3f} s, {figures['reminders_sent']} sent "
        f"(target: {expected})"
    )
    print(
        f"  the same pass again {figures['repeat_seconds']:.3f} s, {figures['repeat_sent']} sent (target: 0)"
    )
    return 0 if figures["reminders_sent"] == expected and figures["repeat_sent"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
