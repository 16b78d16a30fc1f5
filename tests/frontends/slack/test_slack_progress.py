"""Slack: `/progress` answers privately with the member's signed dashboard link and uploads their streak
calendar and topic chart to their DM; when the link, the chart or the upload fails, a note says so."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from PIL import Image
from slack_harness import GOOD_ANSWER, Harness

from bot.charts import Painter
from bot.core.links import LinkSigner
from bot.core.models import MemberRef, Platform

KEY = b"slack-progress-test-key-00000001"
U2 = MemberRef(Platform.SLACK, "T1", "U2")
LINK = re.compile(
    r"<(https://dash\.example\.org/dashboard/slack/T1/member/U2\?t=([\w-]+\.[\w-]+))\|Open your"
)


@pytest.fixture
async def dash(bot: Harness) -> Harness:
    bot.service.configure_dashboard(lambda: LinkSigner(KEY), "https://dash.example.org", Painter())
    return bot


async def answered_once(bot: Harness) -> None:
    round_id, _ = await bot.post_now()
    await bot.service.submit_answer(U2, round_id, GOOD_ANSWER)


async def test_progress_links_the_members_page_and_uploads_the_chart_to_their_dm(dash: Harness):
    await answered_once(dash)
    reply = await dash.command("/progress", "")
    assert reply["response_type"] == "ephemeral"
    text = json.dumps(reply["blocks"])
    assert "Questions seen: 1 of 1" in text
    found = LINK.search(text)
    assert found, text
    scope = LinkSigner(KEY).verify(found.group(2), dash.service.now())
    assert (scope.platform, scope.community_id, scope.member_id, scope.kind) == (
        Platform.SLACK, "T1", "U2", "member")
    assert scope.expires - dash.service.now() == pytest.approx(timedelta(hours=24), abs=timedelta(seconds=2))
    assert "in your direct messages" in text
    completed = dash.fake.called("files.completeUploadExternal")
    assert completed and completed[-1].params["channel_id"] == "DU2"
    picture = Image.open(io.BytesIO(dash.fake.uploads[-1]))
    picture.load()
    assert picture.format == "PNG" and picture.width >= 600 and picture.height >= 300


async def test_a_refused_upload_still_gives_the_text_and_link_with_a_note(dash: Harness):
    await answered_once(dash)
    dash.fake.refuse_uploads = True
    text = json.dumps((await dash.command("/progress", ""))["blocks"])
    assert "Questions seen: 1 of 1" in text and LINK.search(text)
    assert "Slack refused the chart upload" in text
    assert not dash.fake.uploads


async def test_without_a_dashboard_the_text_arrives_with_a_note_saying_why(bot: Harness):
    await answered_once(bot)  # no link signer, no chart painter in this process
    text = json.dumps((await bot.command("/progress", ""))["blocks"])
    assert "Questions seen: 1 of 1" in text
    assert "No dashboard link: The dashboard is not set up" in text
    assert "No chart: chart images are not available" in text
    assert "dash.example.org" not in text and not bot.fake.called("files.completeUploadExternal")


async def test_a_member_without_rounds_gets_the_link_and_no_empty_chart(dash: Harness):
    text = json.dumps((await dash.command("/progress", ""))["blocks"])
    assert LINK.search(text)
    assert "No chart yet: you have no rounds in the last 12 weeks" in text
    assert not dash.fake.called("files.completeUploadExternal")
