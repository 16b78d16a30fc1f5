"""`studybot run` with no chat tokens runs the console and stops cleanly on SIGTERM or SIGINT."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from console_driver import ROOT, environment


def wait_for(proc: subprocess.Popen, text: str, timeout: float = 20) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
        if text in line:
            return seen
    raise AssertionError(f"{text!r} not seen in {seen!r}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_run_without_tokens_starts_the_console_and_stops_cleanly_on_a_signal(tmp_path, sig):
    db = tmp_path / "run.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--db", str(db)], cwd=ROOT, env=environment(),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        banner = wait_for(proc, "studybot console")
        proc.stdin.write("/setup time=09:00 tz=Europe/Berlin\n")
        proc.stdin.flush()
        confirmation = wait_for(proc, "Europe/Berlin")
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "\x1b[" not in banner + confirmation  # no colour codes when stdout is not a terminal
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM schedules").fetchone() == (1,)


def test_the_console_loads_packs_from_the_content_option_and_names_a_missing_directory(tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "content" / "good"
    session = console_with(tmp_path, ["--content", str(fixtures)], ["/packs"])
    assert session.returncode == 0
    assert [p["id"] for p in json.loads(session.stdout.splitlines()[-1])["packs"]]
    missing = console_with(tmp_path, ["--content", str(tmp_path / "nowhere")], ["/packs"])
    assert missing.returncode == 1 and "nowhere: no such file or directory" in missing.stderr


def console_with(tmp_path, extra: list[str], lines: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--json", "--db", str(tmp_path / "c.db"), *extra],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=environment(),
        timeout=60,
    )
