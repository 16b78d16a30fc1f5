"""Start-up time and idle memory: `studybot --help`, and `studybot run` (no chat tokens) once it is ready.

    python benchmarks/startup.py [--repeat 5] [--json]

`--help` is timed from process start to exit. For `run`, the resident memory (VmRSS, Linux) is read
once the console banner is printed and the process has been idle for a second; with no chat tokens
`run` starts the console and the dashboard on 127.0.0.1 (a free port is picked). Run it from a
checkout to compare two versions: it starts `python -m bot` from the folder it lives in.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_", "SLACK_"))}
    return {**env, "STUDYBOT_ENV_FILE": os.devnull, "STUDYBOT_HTTP_PORT": str(port), "PYTHONPATH": str(ROOT)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def help_seconds() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=ROOT,
        env=environment(free_port()),
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def idle_rss_mib() -> float:
    with tempfile.TemporaryDirectory() as folder:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--db", str(Path(folder) / "s.db")],
            cwd=ROOT,
            env=environment(free_port()),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            while "studybot console" not in (line := proc.stdout.readline()):
                if not line:
                    raise RuntimeError("studybot run stopped before it was ready")
            time.sleep(1.0)
            status = Path(f"/proc/{proc.pid}/status").read_text()
            kib = next(int(row.split()[1]) for row in status.splitlines() if row.startswith("VmRSS:"))
            return kib / 1024
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    helps = [help_seconds() for _ in range(args.repeat)]
    rss = [idle_rss_mib() for _ in range(args.repeat)]
    figures = {
        "help_ms_median": statistics.median(helps) * 1000,
        "run_idle_rss_mib_median": statistics.median(rss),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"studybot --help: median {figures['help_ms_median']:.0f} ms over {args.repeat} runs")
    print(f"studybot run (console, idle): median VmRSS {figures['run_idle_rss_mib_median']:.1f} MiB")


if __name__ == "__main__":
    main()
