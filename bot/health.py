"""Health report (database reachable, scheduler running, last post time) for GET /healthz and the CLI."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.database_url import DatabaseTarget, PostgresUrl

LAST_POST_SQL = "SELECT max(opened_at) FROM rounds WHERE message_ref IS NOT NULL"


@dataclass(frozen=True)
class HealthReport:
    """What a load balancer or Docker needs: healthy or not, and why."""

    database: str  # "ok" or why the database cannot be read
    scheduler: str  # "running", "stopped", or "not checked" when no scheduler is known
    last_post_at: datetime | None
    process: str | None = None  # CLI fallback only: whether a running bot holds the database

    @property
    def healthy(self) -> bool:
        return self.database == "ok" and self.scheduler != "stopped" and self.process in (None, "running")

    @property
    def status_code(self) -> int:
        """200 when healthy, 503 otherwise (what GET /healthz answers)."""
        return 200 if self.healthy else 503

    def as_dict(self) -> dict[str, Any]:
        """The JSON body of GET /healthz."""
        body: dict[str, Any] = {
            "ok": self.healthy,
            "status": "ok" if self.healthy else "unhealthy",
            "database": self.database,
            "scheduler": self.scheduler,
            "last_post_at": self.last_post_at.isoformat() if self.last_post_at else None,
        }
        if self.process is not None:
            body["process"] = self.process
        return body


def read_database(db_path: DatabaseTarget, timeout: float = 2.0) -> tuple[str, datetime | None]:
    """("ok", last post time) when the database answers a query; otherwise (reason, None)."""
    if isinstance(db_path, PostgresUrl):
        from bot.store.postgres.health import read_postgres

        return read_postgres(db_path, timeout)
    path = Path(db_path)
    if not path.is_file():
        return f"no database at {path}", None
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=rw", uri=True, timeout=timeout)
        try:
            conn.execute("SELECT 1").fetchone()
            try:
                raw = conn.execute(LAST_POST_SQL).fetchone()[0]
            except sqlite3.OperationalError:
                return "ok", None  # not migrated yet: reachable, nothing posted
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"cannot read {path}: {exc}", None
    try:
        return "ok", datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return "ok", None


def health_check(
    db_path: DatabaseTarget, scheduler_running: Callable[[], bool] | None = None
) -> Callable[[], Awaitable[HealthReport]]:
    """The async callable the app hands to the Slack HTTP server for GET /healthz.

    `scheduler_running` reports whether the scheduler is alive (e.g. `lambda: scheduler.running`).
    The database is read in a worker thread so a slow disk never blocks the event loop.
    """

    async def check() -> HealthReport:
        database, last_post = await asyncio.to_thread(read_database, db_path)
        if scheduler_running is None:
            scheduler = "not checked"
        else:
            try:
                scheduler = "running" if scheduler_running() else "stopped"
            except Exception:  # a health check must answer, whatever broke
                scheduler = "stopped"
        return HealthReport(database, scheduler, last_post)

    return check


def healthz(
    db_path: DatabaseTarget, scheduler_running: Callable[[], bool] | None = None
) -> Callable[[], Awaitable[dict[str, Any]]]:
    """The same check returning the JSON body (`ok` decides 200 or 503): what the Slack HTTP app serves."""
    check = health_check(db_path, scheduler_running)

    async def body() -> dict[str, Any]:
        return (await check()).as_dict()

    return body
