"""Shared pieces of the operations tests: a small content pack, a clean environment, fake platforms."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.config import VARIABLES
from bot.core.models import (
    ALL_WEEKDAYS,
    AnswerDraft,
    ChannelRef,
    Difficulty,
    Grade,
    MemberRef,
    Platform,
    RecordedAnswer,
    Schedule,
    Thresholds,
)

DISCORD_TOKEN = "MTA1NjQ1NjY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
SLACK_TOKEN = "xoxb-1111-2222-abcdefABCDEF"

PACK_YAML = """\
id: ops-basics
title: Operations test pack
version: "1.0.0"
license: CC-BY-4.0
source: written for the studybot tests
questions:
  - id: ops-dropout
    prompt: What does dropout do during training?
    difficulty: intermediate
    topics: [regularization]
    answer: Dropout randomly zeroes activations during training, which reduces overfitting.
    key_points:
      - text: randomly zeroes activations
        phrases: [randomly zeroes activations, randomly drops units, drops neurons at random]
      - text: reduces overfitting
        phrases: [reduces overfitting, regularizes, prevents overfitting]
  - id: ops-relu
    prompt: Why is ReLU popular as an activation function?
    difficulty: beginner
    topics: [activations]
    answer: ReLU is cheap to compute and does not saturate for positive inputs, easing vanishing gradients.
    key_points:
      - text: cheap to compute
        phrases: [cheap to compute, fast to compute, simple max with zero]
      - text: no saturation for positive inputs
        phrases: [does not saturate, no saturation, avoids vanishing gradients]
"""


def write_pack(directory: Path, text: str = PACK_YAML) -> Path:
    """A content directory holding one pack file."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ops-basics.yaml").write_text(text)
    return directory


def clean_environment(monkeypatch: pytest.MonkeyPatch, cwd: Path, **values: str) -> None:
    """Only the given studybot variables are set, and no .env from the developer's machine is read."""
    for var in VARIABLES:
        monkeypatch.delenv(var.name, raising=False)
    monkeypatch.chdir(cwd)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


Handler = Callable[[str, str, dict[str, str]], tuple[int, dict]]


@contextmanager
def fake_platform(handler: Handler, delay: float = 0.0) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every request with `handler(method, path, headers)`.

    Yields its base URL. `delay` makes each answer late (for timeout tests).
    """

    class Serve(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if delay:
                time.sleep(delay)
            status, body = handler(self.command, self.path, dict(self.headers))
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was bound and released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- a small study record in a real store ------------------------------------------------------

SLACK_C1 = ChannelRef(Platform.SLACK, "T1", "C1", "general")
SLACK_C2 = ChannelRef(Platform.SLACK, "T1", "C2", "random")
ALICE = MemberRef(Platform.SLACK, "T1", "U1", "alice")
BOB = MemberRef(Platform.SLACK, "T1", "U2", "bob")
CAROL = MemberRef(Platform.SLACK, "T1", "U3", "=carol")  # a name a spreadsheet would run as a formula


def graded(score: float, version: str = "test-1") -> Grade:
    """A grade as the grader would return it (verdict from the default thresholds)."""
    return Grade(score, Thresholds().verdict(score), (), (), grader_version=version)


async def record(store, member: MemberRef, round_id: int | None, question_id: str, text: str, score: float,
                 at: datetime, countable: bool = True, version: str = "test-1") -> RecordedAnswer:
    """Store one answer through the real store."""
    draft = AnswerDraft(member, question_id, Difficulty.INTERMEDIATE if question_id == "ops-dropout"
                        else Difficulty.BEGINNER, text, graded(score, version), at, round_id, countable)
    return await store.record_answer(draft)


async def seed_study_record(store) -> dict[str, int]:
    """Three scheduled days in C1 and one in C2, answers from three members, one practice answer.

    Returns the round ids by name. C1: alice answers all three days (streak 3), bob the first two,
    carol the last one; C2: bob once; alice also practises after day 1 closed.
    """
    await store.save_schedule(Schedule(SLACK_C1, tz="Europe/Berlin", days=ALL_WEEKDAYS))
    await store.save_schedule(Schedule(SLACK_C2, days=ALL_WEEKDAYS))
    rounds: dict[str, int] = {}
    for n, day in enumerate((date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)), start=1):
        opened = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
        question = "ops-dropout" if n != 2 else "ops-relu"
        r = await store.claim_round(SLACK_C1, day, question, opened, opened + timedelta(hours=20))
        await store.set_round_message(r.id, f"msg-{n}")
        rounds[f"c1-day{n}"] = r.id
    opened = datetime(2026, 1, 6, 9, tzinfo=UTC)
    r = await store.claim_round(SLACK_C2, date(2026, 1, 6), "ops-relu", opened, None)
    await store.set_round_message(r.id, "msg-c2")
    rounds["c2-day2"] = r.id
    at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    await record(store, ALICE, rounds["c1-day1"], "ops-dropout",
                 "Dropout randomly zeroes activations, which reduces overfitting.", 0.9, at)
    await record(store, BOB, rounds["c1-day1"], "ops-dropout", "it makes the model smaller", 0.1, at)
    at = datetime(2026, 1, 6, 10, 0, tzinfo=UTC)
    await record(store, ALICE, rounds["c1-day2"], "ops-relu", "cheap to compute", 0.5, at)
    await record(store, BOB, rounds["c1-day2"], "ops-relu", "it does not saturate, cheap", 0.8, at)
    await record(store, BOB, rounds["c2-day2"], "ops-relu", "=HYPERLINK(\"http://x\")", 0.0, at)
    await record(store, ALICE, None, "ops-dropout", "practice: drops neurons at random", 0.5,
                 at + timedelta(hours=1), countable=False)
    at = datetime(2026, 1, 7, 10, 0, tzinfo=UTC)
    text = "randomly drops units to regularize"
    await record(store, ALICE, rounds["c1-day3"], "ops-dropout", text, 0.95, at)
    await record(store, CAROL, rounds["c1-day3"], "ops-dropout", "no idea", 0.0, at)
    await store.create_cohort((Platform.SLACK, "T1"), "evening")
    await store.join_cohort(ALICE, "evening")
    return rounds
