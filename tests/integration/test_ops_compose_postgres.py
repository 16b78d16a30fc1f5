"""The compose profile "postgres": one PostgreSQL and two bot processes splitting the Discord shards."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_ROOT, VARIABLE_NAMES, load_settings
from bot.database_url import PostgresUrl

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
BOTS = ("studybot-a", "studybot-b")


def test_the_postgres_profile_has_a_database_and_two_bot_processes_and_leaves_the_default_alone():
    services = COMPOSE["services"]
    assert "profiles" not in services["studybot"]  # `docker compose up` still starts the SQLite bot only
    for name in ("postgres", *BOTS):
        assert services[name]["profiles"] == ["postgres"]
    assert services["postgres"]["image"].startswith("postgres:15")
    assert "studybot-postgres" in COMPOSE["volumes"]
    for name in BOTS:
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_two_processes_share_the_database_and_split_every_shard_between_them():
    held: list[int] = []
    for name in BOTS:
        env = {k: str(v).replace("${POSTGRES_PASSWORD:-}", "pw") for k, v in
               COMPOSE["services"][name]["environment"].items()}
        assert set(env) <= VARIABLE_NAMES and env["STUDYBOT_CONTENT"] == "/app/content"  # the image's
        settings = load_settings({**env, "STUDYBOT_CONTENT": str(PROJECT_ROOT / "content")})
        assert settings.database == PostgresUrl("postgresql://studybot:pw@postgres:5432/studybot")
        held += settings.discord_shards.ids
        count = settings.discord_shards.count
    assert sorted(held) == list(range(count))
