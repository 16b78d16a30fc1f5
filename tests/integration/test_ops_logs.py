"""Logging: readable text by default, JSON lines on request, ids as fields, never tokens or answers."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest
from ops_support import DISCORD_TOKEN, SLACK_TOKEN

from bot.config import load_settings
from bot.core.models import ChannelRef, Platform
from bot.logs import channel_fields, configure_logging, fields, log_context

CHANNEL = ChannelRef(Platform.SLACK, "T1", "C42", "general")


@pytest.fixture
def capture():
    """Configure logging like the app does and hand back the text written; undo afterwards."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    stream = io.StringIO()

    def setup(fmt: str = "text", level: str = "INFO", secrets: tuple[str, ...] = ()) -> io.StringIO:
        configure_logging(level, fmt, secrets, stream)
        return stream

    yield setup
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]


def test_json_lines_carry_channel_and_round_ids_as_fields(capture):
    out = capture("json")
    logging.getLogger("bot.service").info("round posted", extra=fields(**channel_fields(CHANNEL), round_id=7))
    entry = json.loads(out.getvalue().strip())
    assert (entry["message"], entry["level"], entry["logger"]) == ("round posted", "INFO", "bot.service")
    ids = (entry["platform"], entry["community"], entry["channel"], entry["round_id"])
    assert ids == ("slack", "T1", "C42", 7)
    assert entry["ts"].endswith("+00:00")


def test_text_format_is_one_readable_line_with_key_value_fields(capture):
    out = capture("text")
    log = logging.getLogger("bot.scheduler")
    log.warning("rate limited, waiting", extra=fields(channel="C42", wait_s=1.5))
    line = out.getvalue().strip()
    assert " WARNING bot.scheduler: rate limited, waiting channel=C42 wait_s=1.5" in line
    assert "\n" not in line


def test_tokens_never_appear_even_in_tracebacks(capture):
    settings = load_settings({"DISCORD_TOKEN": DISCORD_TOKEN, "SLACK_BOT_TOKEN": SLACK_TOKEN,
                              "SLACK_SIGNING_SECRET": "f00dfeedcafe1234"})
    out = capture("json", secrets=settings.secrets())
    log = logging.getLogger("bot.frontends")
    log.info("connecting with %s", DISCORD_TOKEN)
    log.info("settings %r signing f00dfeedcafe1234", settings)
    try:
        raise RuntimeError(f"401 for Authorization: Bearer {SLACK_TOKEN}")
    except RuntimeError:
        log.exception("slack call failed")
    log.info("a token we were never told about: xoxb-9999-8888-unknownSecret")
    text = out.getvalue()
    for secret in (DISCORD_TOKEN, SLACK_TOKEN, "f00dfeedcafe1234", "unknownSecret"):
        assert secret not in text
    assert text.count("[redacted]") >= 4
    assert all(json.loads(line) for line in text.splitlines())


def test_answer_text_is_logged_only_at_debug(capture):
    out = capture("json", level="DEBUG")
    log = logging.getLogger("bot.service")
    log.info("answer graded", extra=fields(round_id=3, verdict="partial", text="my secret reasoning"))
    log.debug("answer graded", extra=fields(round_id=3, text="my secret reasoning"))
    info, debug = (json.loads(line) for line in out.getvalue().splitlines())
    assert "text" not in info and info["text_chars"] == len("my secret reasoning")
    assert debug["text"] == "my secret reasoning"


async def test_context_fields_follow_each_task_without_leaking_into_others(capture):
    out = capture("json")
    log = logging.getLogger("bot.rounds")

    async def job(channel: str, round_id: int) -> None:
        with log_context(channel=channel, round_id=round_id):
            await asyncio.sleep(0)
            log.info("closing round")

    await asyncio.gather(job("C1", 1), job("C2", 2))
    log.info("idle")
    entries = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {(e["channel"], e["round_id"]) for e in entries[:2]} == {("C1", 1), ("C2", 2)}
    assert "channel" not in entries[2]


def test_configuring_twice_does_not_duplicate_lines(capture):
    capture("text")
    out = capture("json")
    logging.getLogger("bot").warning("once")
    assert len(out.getvalue().splitlines()) == 1


def test_library_chatter_stays_quiet_at_info(capture):
    out = capture("text", level="INFO")
    logging.getLogger("discord.gateway").info("heartbeat acknowledged")
    logging.getLogger("discord.gateway").warning("shard reconnecting")
    assert "heartbeat" not in out.getvalue() and "shard reconnecting" in out.getvalue()
