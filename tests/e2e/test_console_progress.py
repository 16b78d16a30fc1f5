"""`studybot console --json`: `/progress` saves the member's chart under the data directory and emits
the signed link to their own page (`link{url, scope, expires}`); without rounds a note says why."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from console_driver import console
from PIL import Image

from bot.core.links import LinkSigner
from bot.secret_key import KeySource

REPLY = (
    "A neuron takes a weighted sum of its inputs, adds a bias and applies a non-linear activation "
    "function such as ReLU; the weights are learned in training."
)


def test_progress_saves_the_chart_in_the_data_directory_and_links_the_members_page(tmp_path):
    db = tmp_path / "data" / "study.db"
    db.parent.mkdir()
    session = console(
        db, "2026-03-02T08:00Z", ["/setup time=09:00", "/clock +2h", REPLY, "/progress", "/progress"]
    )
    assert session.returncode == 0, session.stderr
    first, progress = session.of("progress")
    chart = Path(progress["chart"])
    assert chart == db.parent / "charts" / "progress-you.png" and first["chart"] == progress["chart"]
    assert sorted(p.name for p in chart.parent.iterdir()) == ["progress-you.png"]  # replaced, not piled up
    assert f"Chart saved to {chart}" in progress["message"] and progress["notes"] == []
    assert os.stat(chart.parent).st_mode & 0o077 == 0  # the folder is the owner's only
    picture = Image.open(chart)
    picture.load()
    assert picture.format == "PNG" and picture.width >= 600 and picture.height >= 300

    link = session.last("link")
    assert link["scope"] == "member" and link["expires"] == "2026-03-03T10:00:00Z"
    assert link["url"].startswith("http://127.0.0.1:3000/dashboard/console/local/member/you?t=")
    cipher = KeySource(db).existing()
    assert cipher is not None
    scope = LinkSigner(cipher.derive("dashboard-links")).verify(
        link["url"].split("?t=")[1], datetime(2026, 3, 2, 10, tzinfo=UTC)
    )
    assert (scope.community_id, scope.member_id) == ("local", "you")


def test_progress_of_a_member_without_rounds_links_and_says_why_there_is_no_chart(tmp_path):
    session = console(tmp_path / "study.db", "2026-03-02T08:00Z", ["/as newcomer", "/progress"])
    assert session.returncode == 0, session.stderr
    progress = session.last("progress")
    assert progress["chart"] is None
    assert progress["notes"] == [
        "No chart yet: you have no rounds in the last 12 weeks; answer a daily question first."
    ]
    assert progress["message"].endswith(progress["notes"][0])
    assert "/member/newcomer?t=" in session.last("link")["url"]
    assert not (tmp_path / "charts").exists()


def test_progress_with_a_broken_secret_key_still_answers_with_the_chart_and_says_why(tmp_path):
    db = tmp_path / "study.db"
    key = tmp_path / "secret.key"
    key.write_text("not-a-key\n", encoding="ascii")
    key.chmod(0o600)
    session = console(db, "2026-03-02T08:00Z", ["/setup time=09:00", "/clock +2h", REPLY, "/progress"])
    assert session.returncode == 0, session.stderr
    progress = session.last("progress")
    assert progress["notes"] == [
        "No dashboard link: the bot's secret key cannot be read; tell an admin (logged)."
    ]
    assert Path(progress["chart"]).is_file() and not session.of("link")
    assert "secret.key" in session.stderr  # the admin's log says which file is wrong
