"""`studybot doctor` on data at rest: the secret key, file modes, and overridden platform addresses."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from ops_support import clean_environment, write_pack

from bot.cli import main
from bot.core.installations import InstallationRow
from bot.secret_key import KEY_FILE_NAME, KeySource
from bot.store import open_store
from bot.store.installations import SqliteInstallations

KEY = "k4DkFqFk7bTq8tb0nV0sM1cKJ2o1r0sWm7xH3yq8f3E="
OTHER_KEY = "Zq3p9Qe4m0Wb2T8v6yR1u5I7o3P9a2S4d6F8g0H2j4k="


def rows_of(capsys) -> dict[str, list[tuple[str, str]]]:
    """The printed table as {check: [(result, detail), ...]}."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for line in capsys.readouterr().out.splitlines()[1:]:
        if not line.strip() or line.startswith(("all checks", f"{line.split()[0]} check")):
            continue
        name, result, *detail = line.split(maxsplit=2)
        rows.setdefault(name, []).append((result, detail[0] if detail else ""))
    return rows


async def store_with_an_install(db, key: str | None) -> None:
    store = await open_store(db, keys=KeySource(db, key))
    payload = json.dumps({"team_id": "T1", "bot_token": "xoxb-1-2-abc", "user_token": "xoxp-1-2-def"})
    await SqliteInstallations.for_store(store).save_installation(InstallationRow(
        platform="slack", team_id="T1", enterprise_id=None, user_id="U1", bot_token="xoxb-1-2-abc",
        bot_user_id="UBOT", payload=payload, installed_at=datetime(2026, 3, 2, tzinfo=UTC)))
    await store.close()


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A database folder and content, configured through a clean environment."""
    db = tmp_path / "data" / "studybot.db"
    content = write_pack(tmp_path / "content")
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db), STUDYBOT_CONTENT=str(content))
    return db


async def test_doctor_says_the_key_decrypts_the_stored_installs(data, monkeypatch, capsys):
    await store_with_an_install(data, KEY)
    monkeypatch.setenv("STUDYBOT_SECRET_KEY", KEY)
    assert main(["doctor", "--offline"]) == 0
    rows = rows_of(capsys)
    decrypts = "key from STUDYBOT_SECRET_KEY decrypts the 1 stored installation(s)"
    assert rows["secret-key"] == [("ok", decrypts)]
    assert rows["files"] == [("ok", "database, WAL and SHM files are owner-only (600)")]


async def test_doctor_fails_on_a_key_that_did_not_encrypt_the_tokens(data, monkeypatch, capsys):
    await store_with_an_install(data, KEY)
    monkeypatch.setenv("STUDYBOT_SECRET_KEY", OTHER_KEY)
    assert main(["doctor", "--offline"]) == 1
    (result, detail), = rows_of(capsys)["secret-key"]
    assert result == "FAIL"
    assert detail.startswith("STUDYBOT_SECRET_KEY is not the key that encrypted the Slack tokens")
    assert "Set STUDYBOT_SECRET_KEY to the key used before" in detail


async def test_doctor_fails_when_the_key_file_is_gone_or_readable_by_others(data, capsys):
    await store_with_an_install(data, None)
    key_file = data.parent / KEY_FILE_NAME
    key_file.chmod(0o644)
    assert main(["doctor", "--offline"]) == 1
    (result, detail), = rows_of(capsys)["secret-key"]
    assert result == "FAIL" and f"run chmod 600 {key_file}" in detail

    key_file.unlink()
    assert main(["doctor", "--offline"]) == 1
    (result, detail), = rows_of(capsys)["secret-key"]
    assert result == "FAIL" and "encrypted but there is no key" in detail


async def test_doctor_fails_on_tokens_still_in_plain_text(data, monkeypatch, capsys):
    await store_with_an_install(data, KEY)
    with sqlite3.connect(data) as conn:
        conn.execute("UPDATE installations SET bot_token = 'xoxb-1-2-abc'")
    monkeypatch.setenv("STUDYBOT_SECRET_KEY", KEY)
    assert main(["doctor", "--offline"]) == 1
    (result, detail), = rows_of(capsys)["secret-key"]
    assert result == "FAIL" and "plain text" in detail and "studybot db migrate" in detail


async def test_doctor_fails_on_a_world_readable_database_and_warns_on_an_open_folder(data, capsys):
    await store_with_an_install(data, KEY)
    data.chmod(0o644)
    data.parent.chmod(0o755)
    assert main(["doctor", "--offline"]) == 1
    rows = rows_of(capsys)["files"]
    assert rows[0][0] == "FAIL" and "studybot.db (644)" in rows[0][1] and "chmod 600" in rows[0][1]
    assert rows[1][0] == "warn" and "chmod 700" in rows[1][1]


async def test_doctor_warns_about_every_overridden_platform_address(data, monkeypatch, capsys):
    await (await open_store(data)).close()
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("DISCORD_GATEWAY_URL", "ws://localhost:9/gateway")
    assert main(["doctor", "--offline"]) == 0  # a warning, not a failure
    warned = rows_of(capsys)["overrides"]
    assert [r for r, _ in warned] == ["warn", "warn"]
    assert "DISCORD_GATEWAY_URL is set" in warned[0][1] and "ws://localhost:9/gateway" in warned[0][1]
    assert "SLACK_API_URL is set" in warned[1][1] and "http://127.0.0.1:9/api/" in warned[1][1]


def test_doctor_fails_on_an_override_that_would_send_tokens_in_the_clear(data, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_API_BASE", "http://discord.example.org/api/v10")
    assert main(["doctor", "--offline"]) == 1
    fails = [d for r, d in rows_of(capsys)["config"] if r == "FAIL"]
    assert any(d.startswith("DISCORD_API_BASE='http://discord.example.org/api/v10' would send the bot token "
                            "unencrypted") for d in fails)
