"""The migrations are package data: a built wheel carries every file, and studybot installed from it
(no source checkout next to it) creates a fresh SQLite or PostgreSQL database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import psycopg
import pytest

from bot.config import PROJECT_ROOT
from bot.store.migrations import MIGRATIONS_DIR
from bot.store.postgres.migrations import POSTGRES_MIGRATIONS_DIR

SQLITE_FILES = sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
POSTGRES_FILES = sorted(p.name for p in POSTGRES_MIGRATIONS_DIR.glob("*.sql"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel the way pip installs it, from a copy of the sources (so the
    build leaves nothing in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, source)
    shutil.copytree(PROJECT_ROOT / "bot", source / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert build.returncode == 0, build.stderr
    (built,) = out.glob("studybot-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked into a folder of its own, as an install puts it in site-packages."""
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def run_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bot ...` importing studybot from `site` only (run from a folder without sources)."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("STUDYBOT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_wheel_lists_every_sqlite_and_postgresql_migration(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert len(SQLITE_FILES) >= 12 and "0001_initial.sql" in POSTGRES_FILES
    missing = [f"bot/migrations/{n}" for n in SQLITE_FILES if f"bot/migrations/{n}" not in names]
    missing += [f"bot/migrations/postgres/{n}" for n in POSTGRES_FILES
                if f"bot/migrations/postgres/{n}" not in names]
    assert not missing, f"the wheel lacks {missing}"


def test_studybot_installed_from_the_wheel_creates_a_fresh_sqlite_database(installed, tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", "import bot, sys; print(bot.__file__)"], cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)}, capture_output=True, text=True, timeout=60,
    )
    assert Path(probe.stdout.strip()).is_relative_to(installed), probe.stdout + probe.stderr
    db = tmp_path / "fresh" / "studybot.db"
    done = run_installed(installed, "db", "migrate", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "applied 0001_initial.sql" in done.stdout
    with sqlite3.connect(db) as conn:
        applied = [n for (n,) in conn.execute("SELECT name FROM schema_migrations ORDER BY version")]
    assert applied == SQLITE_FILES


@pytest.mark.postgres
def test_studybot_installed_from_the_wheel_creates_a_fresh_postgresql_schema(
    installed, postgres_url, tmp_path
):
    done = run_installed(installed, "db", "migrate", "--db", postgres_url, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    with psycopg.connect(postgres_url) as conn:
        applied = [n for (n,) in conn.execute("SELECT name FROM schema_migrations ORDER BY version")]
    assert applied == POSTGRES_FILES
