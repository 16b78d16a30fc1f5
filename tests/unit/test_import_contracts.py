"""The dependency rule is enforced: import-linter fails the build when the core imports an SDK."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_copy(tmp_path: Path, extra_module: str | None) -> subprocess.CompletedProcess[str]:
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if extra_module:
        (tmp_path / "bot" / "core" / "leak.py").write_text(extra_module)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def test_import_contracts_hold_for_the_project_as_it_is(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_importing_discord_breaks_the_build(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, '"""A leak."""\nimport discord  # noqa: F401\n')
    assert result.returncode != 0
    assert "core imports no platform SDK" in result.stdout
    assert "BROKEN" in result.stdout


def test_core_importing_the_store_breaks_the_build(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, '"""A leak."""\nimport bot.store  # noqa: F401\n')
    assert result.returncode != 0
    assert "core imports no other layer of bot" in result.stdout
