"""Slack: `/leaderboard chart=true` uploads the standings picture to the DM, `/studybot dashboard` links
privately, and the dashboard shares the HTTP mode server with /slack/events."""

from __future__ import annotations

import io
import json
import re

import aiohttp
import pytest
from fake_slack_api import FakeSlack
from PIL import Image
from slack_harness import Harness, settings_for

from bot.charts import Painter
from bot.core.links import LinkSigner
from bot.core.service import StudyService
from bot.frontends.slack import build
from bot.frontends.web import Dashboard

KEY = b"slack-dashboard-test-key-0000001"
GOOD = "Dropout randomly drops units during training, which reduces overfitting by preventing co-adaptation."


@pytest.fixture
async def dash(bot: Harness) -> Harness:
    bot.service.configure_dashboard(lambda: LinkSigner(KEY), "https://dash.example.org", Painter())
    return bot


async def test_leaderboard_chart_is_uploaded_to_the_members_dm(dash: Harness):
    reply = await dash.command("/leaderboard", "period=all chart=true", user="U2")
    assert "direct messages" in json.dumps(reply)
    completed = dash.fake.called("files.completeUploadExternal")
    assert completed and completed[-1].params["channel_id"] == "DU2"
    picture = Image.open(io.BytesIO(dash.fake.uploads[-1]))
    assert picture.format == "PNG" and picture.width >= 600


async def test_leaderboard_without_chart_uploads_nothing(dash: Harness):
    await dash.command("/leaderboard", "period=week", user="U2")
    assert not dash.fake.called("files.completeUploadExternal")


async def test_admin_gets_a_private_dashboard_link(dash: Harness):
    dash.fake.admins.add("UADMIN")
    reply = await dash.command("/studybot", "dashboard ttl=1h", user="UADMIN")
    text = json.dumps(reply)
    assert reply["response_type"] == "ephemeral"
    assert re.search(
        r"<https://dash\.example\.org/dashboard/slack/T1/\?t=[\w-]+\.[\w-]+\|Open the dashboard>", text
    ), text


async def test_members_are_told_the_dashboard_link_is_for_admins(dash: Harness):
    reply = await dash.command("/studybot", "dashboard", user="U2")
    text = json.dumps(reply)
    assert "dash.example.org" not in text and "workspace admins" in text


async def test_the_dashboard_is_served_beside_slack_events_in_http_mode(
    fake: FakeSlack, service: StudyService
):
    service.configure_dashboard(lambda: LinkSigner(KEY), "https://dash.example.org", Painter())
    frontend = build(service, settings_for(fake), host="127.0.0.1", routes=(Dashboard(service).install,))
    await frontend.start()
    try:
        link = service.link_for(("slack", "T1"))
        local = link.url.replace("https://dash.example.org", f"http://127.0.0.1:{frontend.port}")
        async with aiohttp.ClientSession() as http:
            async with http.get(local) as page:
                assert page.status == 200
                assert "Community overview" in await page.text()
            async with http.get(local.split("?")[0]) as refused:
                assert refused.status == 403
                assert "/studybot dashboard" in await refused.text()
            async with http.post(f"http://127.0.0.1:{frontend.port}/slack/events", data=b"{}") as events:
                assert events.status in (
                    400,
                    401,
                )  # Slack's endpoint is still there, still checking signatures
    finally:
        await frontend.stop()
