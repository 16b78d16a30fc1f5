"""Discord: `/leaderboard chart:true` attaches the standings picture; `/studybot dashboard` links."""

from __future__ import annotations

import io
import re

import pytest
from discord_harness import ADMIN, GOOD_ANSWER, DiscordHarness
from PIL import Image

from bot.charts import Painter
from bot.core.links import LinkSigner

EPHEMERAL = 64
KEY = b"discord-dashboard-test-key-00001"


@pytest.fixture
async def dash(bot: DiscordHarness) -> DiscordHarness:
    bot.service.configure_dashboard(lambda: LinkSigner(KEY), "https://dash.example.org", Painter())
    return bot


async def test_leaderboard_with_chart_attaches_a_png_of_the_standings(dash: DiscordHarness):
    await dash.set_up_channel()
    round_id, _ = await dash.post_today()
    await dash.submit(f"studybot:answer-form:{round_id}", GOOD_ANSWER)
    reply = await dash.slash("leaderboard", {"period": "week", "chart": True})
    assert reply["data"]["flags"] & EPHEMERAL
    assert "Ana" in str(reply["data"]["embeds"][0])
    call = dash.fake.requests("POST", r"/webhooks/\d+/[^/]+")[-1]
    ((name, content),) = call.files.items()
    assert name == "leaderboard-week.png"
    picture = Image.open(io.BytesIO(content))
    assert picture.format == "PNG" and picture.width >= 600


async def test_leaderboard_without_chart_attaches_nothing(dash: DiscordHarness):
    await dash.slash("leaderboard")
    call = dash.fake.requests("POST", r"/webhooks/\d+/[^/]+")[-1]
    assert not call.files


async def test_admin_gets_a_private_expiring_dashboard_link(dash: DiscordHarness):
    reply = await dash.slash("studybot", {"ttl": "2h"}, sub="dashboard", who=ADMIN, admin=True)
    assert reply["data"]["flags"] & EPHEMERAL
    embed = reply["data"]["embeds"][0]
    assert re.match(r"^https://dash\.example\.org/dashboard/discord/\d+/\?t=[\w-]+\.[\w-]+$", embed["url"])
    assert "every page of this server" in embed["description"]


async def test_members_cannot_get_the_admin_dashboard_link(dash: DiscordHarness):
    reply = await dash.slash("studybot", sub="dashboard", admin=False)
    text = str(reply["data"])
    assert "dash.example.org" not in text
    assert "Manage Server" in text


async def test_a_bad_link_lifetime_says_what_to_write(dash: DiscordHarness):
    reply = await dash.slash("studybot", {"ttl": "forever"}, sub="dashboard", who=ADMIN, admin=True)
    assert "30m, 1h or 7d" in str(reply["data"])
