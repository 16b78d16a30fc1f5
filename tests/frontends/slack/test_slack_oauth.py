"""Multi-workspace install: the OAuth flow stores an installation and each workspace uses its own token."""

from __future__ import annotations

import re
from html import unescape

from slack_harness import Harness, Starter

from bot.store.installations import SqliteInstallations


async def install(bot: Harness, code: str, team: str) -> tuple[int, str]:
    """Walk the browser through /slack/install and back to /slack/oauth_redirect; return the state used."""
    base = f"http://127.0.0.1:{bot.frontend.port}"
    async with bot.http.get(f"{base}/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    authorize = unescape(re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', html).group(1))  # type: ignore[union-attr]
    assert authorize.startswith(f"{bot.fake.base}/oauth/v2/authorize?")
    assert "scope=commands" in authorize and "client_id=111.222" in authorize
    state = re.search(r"state=([^&]+)", authorize).group(1)  # type: ignore[union-attr]
    bot.fake.oauth_codes[code] = team
    async with bot.http.get(f"{base}/slack/oauth_redirect", params={"code": code, "state": state},
                            headers={"Cookie": cookie}) as done:
        return done.status, state


async def test_a_workspace_installed_through_oauth_is_served_with_its_own_token(start_bot: Starter) -> None:
    bot = await start_bot(oauth=True, slack_client_id="111.222", slack_client_secret="client-secret")
    # the SLACK_BOT_TOKEN workspace (T1) keeps working next to OAuth installs
    status, state = await install(bot, "code-two", "T2")
    assert status == 200
    repo = SqliteInstallations.for_store(bot.service.store)  # type: ignore[arg-type]
    row = await repo.find_installation("slack", None, "T2")
    assert row is not None and row.bot_token == "xoxb-T2" and row.bot_user_id == "UBOTT2"

    await bot.post_now(admin="UADMIN2", team="T2", channel="C2")
    await bot.post_now(admin="UADMIN1", team="T1", channel="C1")
    posts = {c.params["channel"]: c.token for c in bot.fake.called("chat.postMessage")}
    assert posts == {"C2": "xoxb-T2", "C1": "xoxb-T1"}
    lookups = {c.params["user"]: c.token for c in bot.fake.called("users.info")}
    assert lookups["UADMIN2"] == "xoxb-T2" and lookups["UADMIN1"] == "xoxb-T1"

    replay = f"http://127.0.0.1:{bot.frontend.port}/slack/oauth_redirect"
    async with bot.http.get(replay, params={"code": "code-two", "state": state},
                            headers={"Cookie": f"slack-app-oauth-state={state}"}) as again:
        assert again.status != 200  # a used state cannot install twice
    assert len([c for c in bot.fake.calls if c.method == "oauth.v2.access"]) == 1


async def test_an_unknown_workspace_is_not_served(start_bot: Starter) -> None:
    bot = await start_bot(oauth=True, slack_bot_token=None, slack_client_id="111.222",
                          slack_client_secret="client-secret")
    before = len(bot.fake.responses)
    status, _ = await bot.post(
        b"command=%2Fstreak&text=&team_id=T9&user_id=U1&channel_id=C1&response_url=" +
        bot.fake.response_url().encode(), "application/x-www-form-urlencoded")
    assert status == 200
    await bot.fake.wait(lambda: len(bot.fake.responses) > before)
    assert "not installed in this workspace" in bot.fake.responses[before]["text"]
    assert not any(c.token for c in bot.fake.calls)
