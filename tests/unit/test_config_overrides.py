"""Platform address overrides accept only https, or plain http to this machine; the secret key is checked."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings, override_warnings

DISCORD = "MTA1NjQ1NjY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def problems_for(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as info:
        load_settings(env)
    return info.value.problems


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("SLACK_API_URL", "http://example.com/api/"),
        ("SLACK_API_URL", "http://10.0.0.5:8080/api/"),
        ("SLACK_API_URL", "http://127.0.0.1.example.com/api/"),
        ("SLACK_API_URL", "http://localhost@example.com/api/"),
        ("DISCORD_API_BASE", "http://discord.example.org/api/v10"),
        ("DISCORD_GATEWAY_URL", "ws://gateway.example.org/"),
    ],
)
def test_a_plain_http_override_to_another_host_is_a_config_error_that_says_why(name, url):
    problems = problems_for({name: url})
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}={url!r} would send the bot token unencrypted to ")
    assert "127.0.0.1, ::1, localhost" in problems[0]


def test_only_https_anywhere_or_plain_http_to_this_machine_is_accepted():
    accepted = [
        ("SLACK_API_URL", "https://slack-gov.com/api/"),
        ("SLACK_API_URL", "http://127.0.0.1:8123/api/"),
        ("SLACK_API_URL", "http://[::1]:8123/api/"),
        ("DISCORD_API_BASE", "http://localhost:8123/api/v10"),
        ("DISCORD_GATEWAY_URL", "wss://gateway.discord.gg/"),
        ("DISCORD_GATEWAY_URL", "ws://127.0.0.1:8123/gateway"),
    ]
    for name, url in accepted:
        assert getattr(load_settings({name: url}), name.lower()) == url
    refused = {"SLACK_API_URL": "http://slack.example.net/api/", "DISCORD_API_BASE": "http://[2001:db8::1]/api"}
    assert [p.split("=")[0] for p in problems_for(refused)] == ["DISCORD_API_BASE", "SLACK_API_URL"]


def test_a_scheme_other_than_the_two_allowed_is_refused():
    problems = problems_for({"SLACK_API_URL": "ftp://127.0.0.1/api/", "DISCORD_GATEWAY_URL": "https://x/"})
    assert problems == [
        "DISCORD_GATEWAY_URL='https://x/' is not a URL starting with wss:// (or ws:// to this machine)",
        "SLACK_API_URL='ftp://127.0.0.1/api/' is not a URL starting with https:// "
        "(or http:// to this machine)",
    ]


def test_every_overridden_platform_address_gets_a_loud_warning_and_defaults_none():
    settings = load_settings({
        "DISCORD_TOKEN": DISCORD,
        "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "SLACK_API_URL": "https://slack.com/api/",  # the platform's own address: nothing to say
    })
    warnings = override_warnings(settings)
    assert warnings == [
        "DISCORD_API_BASE is set: the bot token and every request go to http://127.0.0.1:9/api/v10 "
        "instead of https://discord.com/api/v10; unset it unless you are testing against a local server"
    ]
    assert override_warnings(load_settings({})) == []


def test_a_malformed_secret_key_is_a_config_error_that_says_how_to_make_one():
    problems = problems_for({"STUDYBOT_SECRET_KEY": "hunter2"})
    assert problems[0].startswith("STUDYBOT_SECRET_KEY is not a Fernet key")
    assert "Fernet.generate_key()" in problems[0]
    key = "k4DkFqFk7bTq8tb0nV0sM1cKJ2o1r0sWm7xH3yq8f3E="
    settings = load_settings({"STUDYBOT_SECRET_KEY": key})
    assert key not in repr(settings) and key in settings.secrets()  # never printed, redacted in logs
