"""Slack installations and OAuth states live in studybot's own SQLite file and survive a reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.frontends.slack.installations import RepositoryInstallationStore, RepositoryStateStore
from bot.store import open_store
from bot.store.installations import SqliteInstallations


def installation(team: str, token: str, user: str = "UINSTALLER") -> Installation:
    return Installation(app_id="A1", team_id=team, team_name=f"Team {team}", bot_token=token,
                        bot_id=f"B{team}", bot_user_id=f"UBOT{team}", bot_scopes=["commands", "chat:write"],
                        user_id=user)


async def test_an_installation_is_found_by_workspace_after_the_database_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "studybot.db"
    store = await open_store(path)
    slack = RepositoryInstallationStore(SqliteInstallations.for_store(store))
    await slack.async_save(installation("T1", "xoxb-old"))
    await slack.async_save(installation("T1", "xoxb-new"))
    await slack.async_save(installation("T2", "xoxb-two"))
    await store.close()

    repo = await SqliteInstallations.open(path)
    slack = RepositoryInstallationStore(repo)
    bot = await slack.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-new" and bot.bot_user_id == "UBOTT1"
    found = await slack.async_find_installation(enterprise_id=None, team_id="T2", user_id="UINSTALLER")
    assert found is not None and found.bot_scopes == ["commands", "chat:write"]
    assert await slack.async_find_bot(enterprise_id=None, team_id="T3") is None
    await repo.close()


async def test_uninstalling_forgets_only_that_workspace(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "studybot.db")
    slack = RepositoryInstallationStore(SqliteInstallations.for_store(store))
    await slack.async_save(installation("T1", "xoxb-one"))
    await slack.async_save(installation("T2", "xoxb-two"))
    await slack.async_delete_all(enterprise_id=None, team_id="T1")
    assert await slack.async_find_bot(enterprise_id=None, team_id="T1") is None
    assert (await slack.async_find_bot(enterprise_id=None, team_id="T2")).bot_token == "xoxb-two"  # type: ignore[union-attr]
    await store.close()


async def test_an_oauth_state_works_once_and_not_after_it_expires(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "studybot.db")
    repo = SqliteInstallations.for_store(store)
    states = RepositoryStateStore(repo)
    state = await states.async_issue()
    assert await states.async_consume(state) is True
    assert await states.async_consume(state) is False
    assert await states.async_consume("made-up") is False
    assert await states.async_consume("") is False

    moment = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    aging = RepositoryStateStore(repo, expiration_seconds=600, clock=lambda: moment[0])
    stale = await aging.async_issue()
    moment[0] += timedelta(minutes=11)
    assert await aging.async_consume(stale) is False
    await store.close()
