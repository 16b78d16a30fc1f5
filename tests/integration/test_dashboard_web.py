"""The dashboard over real HTTP on 127.0.0.1 against a seeded SQLite file: pages, numbers, refusals."""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from PIL import Image

from bot.core.links import LinkScope, LinkSigner
from bot.core.models import Platform
from bot.frontends.web import WebServer
from tests.integration.dashboard_support import COMMUNITY, NOW, SIGNING_KEY, Seeded, member, seed, token_of

PAGES = ("", "leaderboard", "topics", "rounds", "member/Ucy")


class Browser:
    """A visitor without JavaScript: fetches pages from the server on 127.0.0.1."""

    def __init__(self, seeded: Seeded, server: WebServer, http: aiohttp.ClientSession) -> None:
        self.seeded = seeded
        self.root = f"http://127.0.0.1:{server.port}"
        self.http = http

    def local(self, url: str) -> str:
        return url.replace("http://dash.test", self.root)

    async def get(self, url: str) -> tuple[int, str, aiohttp.typedefs.LooseHeaders]:
        async with self.http.get(self.local(url)) as response:
            return response.status, await response.text(), response.headers

    def page(self, link: str, path: str, **query: str) -> str:
        base, _, q = link.partition("?")
        base = re.sub(r"member/[^/?]+$", "", base)
        extra = "".join(f"&{k}={v}" for k, v in query.items())
        return f"{base}{path}?{q}{extra}"


@pytest.fixture
async def browser(db_target) -> AsyncIterator[Browser]:
    seeded = await seed(db_target)
    server = WebServer(seeded.service, "127.0.0.1", 0)
    await server.start()
    async with aiohttp.ClientSession() as http:
        yield Browser(seeded, server, http)
    await server.stop()
    await seeded.store.close()


def text_of(page: str) -> str:
    """What a reader sees: tags stripped, whitespace squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def images_of(page: str) -> list[Image.Image]:
    return [
        Image.open(io.BytesIO(base64.b64decode(data)))
        for data in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    ]


async def test_every_page_opens_with_an_admin_link_and_works_without_javascript(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    for path in PAGES:
        status, page, headers = await browser.get(browser.page(link, path))
        assert status == 200, (path, text_of(page)[:300])
        assert "<script" not in page.lower() and "javascript:" not in page.lower()
        assert not re.search(r'(src|href)="(https?:)?//', page), path  # nothing loaded from elsewhere
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "no-referrer"
        for image in images_of(page):
            assert image.format == "PNG" and image.width >= 600 and image.height > 40
        assert "<table>" in page  # every chart has its numbers beside it


async def test_overview_shows_participation_streaks_and_the_next_post(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    _, page, _ = await browser.get(link)
    text = text_of(page)
    assert "6 members, 21 scheduled days" in text
    assert "2026-03-02 1 6 100% 6" in text  # the first day: everyone answered
    assert "2026-03-22 1 5 83% 5" in text  # today: Ada has not answered yet
    assert "#study 09:00 UTC, daily Mon 23 Mar 2026 09:00 UTC" in text
    assert len(images_of(page)) == 3


async def test_leaderboard_filters_by_period_and_cohort_and_compares_cohorts(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    _, page, _ = await browser.get(browser.page(link, "leaderboard"))
    text = text_of(page)
    assert re.search(r"1 Ada \d+ 20 ", text), text  # Ada answered 20 days and leads
    assert "Cohort against cohort" in text and "alpha" in text and "beta" in text
    _, week, _ = await browser.get(browser.page(link, "leaderboard", period="week", cohort="beta"))
    rows = text_of(week)
    assert (
        "Eve" in rows
        and "Fin" in rows
        and "Ada" not in rows.split("Standings")[1].split("Cohort standings")[0]
    )
    assert "<strong>week</strong>" in week and "<strong>beta</strong>" in week


async def test_topics_show_share_correct_per_cohort_and_the_most_missed_key_points(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    _, page, _ = await browser.get(browser.page(link, "topics"))
    text = text_of(page)
    assert "Cohort cnn gan rnn" in text
    assert re.search(r"all members \d+% \(\d+/\d+\)", text)
    assert re.search(r"alpha \d+% \(\d+/\d+\)", text)
    assert "adds noise during training" in text  # the key point missed most often
    assert len(images_of(page)) == 1


async def test_member_page_shows_calendar_scores_strength_and_reviews(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    _, page, _ = await browser.get(browser.page(link, "member/Ucy"))
    text = text_of(page)
    assert "Progress of Cy" in text
    assert "2026-03-05 Thu missed" in text and "2026-03-06 Fri missed" in text
    assert "2026-03-22 Sun answered" in text
    assert "Explain idea number 1." in text and "Explain idea number 4." in text  # reviews due this week
    assert re.search(r"cnn \d+ \d+%", text)
    assert len(images_of(page)) == 3


async def test_round_history_shows_each_round_with_figures_and_model_answer(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    _, page, _ = await browser.get(browser.page(link, "rounds"))
    text = text_of(page)
    assert text.index("2026-03-22") < text.index("2026-03-02")  # newest first
    assert re.search(r"2026-03-02 #study Explain idea number 1\. 6 \d+% \d+% ", text)
    assert "Idea 1 reduces overfitting by adding noise to training." in text


async def test_a_member_link_opens_their_page_and_the_boards_but_not_another_members_page(browser: Browser):
    link = (await browser.seeded.service.member_link(member("cy"))).url
    assert "/member/Ucy?" in link
    assert (await browser.get(link))[0] == 200
    for path in ("", "leaderboard", "topics", "rounds"):
        assert (await browser.get(browser.page(link, path)))[0] == 200, path
    status, page, _ = await browser.get(browser.page(link, "member/Uada"))
    assert status == 403
    assert "not another member's page" in text_of(page) and "/progress" in text_of(page)


async def test_missing_tampered_expired_and_other_community_links_get_403_with_how_to_renew(browser: Browser):
    service = browser.seeded.service
    link = service.link_for(COMMUNITY, ttl=timedelta(hours=1)).url
    base, _, _ = link.partition("?")
    token = token_of(link)
    other = LinkSigner(SIGNING_KEY).sign(
        LinkScope(Platform.DISCORD, "guild-8", None, NOW + timedelta(hours=1))
    )
    cases = {
        "missing": base,
        "tampered": f"{base}?t={token[:-2]}xx",
        "other community": f"{base}?t={other}",
        "bare": "http://dash.test/dashboard/",
    }
    for name, url in cases.items():
        status, page, _ = await browser.get(url)
        assert status == 403, name
        assert "/studybot dashboard" in page and "dashboard link" in text_of(page), name
        assert "6 members" not in page
    browser.seeded.clock.set(NOW + timedelta(hours=2))
    status, page, _ = await browser.get(link)
    assert status == 403 and "expired on" in text_of(page)


async def test_bad_filters_get_a_clear_page_not_a_crash(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    status, page, _ = await browser.get(browser.page(link, "leaderboard", period="decade"))
    assert status == 400 and "choose one of week, month, all" in text_of(page)
    status, page, _ = await browser.get(browser.page(link, "leaderboard", cohort="gamma"))
    assert status == 404 and "cohorts: alpha, beta" in text_of(page)
    status, page, _ = await browser.get(link.replace("/discord/", "/myspace/"))
    assert status == 404
    status, _, _ = await browser.get(browser.page(link, "leaderboard", cohort="<script>alert(1)</script>"))
    assert status in (400, 404)


async def test_unknown_member_pages_render_empty_rather_than_fail(browser: Browser):
    link = browser.seeded.service.link_for(COMMUNITY).url
    status, page, _ = await browser.get(browser.page(link, "member/Unobody"))
    assert status == 200 and "No daily answers in the last 90 days." in text_of(page)
