"""`studybot health`: exit 0 when the running bot is healthy (the Docker HEALTHCHECK runs it)."""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request

from bot.config import environment, parse_settings
from bot.database_url import DatabaseTarget, DatabaseUrlError, PostgresUrl, parse_target
from bot.health import HealthReport, read_database
from bot.store.backup import in_use


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("health", help="report the running bot's health; exit 0 when healthy")
    p.add_argument("--db", help="database file or postgresql:// URL (default $STUDYBOT_DB)")
    p.add_argument("--url", help="health URL to ask first (default http://127.0.0.1:PORT/healthz)")
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for that answer (default 3)")
    p.set_defaults(func=run)


def ask_http(url: str, timeout: float) -> tuple[int, dict] | None:
    """(status, body) from a /healthz endpoint, or None when nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:  # 503 carries the report too
        try:
            return exc.code, json.loads(exc.read() or b"{}")
        except ValueError:
            return exc.code, {"status": f"HTTP {exc.code}"}
    except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError):
        return None


def local_report(db_path: DatabaseTarget) -> HealthReport:
    """Without an HTTP server: the database answers, a running bot has it open, and the last post."""
    database, last_post = read_database(db_path)
    if isinstance(db_path, PostgresUrl):
        from bot.store.postgres.health import bot_sessions

        running = database == "ok" and bot_sessions(db_path) > 0
        process = "running" if running else "no studybot process is connected to the database"
        return HealthReport(database, "not checked", last_post, process)
    process = "running" if database == "ok" and in_use(db_path) else "no process has the database open"
    return HealthReport(database, "not checked", last_post, process)


def run(args: argparse.Namespace) -> int:
    settings, _ = parse_settings(environment())
    url = args.url or f"http://127.0.0.1:{settings.http_port}/healthz"
    answer = ask_http(url, args.timeout)
    if answer is not None:
        status, body = answer
        print(json.dumps({"source": url, **body}))
        return 0 if status == 200 else 1
    try:
        target = parse_target(args.db) if args.db else settings.database
    except DatabaseUrlError as exc:
        print(json.dumps({"source": "database", "ok": False, "status": "unhealthy", "database": str(exc)}))
        return 1
    report = local_report(target)
    print(json.dumps({"source": "database", **report.as_dict()}))
    return 0 if report.healthy else 1
