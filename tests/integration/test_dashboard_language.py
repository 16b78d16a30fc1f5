"""The dashboard's language over real HTTP: `?lang=`, else the browser's Accept-Language, else the default."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.frontends.web import WebServer
from tests.integration.dashboard_support import COMMUNITY, seed
from tests.locale_leaks import content_texts, leaks, speaks

PAGES = ("", "leaderboard", "topics", "rounds", "member/Ucy")


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class Visitor:
    def __init__(self, server: WebServer, http: aiohttp.ClientSession, link: str) -> None:
        self.root, self.http = f"http://127.0.0.1:{server.port}", http
        base, _, query = link.replace("http://dash.test", self.root).partition("?")
        self.base, self.query = base, query

    async def get(self, path: str = "", headers: dict[str, str] | None = None,
                  **extra: str) -> tuple[int, str]:
        query = "&".join([self.query, *(f"{k}={v}" for k, v in extra.items())])
        async with self.http.get(f"{self.base}{path}?{query}", headers=headers or {}) as response:
            return response.status, await response.text()


@pytest.fixture
async def site(db_target) -> AsyncIterator[tuple[Visitor, list[str]]]:
    seeded = await seed(db_target)
    server = WebServer(seeded.service, "127.0.0.1", 0)
    await server.start()
    link = seeded.service.link_for(COMMUNITY).url
    async with aiohttp.ClientSession() as http:
        yield Visitor(server, http, link), content_texts(seeded.service.bank)
    await server.stop()
    await seeded.store.close()


@pytest.mark.parametrize(("language", "heading"), [("de", "Übersicht der Gemeinschaft"),
                                                  ("es", "Resumen de la comunidad")])
async def test_lang_shows_every_page_in_that_language_and_keeps_it_on_every_link(site, language, heading):
    visitor, content = site
    for path in PAGES:
        status, page = await visitor.get(path, lang=language)
        assert status == 200, (path, page)
        assert f'<html lang="{language}">' in page
        text = text_of(page)
        assert speaks(text, language), (path, text[:300])
        assert not leaks(text, language, content), (path, leaks(text, language, content))
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert hrefs and all(f"lang={language}" in html.unescape(h) for h in hrefs), (path, hrefs)
    _, overview = await visitor.get(lang=language)
    assert heading in text_of(overview)


async def test_the_browser_language_is_used_when_the_link_names_none(site):
    visitor, _content = site
    _, spanish = await visitor.get(headers={"Accept-Language": "fr-CH, fr;q=0.9, es;q=0.8, en;q=0.5"})
    assert '<html lang="es">' in spanish and "Resumen de la comunidad" in text_of(spanish)
    _, german = await visitor.get(headers={"Accept-Language": "de-AT"})
    assert '<html lang="de">' in german
    _, english = await visitor.get(headers={"Accept-Language": "fr, it;q=0.5"})
    assert '<html lang="en">' in english and "Community overview" in text_of(english)
    _, chosen = await visitor.get(headers={"Accept-Language": "es"}, lang="de")
    assert '<html lang="de">' in chosen  # ?lang= wins over the browser


async def test_a_refused_link_explains_itself_in_the_asked_language(site):
    visitor, _content = site
    visitor.query = "t=not-a-token"
    status, page = await visitor.get(lang="de")
    assert status == 403
    text = text_of(page)
    assert "Dieser Link öffnet das Dashboard nicht" in text
    assert "Dieser Dashboard-Link ist ungültig (er wurde verändert oder abgeschnitten)." in text
    assert "Fordere einen neuen Link an" in text


async def test_without_lang_or_browser_language_pages_stay_english(site):
    visitor, _content = site
    status, page = await visitor.get("leaderboard")
    assert status == 200 and '<html lang="en">' in page
    assert "Standings" in text_of(page)
    assert not [h for h in re.findall(r'href="([^"]+)"', page) if "lang=" in h]  # no language forced
