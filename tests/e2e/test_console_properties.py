"""Generated console commands (all options, odd digits, huge numbers, quotes) never get the generic error."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.loader import load_bank
from bot.core.clocks import SimulatedClock
from bot.core.commands import ADMIN_COMMANDS, MEMBER_COMMANDS
from bot.core.service import StudyService
from bot.frontends.console import ConsoleFrontend
from bot.frontends.console.output import TextOutput
from bot.schedule.fanout import FanOut
from bot.schedule.runner import DueRunner
from bot.store import open_store

ROOT = Path(__file__).resolve().parents[2]
GENERIC = "Something went wrong"
CONSOLE_ONLY = ("as", "channel", "clock", "answer", "appeal", "compare", "help", "studybot", "nonsense")
ALL_COMMANDS = (*MEMBER_COMMANDS.values(), *ADMIN_COMMANDS.values())
OPTION_NAMES = sorted({o.name for c in ALL_COMMANDS for o in c.options} | {"bogus"})
CHOICES = sorted({v for c in ALL_COMMANDS for o in c.options
                  for v in o.choices} | {"accept", "reject", "list", "mon-fri", "Europe/Berlin", "help"})

UNICODE_DIGITS = st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6)
NUMBERS = st.one_of(
    st.integers(0, 40).map(str),
    st.integers(0, 10**40).map(str),
    UNICODE_DIGITS,
    st.sampled_from(["-1", "+3", "1e9", "0x1f", "²", "٣", "１２", "", "#4", "9" * 5000, "00", " 7"]),
)
TIMES = st.builds(lambda h, sep, m: f"{h}{sep}{m}", NUMBERS, st.sampled_from([":", ".", ""]), NUMBERS)
QUOTED = st.text(max_size=12).map(lambda t: f'"{t}"') | st.text(max_size=12).map(lambda t: f"'{t}")
VALUES = st.one_of(NUMBERS, TIMES, st.sampled_from(CHOICES), st.text(max_size=20), QUOTED)
WORDS = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(OPTION_NAMES), VALUES),
    VALUES,
    st.sampled_from(["'", '"', "\\", "=", "==", "key=", "=value", "\x00", "\udcff", "\ud800"]),
)
STEPS = st.one_of(
    st.builds(lambda n, u: f"+{n}{u}", st.integers(0, 3).map(str) | NUMBERS, st.sampled_from("dhmx")),
    st.builds(lambda a, b: f"+{a}d{b}h", NUMBERS, NUMBERS),
    st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))
    .filter(lambda t: not 2026 <= t.year <= 2027).map(datetime.isoformat),  # behind, or refused as too far
    st.sampled_from(["yesterday", "2026-03-02T09:00", "+", "+d", "+366d1m", "+1d2h30m"]),
)
NAMES = st.sampled_from([*MEMBER_COMMANDS, *ADMIN_COMMANDS, *CONSOLE_ONLY])
COMMANDS = st.one_of(
    st.builds(lambda prefix, name, words: f"{prefix}{name} {' '.join(words)}",
              st.sampled_from(["/", "/studybot ", "/STUDYBOT "]), NAMES, st.lists(WORDS, max_size=6)),
    st.builds(lambda step: f"/clock {step}", STEPS),
    st.builds(lambda n, text: f"/answer {n} {text}", NUMBERS, st.text(max_size=40)),
    st.text(max_size=300).filter(lambda t: not t.lstrip().startswith("/")),  # a plain answer
)


class Recorder:
    """Keeps every event and renders it as a person would see it (rendering must not fail either)."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.text = TextOutput(io.StringIO(), colour=False)

    def emit(self, event: dict) -> None:
        self.events.append(event)
        self.text.emit(event)


def test_generated_commands_never_show_the_generic_error(tmp_path):
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(open_store(tmp_path / "study.db"))
    clock = SimulatedClock(datetime(2026, 3, 2, 8, tzinfo=UTC))
    service = StudyService(store, load_bank([ROOT / "content"]), clock, default_tz="UTC",
                           grace=timedelta(hours=6))
    runner = DueRunner(service, FanOut(service))

    async def advance(to: datetime) -> None:
        await runner.advance(clock, to)

    recorder = Recorder()
    frontend = ConsoleFrontend(service, recorder, advance, interactive=False)
    session = frontend.session
    for line in ("/setup time=09:00 tz=UTC days=daily", "/clock +1h"):  # a question open to answer
        loop.run_until_complete(session.handle(line))

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(line=COMMANDS)
    def typed(line: str) -> None:
        recorder.events.clear()
        loop.run_until_complete(session.handle(line))
        shown = [e for e in recorder.events if GENERIC in str(e.get("message", ""))]
        assert not shown, (line, shown)
        session.member, session.channel = session._member("you"), session._channel("general")

    try:
        typed()
    finally:
        loop.run_until_complete(store.close())
        loop.close()
