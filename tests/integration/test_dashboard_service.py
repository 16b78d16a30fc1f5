"""The dashboard's read use cases on a seeded SQLite file: calendars, streak spread, links, chart images."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.charts import Painter
from bot.core.errors import InvalidInput, NotAllowed, NotFound
from bot.core.models import Actor, MemberRef, Period, Platform
from tests.integration.dashboard_support import CHANNEL, COMMUNITY, NOW, member, seed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def seeded(db_target):
    world = await seed(db_target)
    world.service.configure_dashboard(world.service._make_signer, "http://dash.test", Painter())
    yield world
    await world.store.close()


async def test_a_miss_covered_by_a_freeze_shows_as_frozen_and_keeps_the_streak(seeded):
    fin = await seeded.service.member_insight(member("fin"))
    states = {d.local_date.isoformat(): d.state for d in fin.calendar}
    assert states["2026-03-21"] == "frozen"  # two freezes earned over 19 answered days
    assert states["2026-03-20"] == "answered" and states["2026-02-20"] == "no round"
    assert fin.current_streak == 20
    streak = await seeded.service.streak(CHANNEL, member("fin"))
    assert streak.current == fin.current_streak  # the calendar folds by the same rules as /streak


async def test_the_streak_spread_counts_every_member_once(seeded):
    overview = await seeded.service.community_overview(COMMUNITY)
    assert sum(n for _, n in overview.streaks) == overview.members == 6
    assert dict(overview.streaks)["14-29"] >= 1


async def test_member_chart_is_a_png_with_the_calendar_above_the_topics(seeded):
    png = await seeded.service.member_chart(member("cy"))
    Image.open(io.BytesIO(png)).verify()  # a complete, uncorrupted PNG
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    picture = picture.convert("RGB")
    assert picture.width >= 600 and picture.height > 300
    colours = {c for _, c in picture.getcolors(1 << 16)}
    assert (47, 94, 168) in colours  # answered cells and topic bars are drawn


async def test_leaderboard_chart_is_a_png_of_the_same_board(seeded):
    png = await seeded.service.leaderboard_chart(CHANNEL, member("eve"), Period.ALL)
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    assert picture.height >= 16 + 26 + 6 * 24  # a row per member


async def test_links_are_for_admins_and_members_get_their_own(seeded):
    with pytest.raises(NotAllowed):
        await seeded.service.dashboard_link(Actor(member("eve"), is_admin=False))
    admin = await seeded.service.dashboard_link(Actor(member("ada"), is_admin=True))
    assert admin.scope == "community" and admin.url.startswith(
        "http://dash.test/dashboard/discord/guild-7/?t="
    )
    own = await seeded.service.member_link(member("eve"))
    assert own.scope == "member" and "/member/Ueve?t=" in own.url
    assert own.expires == NOW + timedelta(hours=24)


async def test_communities_and_members_are_found_by_id_or_name(seeded):
    service = seeded.service
    assert await service.find_community("guild-7") == COMMUNITY
    assert await service.find_community("discord:guild-7") == COMMUNITY
    with pytest.raises(NotFound, match="discord:123456789"):
        await service.find_community("slack:guild-7")
    with pytest.raises(NotFound):
        await service.find_community("nowhere")
    assert (await service.find_member(COMMUNITY, "eve")).user_id == "Ueve"
    assert (await service.find_member(COMMUNITY, "Ueve")).name == "Eve"
    with pytest.raises(NotFound, match="user id"):
        await service.find_member(COMMUNITY, "zed")
    await seeded.store.join_cohort(MemberRef(Platform.DISCORD, "guild-7", "Ueve2", "Eve"), "beta")
    with pytest.raises(InvalidInput, match="Ueve"):
        await service.find_member(COMMUNITY, "eve")


def test_starting_the_bot_code_does_not_load_the_chart_or_web_libraries():
    probe = (
        "import sys, bot.app, bot.cli; bot.cli.build_parser(); "
        "print(sorted(m for m in ('PIL', 'jinja2', 'matplotlib', 'bot.frontends.web', 'bot.charts.images') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_a_member_answering_in_two_channels_on_one_day_counts_once_as_a_participant(seeded):
    from datetime import date

    from bot.core.models import AnswerDraft, ChannelRef, Difficulty, Grade, Verdict
    from tests.integration.dashboard_support import FIRST_DAY, GUILD

    evening = ChannelRef(Platform.DISCORD, GUILD, "chan-2", "evening")
    opened = NOW.replace(year=2026, month=3, day=2, hour=18)
    rnd = await seeded.store.claim_round(evening, FIRST_DAY, "t-02", opened, None)
    for name in ("ada", "bo"):
        await seeded.store.record_answer(
            AnswerDraft(
                member=member(name),
                question_id="t-02",
                difficulty=Difficulty.BEGINNER,
                text="x",
                grade=Grade(0.9, Verdict.CORRECT, (), ()),
                submitted_at=opened,
                round_id=rnd.id,
            )
        )
    days = {d.local_date: d for d in await seeded.store.daily_activity(COMMUNITY, date(2026, 3, 1))}
    first = days[FIRST_DAY]
    assert (first.rounds, first.answered, first.answers) == (2, 6, 8)
    assert days[date(2026, 3, 3)].rounds == 1
