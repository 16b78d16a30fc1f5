"""Set up and run studybot with nothing but Python 3.11+: `python3 dev.py run` or `python3 dev.py test`.

Both commands create `.venv` next to this file on first use, install the locked dependencies into it
(`requirements-dev.lock`, every file checked against its hash; again whenever the lock or
pyproject.toml changes), then the project itself without dependencies, and run the bot or the whole
check suite. `python3 dev.py lock` refreshes both lock files from pyproject.toml; `python3 dev.py i18n`
extracts the translatable strings into the catalogs and checks them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".studybot-installed"
LOCKS = {"": ROOT / "requirements.lock", "dev": ROOT / "requirements-dev.lock"}  # extras -> lock file
UV = "uv==0.13.9"  # only `dev.py lock` uses it: a universal resolution (every OS and Python) with hashes


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the locked dependencies when missing or stale."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit(f"studybot needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    lock = LOCKS[extras]
    if not lock.is_file():
        sys.exit(f"{lock.name} is missing; restore it from git or run `python3 dev.py lock`.")
    wanted = stamp(extras)
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    create_venv()
    print(f"Installing studybot[{extras}] from {lock.name} into .venv ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], cwd=ROOT, check=True)
    subprocess.run([*pip, "--no-deps", "-e", f".[{extras}]" if extras else "."], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


def stamp(extras: str) -> str:
    """What the installed .venv was made from: pyproject.toml, the lock file and the extras."""
    data = (ROOT / "pyproject.toml").read_bytes() + LOCKS[extras].read_bytes() + extras.encode()
    return hashlib.sha256(data).hexdigest()


def create_venv() -> None:
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)


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
        ("translations", [str(PY), "-m", "bot", "i18n", "check"]),
        ("pytest", [str(PY), "-m", "pytest", *args]),
    ]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser and os.environ.get("STUDYBOT_REQUIRE_BROWSER") != "1":
        print("== browser tests skipped: install Chromium (apt-get install chromium) to run them", flush=True)
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


def i18n(args: list[str]) -> int:
    """Extract the marked strings into the catalogs, then check every language (`dev.py i18n check`
    only checks)."""
    ensure_venv("dev")
    if args[:1] != ["check"]:
        code = subprocess.call([str(PY), "-m", "bot", "i18n", "extract", *args], cwd=ROOT)
        if code:
            return code
    return subprocess.call([str(PY), "-m", "bot", "i18n", "check"], cwd=ROOT)


def lock(args: list[str]) -> int:
    """Re-resolve requirements.lock and requirements-dev.lock from pyproject.toml at the newest allowed
    versions, with hashes, for every platform and Python studybot supports."""
    create_venv()
    subprocess.run([str(PY), "-m", "pip", "install", "-q", UV], check=True)
    for extras, path in LOCKS.items():
        cmd = [str(BIN / "uv"), "pip", "compile", "pyproject.toml", "--universal", "--generate-hashes",
               "--python-version", "3.11", "--upgrade", "--quiet",
               "--custom-compile-command", "python3 dev.py lock", "-o", path.name, *args]
        if extras:
            cmd[4:4] = ["--extra", extras]
        if subprocess.call(cmd, cwd=ROOT) != 0:
            print(f"FAILED: could not resolve {path.name}; see the message above.", flush=True)
            return 1
        print(f"wrote {path.name}", flush=True)
    print("Review the change with `git diff *.lock`, run `python3 dev.py test`, then commit both files.")
    return 0


def main() -> int:
    commands = {"run": run, "test": test, "lock": lock, "i18n": i18n}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 dev.py run [studybot run options] | python3 dev.py test [pytest options]"
              " | python3 dev.py lock | python3 dev.py i18n [check]")
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
