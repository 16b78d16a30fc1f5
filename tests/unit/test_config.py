"""Configuration: defaults, .env files, and one clear line per bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_CONTENT,
    SettingsError,
    environment,
    load_settings,
    read_env_file,
    unknown_variables,
)

DISCORD = "MTA1NjQ1NjY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def problems_for(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as info:
        load_settings(env)
    return info.value.problems


def test_empty_environment_gives_the_documented_defaults():
    s = load_settings({})
    assert s.db_path == Path("data/studybot.db")
    assert s.content_dir == DEFAULT_CONTENT
    assert (s.log_level, s.log_format, s.http_port) == ("INFO", "text", 3000)
    assert (s.grace_hours, s.default_tz) == (6.0, "UTC")
    assert not s.discord_enabled and not s.slack_enabled


def test_well_formed_tokens_are_accepted_and_enable_their_frontends():
    s = load_settings({
        "DISCORD_TOKEN": DISCORD,
        "SLACK_BOT_TOKEN": "xoxb-123-456-abcDEF",
        "SLACK_APP_TOKEN": "xapp-1-A0-123-abc",
        "STUDYBOT_TZ": "Europe/Berlin",
        "STUDYBOT_LOG_FORMAT": "JSON",
    })
    assert s.discord_enabled and s.slack_enabled
    assert s.default_tz == "Europe/Berlin" and s.log_format == "json"


def test_every_bad_value_is_named_on_its_own_line():
    problems = problems_for({
        "STUDYBOT_TZ": "Mars/Olympus_Mons",
        "STUDYBOT_HTTP_PORT": "70000",
        "STUDYBOT_LOG_FORMAT": "xml",
        "STUDYBOT_LOG_LEVEL": "loud",
        "DISCORD_TOKEN": "not-a-token",
        "SLACK_BOT_TOKEN": "xoxp-123-456",
        "SLACK_APP_TOKEN": "xoxb-123",
        "SLACK_SIGNING_SECRET": "abc",
    })
    joined = "\n".join(problems)
    assert len(problems) == 7, joined
    for name in ("STUDYBOT_TZ", "STUDYBOT_HTTP_PORT", "STUDYBOT_LOG_FORMAT", "STUDYBOT_LOG_LEVEL",
                 "DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        assert sum(p.startswith(name) for p in problems) == 1, (name, joined)
    assert "Mars/Olympus_Mons" in joined and "70000" in joined and "user token" in joined


def test_a_port_that_is_not_a_number_is_reported_not_raised_as_a_traceback():
    problems = problems_for({"STUDYBOT_HTTP_PORT": "eighty", "STUDYBOT_GRACE_HOURS": "soon"})
    assert problems[0].startswith("STUDYBOT_HTTP_PORT='eighty' is not a whole number")
    assert problems[1].startswith("STUDYBOT_GRACE_HOURS='soon' is not a number")


def test_the_error_message_lists_each_problem_as_a_line():
    with pytest.raises(SettingsError) as info:
        load_settings({"STUDYBOT_TZ": "Nowhere", "STUDYBOT_HTTP_PORT": "0"})
    lines = str(info.value).splitlines()
    assert lines[0].startswith("studybot cannot start: 2 configuration problem(s)")
    assert lines[1].startswith("  - STUDYBOT_TZ") and lines[2].startswith("  - STUDYBOT_HTTP_PORT")


def test_a_discord_token_pasted_with_its_bot_prefix_says_to_drop_the_prefix():
    (problem,) = problems_for({"DISCORD_TOKEN": "Bot " + DISCORD})
    assert "without the prefix" in problem
    assert DISCORD not in problem


def test_slack_without_socket_mode_or_signing_secret_cannot_receive_events():
    (problem,) = problems_for({"SLACK_BOT_TOKEN": "xoxb-1-2-abc"})
    assert "SLACK_APP_TOKEN" in problem and "SLACK_SIGNING_SECRET" in problem


def test_half_an_oauth_pair_is_refused():
    problems = problems_for({"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "s3cret"})
    assert any("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together" in p for p in problems)


def test_urls_and_paths_are_checked(tmp_path):
    problems = problems_for({
        "DISCORD_API_BASE": "discord.com/api",
        "DISCORD_GATEWAY_URL": "http://127.0.0.1:1",
        "STUDYBOT_DB": str(tmp_path),
        "STUDYBOT_CONTENT": str(tmp_path / "missing"),
        "DISCORD_GUILD_ID": "my-server",
    })
    assert [p.split("=")[0].split()[0] for p in problems] == [
        "STUDYBOT_DB", "STUDYBOT_CONTENT", "DISCORD_GUILD_ID", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL",
    ]


def test_env_file_lines_with_comments_quotes_and_export_are_read(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# studybot settings\n"
        "export STUDYBOT_TZ=Europe/Berlin\n"
        "STUDYBOT_LOG_FORMAT='json'\n"
        'STUDYBOT_HTTP_PORT="8080"  \n'
        "STUDYBOT_LOG_LEVEL=debug # chatty\n"
        "not a setting line\n"
    )
    values = read_env_file(env_file)
    assert values == {
        "STUDYBOT_TZ": "Europe/Berlin",
        "STUDYBOT_LOG_FORMAT": "json",
        "STUDYBOT_HTTP_PORT": "8080",
        "STUDYBOT_LOG_LEVEL": "debug",
    }
    s = load_settings(values)
    assert (s.default_tz, s.log_format, s.http_port, s.log_level) == ("Europe/Berlin", "json", 8080, "DEBUG")


def test_process_environment_wins_over_the_env_file(tmp_path, monkeypatch):
    env_file = tmp_path / "studybot.env"
    env_file.write_text("STUDYBOT_TZ=Asia/Tokyo\nSTUDYBOT_HTTP_PORT=9000\n")
    monkeypatch.setenv("STUDYBOT_ENV_FILE", str(env_file))
    monkeypatch.setenv("STUDYBOT_HTTP_PORT", "9100")
    monkeypatch.delenv("STUDYBOT_TZ", raising=False)
    merged = environment()
    assert merged["STUDYBOT_TZ"] == "Asia/Tokyo" and merged["STUDYBOT_HTTP_PORT"] == "9100"
    s = load_settings()
    assert (s.default_tz, s.http_port) == ("Asia/Tokyo", 9100)


def test_a_misspelt_variable_gets_a_did_you_mean_hint():
    notes = unknown_variables({"STUDYBOT_LOG_FROMAT": "json", "PATH": "/bin", "STUDYBOT_TZ": "UTC"})
    assert notes == [
        "STUDYBOT_LOG_FROMAT is not a studybot setting and is ignored (did you mean STUDYBOT_LOG_FORMAT?)"
    ]


def test_settings_repr_never_shows_tokens():
    s = load_settings({"DISCORD_TOKEN": DISCORD})
    assert DISCORD not in repr(s) and "<set>" in repr(s)
    assert s.secrets() == (DISCORD,)


def test_starting_with_bad_values_prints_each_problem_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_", "SLACK_"))}
    env.update(STUDYBOT_TZ="Europe/Berln", STUDYBOT_HTTP_PORT="http", STUDYBOT_DB=str(tmp_path / "s.db"))
    done = subprocess.run([sys.executable, "-m", "bot", "run"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].endswith("studybot cannot start: 2 configuration problem(s)")
    assert lines[1].startswith("  - STUDYBOT_HTTP_PORT='http'")
    assert lines[2].startswith("  - STUDYBOT_TZ='Europe/Berln'")
    assert not (tmp_path / "s.db").exists()
