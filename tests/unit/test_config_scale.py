"""Configuration for several processes: STUDYBOT_DB picks SQLite or PostgreSQL, Discord shard lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings
from bot.core.models import ChannelRef, Platform
from bot.database_url import PostgresUrl, parse_target
from bot.shard_plan import ShardPlan, parse_shard_ids, shard_of

SECRET = "c2VjcmV0LWtleS1mb3ItdGVzdHMtMzItYnl0ZXMhISE="


def problems_for(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as info:
        load_settings(env)
    return info.value.problems


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("data/studybot.db", Path("data/studybot.db")),
        ("sqlite:///data/other.db", Path("data/other.db")),
        ("sqlite:////var/lib/studybot/s.db", Path("/var/lib/studybot/s.db")),
    ],
)
def test_a_path_or_a_sqlite_url_keeps_the_embedded_database(value, path):
    settings = load_settings({"STUDYBOT_DB": value})
    assert settings.database == path and settings.db_url is None


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "PostgreSQL"])
def test_a_postgresql_url_selects_the_shared_database(scheme):
    settings = load_settings({"STUDYBOT_DB": f"{scheme}://bot@db.internal:5433/studybot"})
    assert isinstance(settings.database, PostgresUrl)
    assert settings.database.database == "studybot"


def test_the_password_of_a_postgresql_url_is_never_shown_but_is_redacted_in_logs():
    settings = load_settings({"STUDYBOT_DB": "postgresql://bot:s3cr%40t@db:5432/studybot"})
    assert settings.db_url.describe == "postgresql://bot:***@db:5432/studybot"
    assert "s3cr" not in repr(settings) and "s3cr" not in str(settings.database)
    assert "s3cr@t" in settings.secrets()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mysql://u:pw@host/db", "unknown scheme mysql://"),
        ("postgresql://bot@db:5432/", "names no database"),
        ("postgresql:///studybot", "names no server"),
        ("postgresql://bot@db:port/studybot", "not a valid URL"),
        ("sqlite://relative.db", "sqlite:///relative/path.db"),
    ],
)
def test_an_unusable_database_setting_says_what_to_write(value, says):
    [problem] = problems_for({"STUDYBOT_DB": value})
    assert says in problem and "pw" not in problem


def test_slack_with_postgresql_needs_a_shared_secret_key():
    env = {
        "STUDYBOT_DB": "postgresql://bot@db/studybot",
        "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
        "SLACK_SIGNING_SECRET": "signing",
    }
    [problem] = problems_for(env)
    assert "STUDYBOT_SECRET_KEY must be set" in problem
    assert load_settings({**env, "STUDYBOT_SECRET_KEY": SECRET}).slack_enabled


def test_parse_target_reads_a_url_given_on_the_command_line():
    assert parse_target("postgresql://bot@db/x") == PostgresUrl("postgresql://bot@db/x")
    assert parse_target(Path("a.db")) == Path("a.db")


@pytest.mark.parametrize(("text", "ids"), [("0-3", (0, 1, 2, 3)), ("5", (5,)), ("4-5, 0,2", (0, 2, 4, 5))])
def test_shard_lists_are_read_as_ranges_and_single_ids(text, ids):
    assert parse_shard_ids(text) == ids


def test_shards_come_from_the_environment_and_select_the_guilds_of_those_shards():
    settings = load_settings({"DISCORD_SHARDS": "0-3", "DISCORD_SHARD_COUNT": "8"})
    plan = settings.discord_shards
    assert plan == ShardPlan((0, 1, 2, 3), 8)
    on_five = (5 << 22) | 123  # a guild id whose shard is 5 of 8
    assert shard_of(on_five, 8) == 5 and not plan.holds(on_five)
    assert plan.serves(ChannelRef(Platform.DISCORD, str((2 << 22) | 9), "c", "c"))
    assert not plan.serves(ChannelRef(Platform.DISCORD, str(on_five), "c", "c"))
    assert plan.serves(ChannelRef(Platform.SLACK, "T1", "C1", "c"))  # other platforms: the database decides


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DISCORD_SHARDS": "0-3"}, "go together"),
        ({"DISCORD_SHARD_COUNT": "8"}, "go together"),
        ({"DISCORD_SHARDS": "6-9", "DISCORD_SHARD_COUNT": "8"}, "shard id(s) 8, 9"),
        ({"DISCORD_SHARDS": "three", "DISCORD_SHARD_COUNT": "8"}, "0-3 or 0,2,4-6"),
        ({"DISCORD_SHARDS": "3-1", "DISCORD_SHARD_COUNT": "8"}, "lower to a higher"),
        ({"DISCORD_SHARDS": "0", "DISCORD_SHARD_COUNT": "0"}, "at least 1"),
    ],
)
def test_a_bad_shard_setting_says_what_is_wrong(env, says):
    assert any(says in p for p in problems_for(env))


def test_doctor_names_an_unusable_database_setting_instead_of_checking_a_default_file(
    monkeypatch, tmp_path, capsys
):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STUDYBOT_DB", "mysql://bot:pw@db/studybot")
    assert main(["doctor", "--offline"]) == 1
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("database")]
    assert len(rows) == 1 and "FAIL" in rows[0] and "unknown scheme mysql://" in rows[0]
    assert "pw" not in rows[0]
