"""Health: the /healthz callable and `studybot health` over a real database."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from ops_support import clean_environment, closed_port_url, fake_platform, seed_study_record

from bot.cli import main
from bot.health import health_check, healthz
from bot.store import open_store


async def test_healthz_reports_the_database_the_scheduler_and_the_last_post(tmp_path):
    db = tmp_path / "studybot.db"
    store = await open_store(db)
    try:
        await seed_study_record(store)
        running = True
        check = health_check(db, scheduler_running=lambda: running)
        report = await check()
        assert report.status_code == 200
        assert report.as_dict() == {
            "ok": True,
            "status": "ok",
            "database": "ok",
            "scheduler": "running",
            "last_post_at": datetime(2026, 1, 7, 8, 0, tzinfo=UTC).isoformat(),
        }
        running = False
        stopped = await check()
        assert stopped.status_code == 503 and stopped.as_dict()["status"] == "unhealthy"
        assert stopped.as_dict()["scheduler"] == "stopped"
    finally:
        await store.close()


async def test_healthz_body_says_not_ok_when_the_database_is_gone(tmp_path):
    body = await healthz(tmp_path / "gone.db", scheduler_running=lambda: True)()
    assert body["ok"] is False and body["status"] == "unhealthy" and body["scheduler"] == "running"


async def test_healthz_answers_503_when_the_database_is_gone(tmp_path):
    report = await health_check(tmp_path / "gone.db", scheduler_running=lambda: True)()
    assert report.status_code == 503
    assert report.as_dict()["database"] == f"no database at {tmp_path / 'gone.db'}"
    assert not (tmp_path / "gone.db").exists()


async def test_a_scheduler_probe_that_raises_counts_as_stopped(tmp_path):
    db = tmp_path / "studybot.db"
    store = await open_store(db)
    await store.close()

    def broken() -> bool:
        raise RuntimeError("scheduler crashed")

    report = await health_check(db, scheduler_running=broken)()
    assert report.status_code == 503 and report.scheduler == "stopped"
    assert report.as_dict()["last_post_at"] is None


def test_health_cli_relays_the_http_servers_answer(tmp_path, monkeypatch, capsys):
    clean_environment(monkeypatch, tmp_path)
    body = {"status": "unhealthy", "database": "ok", "scheduler": "stopped", "last_post_at": None}
    with fake_platform(lambda method, path, headers: (503 if path == "/healthz" else 404, body)) as url:
        assert main(["health", "--url", url + "/healthz"]) == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == url + "/healthz" and shown["scheduler"] == "stopped"
    ok = {**body, "status": "ok", "scheduler": "running"}
    with fake_platform(lambda method, path, headers: (200, ok)) as url:
        assert main(["health", "--url", url + "/healthz"]) == 0


async def test_health_cli_without_http_checks_the_bot_holds_the_database(tmp_path, monkeypatch, capsys):
    db = tmp_path / "studybot.db"
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db))
    args = ["health", "--url", closed_port_url() + "/healthz", "--timeout", "1"]
    store = await open_store(db)  # the running bot
    try:
        await seed_study_record(store)
        assert await asyncio.to_thread(main, args) == 0
    finally:
        await store.close()
    running = json.loads(capsys.readouterr().out)
    assert running["source"] == "database" and running["process"] == "running"
    assert running["last_post_at"] == "2026-01-07T08:00:00+00:00"
    assert await asyncio.to_thread(main, args) == 1  # the bot has stopped
    stopped = json.loads(capsys.readouterr().out)
    assert stopped["status"] == "unhealthy" and stopped["process"] == "no process has the database open"
