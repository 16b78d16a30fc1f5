"""The deployment files: compose parses and wires the image, volume and documented variables."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT, VARIABLE_NAMES, VARIABLES, load_settings, read_env_file

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
OPERATIONS_DOC = PROJECT_ROOT / "docs" / "operations.md"


def service() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]["studybot"]


def test_compose_builds_the_dockerfile_in_this_repository():
    build = service()["build"]
    assert (PROJECT_ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE.resolve()
    assert DOCKERFILE.is_file()


def test_compose_keeps_the_database_on_a_named_volume():
    compose = yaml.safe_load(COMPOSE.read_text())
    svc = compose["services"]["studybot"]
    mounts = dict(m.split(":", 1) for m in svc["volumes"])
    assert "studybot-data" in compose["volumes"]
    assert mounts["studybot-data"] == str(Path(svc["environment"]["STUDYBOT_DB"]).parent)


def test_compose_reads_env_from_dot_env_and_restarts_the_bot():
    svc = service()
    assert svc["env_file"] == ".env"
    assert svc["restart"] in {"unless-stopped", "always", "on-failure"}
    assert svc["healthcheck"]["test"][-1] == "health"


def test_compose_sets_only_documented_variables_and_documents_each_platform():
    svc = service()
    assert set(svc["environment"]) <= VARIABLE_NAMES
    text = COMPOSE.read_text()
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        assert name in text


def test_env_example_lists_every_variable_and_loads_cleanly():
    values = read_env_file(ENV_EXAMPLE)
    text = ENV_EXAMPLE.read_text()
    for var in VARIABLES:
        assert re.search(rf"^#? ?{var.name}=", text, re.M), var.name
    settings = load_settings(values)
    assert not settings.discord_enabled and not settings.slack_enabled


def test_operations_doc_has_a_row_for_every_variable_with_its_default():
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([A-Z_]+)` \| ([^|]*) \|", OPERATIONS_DOC.read_text(), re.M)
    }
    assert set(rows) == VARIABLE_NAMES
    for var in VARIABLES:
        assert var.default.split(" ")[0] in rows[var.name], var.name


def test_variables_read_anywhere_in_the_code_are_documented():
    read = set()
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        read |= set(re.findall(r"(?:getenv|environ(?:\.get)?)\(\s*[\"']([A-Z_]+)[\"']", path.read_text()))
        read |= set(re.findall(r"environ\[[\"']([A-Z_]+)[\"']\]", path.read_text()))
    assert read <= VARIABLE_NAMES, read - VARIABLE_NAMES


def test_dockerfile_runs_as_a_non_root_user_with_a_health_check():
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM python:3\.1[1-9]-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*bot\", \"health\"", text, re.M)
    assert "[dev]" not in text and "pytest" not in text
