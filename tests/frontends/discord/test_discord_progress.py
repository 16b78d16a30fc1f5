"""Discord: `/progress` replies privately with the member's signed dashboard link and attaches their
streak calendar and topic chart; when either cannot be made the text still arrives with a note."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import discord_payloads as p
import pytest
from discord_harness import GOOD_ANSWER, DiscordHarness
from PIL import Image

from bot.charts import Painter
from bot.core.links import LinkRefused, LinkSigner
from bot.core.models import MemberRef, Platform

EPHEMERAL = 64
KEY = b"discord-progress-test-key-000001"
ANA = MemberRef(Platform.DISCORD, str(p.GUILD_ID), str(p.MEMBER_ID), "Ana")
LINK = re.compile(r"\((https://dash\.example\.org/dashboard/discord/\d+/member/\d+\?t=([\w-]+\.[\w-]+))\)")


@pytest.fixture
async def dash(bot: DiscordHarness) -> DiscordHarness:
    bot.service.configure_dashboard(lambda: LinkSigner(KEY), "https://dash.example.org", Painter())
    return bot


async def answered_once(bot: DiscordHarness) -> None:
    await bot.set_up_channel(packs="test", days="daily")
    round_id, _ = await bot.post_today()
    await bot.service.submit_answer(ANA, round_id, GOOD_ANSWER)


async def test_progress_links_the_members_own_page_and_attaches_the_chart(dash: DiscordHarness):
    await answered_once(dash)
    reply = await dash.slash("progress")
    assert reply["data"]["flags"] & EPHEMERAL
    embed = reply["data"]["embeds"][0]
    assert "Questions seen: 1 of 2" in embed["description"]
    (field,) = [f for f in embed["fields"] if f["name"] == "Dashboard"]
    found = LINK.search(field["value"])
    assert found, field["value"]
    scope = LinkSigner(KEY).verify(found.group(2), dash.service.now())
    assert (scope.platform, scope.community_id, scope.member_id) == (
        Platform.DISCORD, str(p.GUILD_ID), str(p.MEMBER_ID))
    assert scope.expires - dash.service.now() == pytest.approx(timedelta(hours=24), abs=timedelta(seconds=2))
    assert f"/member/{p.MEMBER_ID}?" in found.group(1)
    # someone else's key does not open it
    with pytest.raises(LinkRefused, match="not valid"):
        LinkSigner(b"another-key-of-32-bytes-00000001").verify(found.group(2), dash.service.now())
    call = dash.fake.requests("POST", r"/webhooks/\d+/[^/]+")[-1]
    ((name, content),) = call.files.items()
    assert name == "progress.png"
    assert embed["image"]["url"] == "attachment://progress.png"
    picture = Image.open(io.BytesIO(content))
    picture.load()
    assert picture.format == "PNG"
    assert picture.width >= 600 and picture.height >= 300  # calendar above the topic bars


async def test_progress_without_a_dashboard_still_answers_and_says_why(bot: DiscordHarness):
    await answered_once(bot)  # this process has no link signer and no chart painter
    reply = await bot.slash("progress")
    embed = reply["data"]["embeds"][0]
    assert "Questions seen: 1 of 2" in embed["description"]
    (note,) = [f["value"] for f in embed["fields"] if f["name"] == "Note"]
    assert "No dashboard link: The dashboard is not set up" in note
    assert "No chart: chart images are not available" in note
    assert not dash_files(bot)


async def test_a_member_without_rounds_gets_the_link_and_a_note_not_an_empty_chart(dash: DiscordHarness):
    reply = await dash.slash("progress")
    embed = reply["data"]["embeds"][0]
    assert any(f["name"] == "Dashboard" and LINK.search(f["value"]) for f in embed["fields"])
    (note,) = [f["value"] for f in embed["fields"] if f["name"] == "Note"]
    assert "No chart yet: you have no rounds in the last 12 weeks" in note
    assert not dash_files(dash)


def dash_files(bot: DiscordHarness) -> dict:
    return bot.fake.requests("POST", r"/webhooks/\d+/[^/]+")[-1].files
