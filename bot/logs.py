"""Logging set-up: readable text or JSON lines, structured fields (channel, round), tokens never printed."""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, Any

from bot.core.models import ChannelRef, MemberRef

FIELDS_ATTR = "studybot_fields"
REDACTED = "[redacted]"
# Fields holding what members wrote: logged only at DEBUG, otherwise replaced by their length.
PRIVATE_FIELDS = frozenset({"text", "answer", "answer_text", "reply", "note"})

_TOKEN_PATTERNS = re.compile(
    r"xox[abposer]-[A-Za-z0-9-]{6,}"  # Slack bot/user/refresh tokens
    r"|xapp-[A-Za-z0-9-]{6,}"  # Slack app-level tokens
    r"|[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"  # Discord bot tokens
    r"|(?i:authorization:?\s*(?:bot|bearer)\s+)[^\s\"'\\]+"
)
_context: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar(
    "studybot_log_context", default=None
)


class Redactor:
    """Removes known secret values and anything shaped like a Discord or Slack token from text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first so a secret containing another is removed whole.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_PATTERNS.sub(REDACTED, text)


def channel_fields(channel: ChannelRef) -> dict[str, str]:
    """Structured fields naming a channel (platform, community, channel id)."""
    return {
        "platform": channel.platform.value,
        "community": channel.community_id,
        "channel": channel.channel_id,
    }


def member_fields(member: MemberRef) -> dict[str, str]:
    """Structured fields naming a member by id (never by display name)."""
    return {"platform": member.platform.value, "community": member.community_id, "user": member.user_id}


def fields(**values: Any) -> dict[str, dict[str, Any]]:
    """`extra=` for a logging call: `log.info("posted", extra=fields(channel="C1", round_id=7))`."""
    return {FIELDS_ATTR: {k: v for k, v in values.items() if v is not None}}


@contextlib.contextmanager
def log_context(**values: Any) -> Iterator[None]:
    """Attach fields to every record logged inside the block (per asyncio task, via a context var)."""
    token = _context.set({**(_context.get() or {}), **{k: v for k, v in values.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields of a record: the active context, then the call's own, private ones hidden."""
    merged = {**(_context.get() or {}), **getattr(record, FIELDS_ATTR, {})}
    if record.levelno > logging.DEBUG:
        for key in PRIVATE_FIELDS & merged.keys():
            merged[f"{key}_chars"] = len(str(merged.pop(key)))
    return merged


def _scalar(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


class TextFormatter(logging.Formatter):
    """`2026-01-05 09:00:00 INFO bot.service: round opened channel=C1 round_id=7`, secrets removed."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
        self.redact = redactor or Redactor()

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = record_fields(record)
        if extra:
            pairs = " ".join(f"{k}={json.dumps(v) if isinstance(v, str) and (' ' in v or not v) else v}"
                             for k, v in ((k, _scalar(v)) for k, v in extra.items()))
            head, sep, tail = line.partition("\n")
            line = f"{head} {pairs}{sep}{tail}"
        return self.redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, the structured fields, exc when raised."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redactor or Redactor()

    def format(self, record: logging.LogRecord) -> str:
        redact = self.redact
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in record_fields(record).items():
            value = _scalar(value)
            entry.setdefault(key, redact(value) if isinstance(value, str) else value)
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        # Values are redacted before encoding, so a redaction can never break the JSON.
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    level: str = "INFO",
    fmt: str = "text",
    secrets: Iterable[str] = (),
    stream: IO[str] | None = None,
) -> logging.Handler:
    """Send every log record to `stream` (stderr) as text or JSON lines; return the installed handler.

    Replaces handlers a previous call installed, so calling it twice does not double lines.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    redactor = Redactor(secrets)
    handler.setFormatter(JsonFormatter(redactor) if fmt == "json" else TextFormatter(redactor))
    handler.set_name("studybot")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "studybot"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Library chatter stays at WARNING unless the operator asks for DEBUG.
    quiet = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    for name in ("discord", "slack_bolt", "slack_sdk", "aiohttp.access", "apscheduler", "aiosqlite"):
        logging.getLogger(name).setLevel(quiet)
    return handler
