"""`benchmarks/store.py` ends with a clear error and a non-zero status when its run breaks."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.config import PROJECT_ROOT

BENCHMARK = PROJECT_ROOT / "benchmarks" / "store.py"


def test_a_burst_that_cannot_be_generated_fails_at_once_instead_of_hanging(tmp_path):
    # 300 distinct (member, round) pairs are asked of 50 members on 4 rounds: the submission
    # generator raises after the store and its threads are open.
    args = ["--members", "50", "--answers", "200", "--rate", "300", "--seconds", "1", "--iterations", "2",
            "--grading-workers", "0", "--cpus", "1", "--no-cache"]
    run = subprocess.run(
        [sys.executable, str(BENCHMARK), *args], cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("store benchmark failed, no results: ValueError: Sample larger than population")
    assert "answer path" not in run.stdout
