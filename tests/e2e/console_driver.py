"""Drives `studybot console --json` as a subprocess over a real database file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def command(db: Path, now: str) -> list[str]:
    return [sys.executable, "-m", "bot", "console", "--json", "--db", str(db), "--now", now]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_", "SLACK_"))}
    env["STUDYBOT_ENV_FILE"] = os.devnull
    env["STUDYBOT_LOG_FORMAT"] = "json"
    return env


@dataclass
class Session:
    events: list[dict]
    stderr: str
    returncode: int

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["type"] == kind]

    def last(self, kind: str) -> dict:
        found = self.of(kind)
        assert found, f"no {kind} event in {[e['type'] for e in self.events]}"
        return found[-1]


def parse(stdout: str) -> list[dict]:
    """Every stdout line must be one JSON object with a type."""
    events = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    assert all(isinstance(e, dict) and "type" in e for e in events)
    return events


def console(db: Path, now: str, lines: list[str], timeout: float = 60) -> Session:
    """Run one console process: feed `lines`, end input, collect its events."""
    done = subprocess.run(
        command(db, now), input="\n".join(lines) + "\n", capture_output=True, text=True,
        cwd=ROOT, env=environment(), timeout=timeout,
    )
    return Session(parse(done.stdout), done.stderr, done.returncode)


def start(db: Path, now: str) -> subprocess.Popen:
    """Start a console process without feeding it yet (to run several at once)."""
    return subprocess.Popen(
        command(db, now), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, env=environment(),
    )


def finish(proc: subprocess.Popen, lines: list[str], timeout: float = 60) -> Session:
    stdout, stderr = proc.communicate("\n".join(lines) + "\n", timeout=timeout)
    return Session(parse(stdout), stderr, proc.returncode)


def run_with_dashboard(db: Path, port: int, *python_options: str) -> tuple[subprocess.Popen, str]:
    """`studybot run --db db` without chat tokens (the console, and the dashboard on 127.0.0.1:`port`),
    asked for `/dashboard`: the running process and the link it printed. The caller stops it; when
    no link comes the process is ended and its stderr shown."""
    proc = subprocess.Popen(
        [sys.executable, *python_options, "-m", "bot", "run", "--db", str(db)],
        cwd=ROOT, env={**environment(), "STUDYBOT_HTTP_PORT": str(port)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    proc.stdin.write("/dashboard\n")
    proc.stdin.flush()
    line = ""
    while "Dashboard link" not in line:
        line = proc.stdout.readline()
        if not line:  # the process ended without a link
            proc.kill()
            raise AssertionError(proc.communicate(timeout=30)[1][-2000:])
    return proc, re.search(r"(http://\S+)", line).group(1)
