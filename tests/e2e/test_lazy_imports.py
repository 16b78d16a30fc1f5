"""Start-up stays light: `studybot --help`, a console session and an idle `studybot run` never import
the template engine or the chart library; the first page or chart does (which shows the check works).

Each process runs with `python -X importtime`, which lists every module it imports on stderr.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from console_driver import ROOT, environment, run_with_dashboard

from tests.local_ports import free_port

HEAVY = ("jinja2", "matplotlib", "PIL", "numpy")
REPLY = (
    "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
    "function such as ReLU; the weights are learned in training."
)


def imported(stderr: str) -> set[str]:
    """Top-level packages named in `-X importtime` output."""
    found = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", stderr, re.MULTILINE)
    assert found, stderr[-2000:]  # the listing is there, so an empty result below means something
    return {name.split(".")[0] for name in found}


def studybot(args: list[str], lines: list[str] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *args],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=environment(),
        timeout=120,
    )


def test_help_imports_neither_templates_nor_charts():
    done = studybot(["--help"])
    assert done.returncode == 0 and "dashboard" in done.stdout
    assert not imported(done.stderr) & set(HEAVY)


def test_a_console_session_loads_the_chart_library_only_when_a_chart_is_asked_for(tmp_path: Path):
    plain = ["/setup time=09:00", "/clock +2h", REPLY, "/leaderboard", "/dashboard"]
    db = ["console", "--json", "--now", "2026-03-02T08:00Z", "--db"]
    done = studybot([*db, str(tmp_path / "a.db")], plain)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not imported(done.stderr) & set(HEAVY)
    charted = studybot([*db, str(tmp_path / "b.db")], [*plain[:3], "/progress"])
    assert charted.returncode == 0, charted.stderr[-2000:]
    assert {"matplotlib", "numpy"} <= imported(charted.stderr)
    assert "jinja2" not in imported(charted.stderr)  # no page was opened


def test_an_idle_bot_serving_the_dashboard_imports_jinja2_only_on_the_first_page(tmp_path: Path):
    proc, url = run_with_dashboard(tmp_path / "run.db", free_port(), "-X", "importtime")
    try:
        with urllib.request.urlopen(url.replace("/?t=", "/rounds?t="), timeout=30) as page:
            assert "Round history" in page.read().decode()  # a page without charts
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    loaded = imported(stderr)
    # the idle bot (console, scheduler, HTTP server with the dashboard routes) was up before the page;
    # only rendering it brought in the template engine, and a page without charts no chart library
    assert "jinja2" in loaded and "aiohttp" in loaded
    assert not loaded & {"matplotlib", "PIL", "numpy"}
    before_page = stderr.split("jinja2", 1)[0]
    assert "bot.frontends.web.server" in before_page  # the dashboard was installed before the page
