"""Set up and run studybot with nothing but Python 3.11+: `python3 dev.py run` or `python3 dev.py test`.

Both commands create `.venv` next to this file on first use, install the project into it
(re-installing when pyproject.toml changes), then run the bot or the whole check suite.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".studybot-installed"


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the project when it is missing or stale."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit(f"studybot needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"Installing studybot[{extras}] into .venv ...", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "-e", f".[{extras}]"], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


def run(args: list[str]) -> int:
    """Start the bot: every frontend whose tokens are set, or the console when none are."""
    ensure_venv("dev")
    return subprocess.call([str(PY), "-m", "bot", "run", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    """Run ruff, the import contracts and the whole pytest suite; non-zero when any fails."""
    ensure_venv("dev")
    steps = [
        ("ruff", [str(PY), "-m", "ruff", "check", "."]),
        ("import contracts", [str(BIN / "lint-imports")]),
        ("pytest", [str(PY), "-m", "pytest", *args]),
    ]
    failed = []
    for name, cmd in steps:
        print(f"== {name}", flush=True)
        if subprocess.call(cmd, cwd=ROOT) != 0:
            failed.append(name)
    if failed:
        print("FAILED: " + ", ".join(failed), flush=True)
        return 1
    print("All checks passed.", flush=True)
    return 0


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 dev.py run [studybot run options] | python3 dev.py test [pytest options]")
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
