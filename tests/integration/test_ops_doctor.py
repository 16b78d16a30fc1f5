"""`studybot doctor` over a real database, real content and fake platforms on 127.0.0.1."""

from __future__ import annotations

import sqlite3

import pytest
from ops_support import (
    DISCORD_TOKEN,
    SLACK_TOKEN,
    clean_environment,
    closed_port_url,
    fake_platform,
    write_pack,
)

from bot.cli import main
from bot.cli.platform_checks import check_discord, check_slack
from bot.store import migrations


@pytest.fixture
def installation(tmp_path, monkeypatch):
    """A migrated database and a valid content directory, configured through the environment."""
    db = tmp_path / "data" / "studybot.db"
    db.parent.mkdir()
    migrations.migrate(db)
    content = write_pack(tmp_path / "content")
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db), STUDYBOT_CONTENT=str(content))
    return db


def table(capsys) -> dict[str, list[tuple[str, str]]]:
    """The printed table as {check: [(result, detail), ...]}."""
    rows: dict[str, list[tuple[str, str]]] = {}
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CHECK", "RESULT", "DETAIL"]
    for line in lines[1:]:
        if not line.strip() or line.startswith(("all checks", f"{line.split()[0]} check")):
            continue
        name, result, *detail = line.split(maxsplit=2)
        rows.setdefault(name, []).append((result, detail[0] if detail else ""))
    return rows


def discord_ok(method, path, headers):
    if path.endswith("/users/@me") and headers.get("Authorization") == f"Bot {DISCORD_TOKEN}":
        return 200, {"id": "1056456678901234567", "username": "studybot"}
    return 401, {"message": "401: Unauthorized", "code": 0}


def slack_ok(method, path, headers):
    if path.endswith("/auth.test") and headers.get("Authorization") == f"Bearer {SLACK_TOKEN}":
        return 200, {"ok": True, "team": "Study Group", "user": "studybot"}
    return 200, {"ok": False, "error": "invalid_auth"}


def test_doctor_passes_and_exits_zero_when_everything_is_healthy(installation, monkeypatch, capsys):
    with fake_platform(discord_ok) as discord_url, fake_platform(slack_ok) as slack_url:
        monkeypatch.setenv("DISCORD_TOKEN", DISCORD_TOKEN)
        monkeypatch.setenv("DISCORD_API_BASE", discord_url + "/api/v10")
        monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_TOKEN)
        monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A111-222-abc")
        monkeypatch.setenv("SLACK_API_URL", slack_url + "/api/")
        code = main(["doctor"])
    rows = table(capsys)
    assert code == 0, rows
    checks = ("config", "database", "integrity", "wal", "disk", "migrations", "content", "discord", "slack")
    for check in checks:
        assert rows[check][0][0] == "ok", (check, rows[check])
    assert "Discord and Slack" in rows["config"][0][1]
    assert "2 questions" in rows["content"][0][1]
    assert "studybot" in rows["discord"][0][1] and "Study Group" in rows["slack"][0][1]


def test_doctor_names_every_bad_setting_and_exits_non_zero(installation, monkeypatch, capsys):
    monkeypatch.setenv("STUDYBOT_TZ", "Europe/Berln")
    monkeypatch.setenv("STUDYBOT_HTTP_PORT", "99999")
    monkeypatch.setenv("STUDYBOT_LOG_FROMAT", "json")
    assert main(["doctor", "--offline"]) == 1
    rows = table(capsys)
    details = [d for r, d in rows["config"] if r == "FAIL"]
    assert len(details) == 2
    assert details[0].startswith("STUDYBOT_TZ='Europe/Berln'")
    assert details[1].startswith("STUDYBOT_HTTP_PORT=99999")
    assert ("warn", "STUDYBOT_LOG_FROMAT is not a studybot setting and is ignored "
                    "(did you mean STUDYBOT_LOG_FORMAT?)") in rows["config"]
    assert rows["database"][0][0] == "ok"  # the other checks still ran


def test_doctor_tells_a_rejected_token_apart_from_an_unreachable_platform(installation, monkeypatch, capsys):
    with fake_platform(discord_ok) as discord_url:
        monkeypatch.setenv("DISCORD_TOKEN", "MTA1.GaBcDe.wrongwrongwrongwrongwrongwrong")
        monkeypatch.setenv("DISCORD_API_BASE", discord_url)
        monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_TOKEN)
        monkeypatch.setenv("SLACK_SIGNING_SECRET", "0123456789abcdef")
        monkeypatch.setenv("SLACK_API_URL", closed_port_url() + "/api/")
        assert main(["doctor", "--timeout", "2"]) == 1
    rows = table(capsys)
    assert rows["discord"][0][0] == "FAIL" and "rejects DISCORD_TOKEN" in rows["discord"][0][1]
    assert rows["slack"][0][0] == "FAIL" and rows["slack"][0][1].startswith("cannot reach 127.0.0.1:")


async def test_a_platform_that_does_not_answer_in_time_is_reported_with_the_timeout():
    with fake_platform(discord_ok, delay=1.5) as url:
        result = await check_discord(DISCORD_TOKEN, url, timeout=0.3)
    assert result.failed
    assert result.detail.startswith("no answer from 127.0.0.1:") and "within 0.3 s" in result.detail


async def test_slack_saying_invalid_auth_is_shown_with_slacks_reason():
    with fake_platform(slack_ok) as url:
        result = await check_slack("xoxb-9-9-revoked", url + "/api/", timeout=2)
    assert result.failed and "invalid_auth" in result.detail


async def test_platform_checks_are_skipped_without_tokens():
    assert (await check_discord(None, None)).status == "skip"
    assert (await check_slack(None, None)).status == "skip"


def test_doctor_fails_on_a_missing_database_with_what_to_do(tmp_path, monkeypatch, capsys):
    content = write_pack(tmp_path / "content")
    missing = str(tmp_path / "nope.db")
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=missing, STUDYBOT_CONTENT=str(content))
    assert main(["doctor", "--offline"]) == 1
    (result, detail), = table(capsys)["database"]
    assert result == "FAIL" and "studybot db migrate" in detail
    assert not (tmp_path / "nope.db").exists(), "doctor must not create the database"


def test_doctor_fails_on_pending_migrations_and_a_non_wal_database(tmp_path, monkeypatch, capsys):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE leftovers (x)")
    conn.commit()
    conn.close()
    content = write_pack(tmp_path / "content")
    clean_environment(monkeypatch, tmp_path, STUDYBOT_CONTENT=str(content))
    assert main(["doctor", "--offline", "--db", str(db)]) == 1
    rows = table(capsys)
    assert rows["wal"][0][0] == "FAIL" and "journal mode is delete" in rows["wal"][0][1]
    assert rows["migrations"][0][0] == "FAIL" and "pending (0001_initial.sql" in rows["migrations"][0][1]


def test_doctor_fails_on_a_file_that_is_not_a_database(tmp_path, monkeypatch, capsys):
    db = tmp_path / "broken.db"
    db.write_bytes(b"\x00garbage" * 4096)
    clean_environment(monkeypatch, tmp_path, STUDYBOT_CONTENT=str(write_pack(tmp_path / "content")))
    assert main(["doctor", "--offline", "--db", str(db)]) == 1
    (result, detail), = table(capsys)["database"]
    assert result == "FAIL" and "cannot be read as SQLite" in detail


def test_doctor_lists_content_problems_with_file_and_line(installation, tmp_path, capsys):
    bad = write_pack(tmp_path / "bad-content", text="id: Bad Id\ntitle: x\nquestions: []\n")
    assert main(["doctor", "--offline", "--content", str(bad)]) == 1
    (result, detail), = table(capsys)["content"]
    assert result == "FAIL" and "ops-basics.yaml:1" in detail and "studybot content lint" in detail
