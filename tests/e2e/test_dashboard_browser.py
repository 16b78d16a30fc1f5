"""The dashboard in a real browser: headless Chromium, JavaScript off, against the app on 127.0.0.1.

Each page is loaded over the DevTools protocol with page scripts disabled, read back as the browser
rendered it, and photographed into
test-artifacts/dashboard/. Without Chromium these tests skip (install it: `apt-get install chromium`);
with STUDYBOT_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is a failure instead.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from bot.frontends.web import WebServer
from tests.integration.dashboard_support import COMMUNITY, seed
from tests.integration.test_dashboard_web import images_of, text_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOW_TO_ENABLE = "browser tests need Chromium: install it (apt-get install chromium) to run them"
if CHROMIUM is None:
    if os.environ.get("STUDYBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(HOW_TO_ENABLE + " (STUDYBOT_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(HOW_TO_ENABLE, allow_module_level=True)

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
WIDTH, HEIGHT = 1200, 1600


class Chromium:
    """One headless Chromium driven over the DevTools protocol, page scripts disabled."""

    def __init__(self, process: asyncio.subprocess.Process, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.process = process
        self.socket = socket
        self.ids = itertools.count(1)
        self.session: str | None = None

    @classmethod
    @asynccontextmanager
    async def launch(cls, profile: Path) -> AsyncIterator[Chromium]:
        process = await asyncio.create_subprocess_exec(
            str(CHROMIUM),
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            address = await asyncio.wait_for(_devtools_address(process), timeout=30)
            async with aiohttp.ClientSession() as http, http.ws_connect(address, max_msg_size=0) as socket:
                yield cls(process, socket)
        finally:
            process.kill()
            await process.wait()

    async def send(self, method: str, **params: object) -> dict:
        """Send one DevTools command (to the page once attached) and return its result."""
        ident = next(self.ids)
        message: dict = {"id": ident, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        await self.socket.send_json(message)
        while True:
            reply = await asyncio.wait_for(self.socket.receive_json(), timeout=30)
            if reply.get("id") == ident:
                assert "error" not in reply, (method, reply["error"])
                return reply["result"]

    async def open(self, url: str) -> tuple[str, Image.Image]:
        """Load `url` with JavaScript off; return the rendered document and a screenshot of it."""
        target = (await self.send("Target.createTarget", url="about:blank"))["targetId"]
        self.session = (await self.send("Target.attachToTarget", targetId=target, flatten=True))["sessionId"]
        await self.send("Page.enable")
        await self.send("Emulation.setScriptExecutionDisabled", value=True)
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        await self.send("Page.navigate", url=url)
        while True:
            event = await asyncio.wait_for(self.socket.receive_json(), timeout=30)
            if event.get("method") == "Page.loadEventFired":
                break
        root = (await self.send("DOM.getDocument", depth=0))["root"]["nodeId"]
        dom = (await self.send("DOM.getOuterHTML", nodeId=root))["outerHTML"]
        shot = (await self.send("Page.captureScreenshot", format="png"))["data"]
        return dom, Image.open(io.BytesIO(base64.b64decode(shot)))


async def _devtools_address(process: asyncio.subprocess.Process) -> str:
    assert process.stderr is not None
    async for line in process.stderr:
        found = re.search(rb"DevTools listening on (ws://\S+)", line)
        if found:
            return found.group(1).decode()
    raise AssertionError("Chromium exited before opening its DevTools port")


class Visit:
    """The seeded app on 127.0.0.1 and a browser to look at it."""

    def __init__(self, browser: Chromium, root: str, link: str) -> None:
        self.browser = browser
        self.root = root
        self.link = link

    async def open(self, url: str, name: str) -> tuple[str, Image.Image]:
        dom, shot = await self.browser.open(url.replace("http://dash.test", self.root))
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        shot.save(ARTEFACTS / f"{name}.png")
        return dom, shot


@pytest.fixture
async def chrome(tmp_path: Path) -> AsyncIterator[Visit]:
    seeded = await seed(tmp_path / "studybot.db")
    server = WebServer(seeded.service, "127.0.0.1", 0)
    await server.start()
    try:
        async with Chromium.launch(tmp_path / "profile") as browser:
            yield Visit(browser, f"http://127.0.0.1:{server.port}", seeded.service.link_for(COMMUNITY).url)
    finally:
        await server.stop()
        await seeded.store.close()


def at(link: str, path: str, query: str = "") -> str:
    base, _, token = link.partition("?")
    return f"{base}{path}?{token}{query}"


PAGES = {
    "overview": ("", "", ("6 members, 21 scheduled days", "2026-03-02 1 6 100% 6"), 3),
    "leaderboard": ("leaderboard", "", ("Standings", "Ada"), None),
    "leaderboard-week-beta": ("leaderboard", "&period=week&cohort=beta", ("Eve", "Fin"), None),
    "cohorts": ("leaderboard", "", ("Cohort against cohort", "alpha", "beta"), None),
    "topics": ("topics", "", ("Cohort cnn gan rnn", "adds noise during training"), 1),
    "member": ("member/Ucy", "", ("Progress of Cy", "2026-03-05 Thu missed"), 3),
    "rounds": ("rounds", "", ("Idea 1 reduces overfitting by adding noise to training.",), None),
}


@pytest.mark.parametrize("name", PAGES)
async def test_each_page_renders_in_chromium_without_javascript_with_its_charts(chrome: Visit, name: str):
    path, query, expected, charts = PAGES[name]
    dom, shot = await chrome.open(at(chrome.link, path, query), name)
    text = text_of(dom)
    for phrase in expected:
        assert phrase in text, (name, phrase, text[:400])
    assert "<table>" in dom and "<script" not in dom.lower()
    images = images_of(dom)
    if charts is not None:
        assert len(images) == charts, name
    for image in images:
        image.load()  # the chart decodes as the browser received it
        assert image.format == "PNG" and image.width >= 600 and image.height > 40
        lo, hi = image.convert("L").getextrema()
        assert hi - lo > 100  # drawn, not blank
    assert shot.size == (WIDTH, HEIGHT)
    lo, hi = shot.convert("L").getextrema()
    assert hi - lo > 100  # the browser painted the page


async def test_a_forged_link_shows_the_403_page_in_chromium(chrome: Visit):
    base, _, query = chrome.link.partition("?")
    dom, _ = await chrome.open(f"{base}?{query[:-2]}xx", "forged-link")
    text = text_of(dom)
    assert "dashboard link" in text and "/studybot dashboard" in text
    assert "6 members" not in text


async def test_the_browser_really_runs_pages_with_javascript_off(chrome: Visit):
    dom, _ = await chrome.browser.open(
        "data:text/html,<p>static</p><script>document.write('SCRIPT RAN')</script>"
    )
    assert "static" in dom and "SCRIPT RAN" not in dom.split("</script>")[-1]
