"""Both store backends for the contract tests: a `backend` parameter and a fresh database per test.

A test that takes the `db_target` fixture (or `backend`) runs once on SQLite (a file under tmp_path)
and once on PostgreSQL (a fresh schema in a database created for this test run and dropped after
it). The server is STUDYBOT_TEST_POSTGRES, else the local default below. When no server answers the
PostgreSQL runs are left out and one line says how to enable them; STUDYBOT_REQUIRE_POSTGRES=1
(set by .ci/run) makes them fail instead.

`@pytest.mark.sqlite_only("why")` keeps a test on SQLite with a reason shown in its id and in the
summary (rows only old SQLite versions wrote, say). Tests of PostgreSQL
alone (`@pytest.mark.postgres`, using `postgres_url`) are left out or fail the same way.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
_state: dict[str, object] = {}


def server_url() -> str:
    return os.environ.get("STUDYBOT_TEST_POSTGRES", "").strip() or DEFAULT_SERVER


def _probe(url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means "not available here"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def postgres_problem() -> str | None:
    if "problem" not in _state:
        _state["problem"] = _probe(server_url())
    return _state["problem"]  # type: ignore[return-value]


def postgres_required() -> bool:
    return os.environ.get("STUDYBOT_REQUIRE_POSTGRES", "").strip() not in ("", "0")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): runs on SQLite only, for the reason given (not on PostgreSQL yet)"
    )
    config.addinivalue_line("markers", "postgres: a test of the PostgreSQL store alone")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if postgres_required() or postgres_problem() is None:
        return
    left = [i for i in items if i.get_closest_marker("postgres")]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [i for i in items if not i.get_closest_marker("postgres")]
        _state["left_out"] = int(_state.get("left_out", 0)) + len(left)  # type: ignore[arg-type]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    backends = ["sqlite"]
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is None:
        if postgres_required() or postgres_problem() is None:
            backends.append("postgres")
        else:
            _state["left_out"] = int(_state.get("left_out", 0)) + 1  # type: ignore[arg-type]
    else:
        _state.setdefault("sqlite_only", set()).add(marker.args[0])  # type: ignore[union-attr]
    metafunc.parametrize("backend", backends)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    left_out = _state.get("left_out")
    if left_out:
        terminalreporter.write_line(
            f"PostgreSQL tests skipped ({left_out} test functions): no server at {server_url()} "
            f"({postgres_problem()}); to run them set STUDYBOT_TEST_POSTGRES=postgresql://user@host:port/db"
        )
    for reason in sorted(_state.get("sqlite_only", ())):  # type: ignore[arg-type]
        terminalreporter.write_line(f"SQLite only for now: tests that {reason}")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database created for this test run (studybot_test_<random>) and dropped after it."""
    problem = postgres_problem()
    if problem is not None:
        pytest.fail(
            f"STUDYBOT_REQUIRE_POSTGRES is set but no PostgreSQL answers at {server_url()}: {problem}. "
            "Start the server (pg_ctlcluster --skip-systemctl-redirect 15 main start) or fix "
            "STUDYBOT_TEST_POSTGRES."
        )
    import psycopg
    from psycopg import sql

    name = f"studybot_test_{secrets.token_hex(5)}"
    admin = psycopg.connect(server_url(), autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = server_url().rsplit("/", 1)[0].split("?", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def fresh_schema(database_url: str) -> str:
    """A URL of `database_url` whose tables live in a new empty schema (one per test)."""
    import psycopg
    from psycopg import sql

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return f"{database_url}?options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty PostgreSQL database (schema) for one test."""
    return fresh_schema(request.getfixturevalue("postgres_database"))


@pytest.fixture
def db_target(backend: str, tmp_path, request: pytest.FixtureRequest) -> Path | str:
    """What STUDYBOT_DB would be for this test: a SQLite file path, or a fresh PostgreSQL URL."""
    if backend == "postgres":
        return request.getfixturevalue("postgres_url")
    return tmp_path / "data" / "studybot.db"
