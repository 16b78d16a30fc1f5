"""`studybot dashboard link`, `studybot web` and the console's `/dashboard` and `/leaderboard chart=true`."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from console_driver import ROOT, console, environment, run_with_dashboard
from PIL import Image

from bot.core.links import LinkSigner
from bot.secret_key import KeySource
from tests.integration.dashboard_support import seed
from tests.local_ports import free_port

REPLY = (
    "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
    "function such as ReLU; the weights are learned in training."
)


def seeded_db(tmp_path: Path, target: Path | str | None = None) -> Path | str:
    """The seeded community in `target` (a SQLite file or PostgreSQL URL; default a file in tmp_path)."""
    db = tmp_path / "data" / "studybot.db" if target is None else target

    async def fill() -> None:
        world = await seed(db)
        await world.store.close()

    asyncio.run(fill())
    return db


def studybot(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """One `studybot` command run in `cwd` (a PostgreSQL database's key file is data/secret.key there)
    with `env` added to its environment."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**environment(), "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_dashboard_link_prints_a_member_link_signed_with_the_data_directory_key(tmp_path):
    db = seeded_db(tmp_path)
    done = studybot(
        "dashboard",
        "link",
        "--db",
        str(db),
        "--community",
        "guild-7",
        "--member",
        "Cy",
        "--ttl",
        "1h",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    link = json.loads(done.stdout)
    assert link["scope"] == "member" and link["expires"].endswith("Z")
    assert re.match(r"^http://127\.0\.0\.1:3000/dashboard/discord/guild-7/member/Ucy\?t=", link["url"])
    key_file = db.parent / "secret.key"
    assert key_file.stat().st_mode & 0o777 == 0o600  # generated once, owner-only
    cipher = KeySource(db).existing()
    assert cipher is not None
    token = link["url"].split("?t=")[1]
    scope = LinkSigner(cipher.derive("dashboard-links")).verify(token, datetime.now(UTC))
    assert scope.member_id == "Ucy" and scope.community_id == "guild-7"


def test_dashboard_link_explains_unknown_communities_and_members(tmp_path):
    db = seeded_db(tmp_path)
    done = studybot("dashboard", "link", "--db", str(db), "--community", "nowhere")
    assert done.returncode == 1 and "No server or workspace `nowhere`" in done.stderr
    done = studybot("dashboard", "link", "--db", str(db), "--community", "guild-7", "--member", "zed")
    assert done.returncode == 1 and "No member `zed`" in done.stderr
    done = studybot("dashboard", "link", "--db", str(tmp_path / "missing.db"), "--community", "guild-7")
    assert done.returncode == 1 and f"no database at {tmp_path / 'missing.db'}" in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_studybot_web_serves_the_dashboard_alone_and_stops_on_sigterm(tmp_path, db_target):
    db = str(seeded_db(tmp_path, db_target))
    links = {
        who: json.loads(studybot("dashboard", "link", "--db", db, "--community", "discord:guild-7",
                                 *extra, "--json", cwd=tmp_path).stdout)
        for who, extra in (("admin", ()), ("cy", ("--member", "cy")))
    }
    assert (links["admin"]["scope"], links["cy"]["scope"]) == ("community", "member")
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--db", db, "--port", "0"],
        cwd=tmp_path,
        env={**environment(), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/dashboard", first)
        assert port, first + server.stderr.read()
        url, mine = (links[w]["url"].replace("127.0.0.1:3000", f"127.0.0.1:{port.group(1)}")
                     for w in ("admin", "cy"))
        with urllib.request.urlopen(url, timeout=10) as page:
            body = page.read().decode()
        assert "6 members," in body  # the real clock: March is older than the 90 days shown
        assert "/member/Ucy?" in mine
        with urllib.request.urlopen(mine, timeout=10) as page:
            assert "Progress of Cy" in page.read().decode()
        try:
            urllib.request.urlopen(url.split("?")[0], timeout=10)
            raise AssertionError("a page without its key opened")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0


def test_dashboard_link_and_web_say_in_one_line_when_postgresql_does_not_answer(tmp_path):
    closed = free_port()  # nothing listens there
    url = f"postgresql://studybot@127.0.0.1:{closed}/studybot"
    for command in (("dashboard", "link", "--community", "guild-7"), ("web", "--port", "0")):
        done = studybot(*command, cwd=tmp_path, STUDYBOT_DB=url)
        assert done.returncode == 1 and done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert f"postgresql://studybot@127.0.0.1:{closed}/studybot is unavailable" in lines[0]
        assert "check that the server runs and STUDYBOT_DB is right" in lines[0]


def test_console_dashboard_gives_a_link_event_and_leaderboard_chart_saves_a_png(tmp_path):
    session = console(
        tmp_path / "c.db",
        "2026-03-02T08:00Z",
        [
            "/setup time=09:00",
            "/clock +2h",
            REPLY,
            "/dashboard ttl=1h",
            "/leaderboard chart=true",
            "/leaderboard chart=sometimes",
        ],
    )
    assert session.returncode == 0, session.stderr
    link = session.last("link")
    assert set(link) >= {"url", "scope", "expires"} and link["scope"] == "community"
    assert link["url"].startswith("http://127.0.0.1:3000/dashboard/console/local/?t=")
    assert link["expires"] == "2026-03-02T11:00:00Z"
    board = session.last("leaderboard")
    picture = Image.open(board["chart"])
    assert picture.format == "PNG" and picture.width >= 600
    Path(board["chart"]).unlink()
    assert "choose one of true, false" in session.last("error")["message"]


def test_run_without_tokens_serves_the_dashboard_beside_the_console(tmp_path):
    port = free_port()
    proc, url = run_with_dashboard(tmp_path / "run.db", port)
    try:
        assert url.startswith(f"http://127.0.0.1:{port}/dashboard/console/local/?t=")
        with urllib.request.urlopen(url, timeout=10) as page:
            assert "Community overview" in page.read().decode()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
