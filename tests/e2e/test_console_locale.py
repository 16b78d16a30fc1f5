"""`/setup locale=de` (or es) at the console: every command's reply is in that language, and no English
source string leaks into it (content, which stays in its pack's language, aside)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from console_driver import ROOT, console, environment

from bot.content.loader import load_bank
from tests.locale_leaks import content_texts, leaks, speaks

START = "2026-03-02T08:00Z"
SEPARATOR = "/clock"  # answers `It is …` in the channel's language: it marks where a reply ends
SUGGESTION = ('/suggest prompt="What does a pooling layer do in a CNN?" answer="It downsamples feature '
              'maps by taking the max or average of small windows, which shrinks them and adds some '
              'translation invariance." topics=cnn difficulty=beginner')
COMMANDS = [
    "/help", "/help leaderboard", "/streak", "/leaderboard", "/leaderboard period=week chart=true",
    "/today", "/hint",
    "Each neuron computes a weighted sum of its inputs plus a bias and applies an activation function; "
    "its output feeds the next layer.",
    "/history", "/progress", "/quiz", "idk", "Supervised learning uses labelled data.",
    "/cohort create name=Owls", "/cohort join Owls", "/cohort list", "/cohort leave Owls", "/compare",
    "/remind", "/remind on before=2h", "/remind off", SUGGESTION, "/authors", "/studybot suggestions list",
    "/studybot suggestions show id=1", "/history id=1",
    '/studybot suggestions reject id=1 reason="too close to dl-12"', "/appeal I think this is right",
    "/studybot appeals", "/studybot appeals reject 1", "/studybot status", "/studybot stats",
    "/studybot packs", "/studybot skip", "/studybot pause", "/studybot resume", "/studybot post-now",
    "/studybot dashboard", "/as bea", "/channel general", "/leaderboard period=year", "/nonsense",
    "/cohort join Nobody", "/studybot setup days=funday",
]


def text_console(db: Path, lines: list[str]) -> str:
    """Run the console with readable (not JSON) output, as a person sees it."""
    env = {**environment(), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "--now", START],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def content() -> list[str]:
    return content_texts(load_bank([ROOT / "content"]))


@pytest.mark.parametrize(
    ("language", "set_up", "language_name"),
    [("de", "Die täglichen Fragen sind eingerichtet.", "Deutsch (de)"),
     ("es", "Las preguntas diarias están configuradas.", "español (es)")],
)
def test_every_command_replies_in_the_channel_language(tmp_path, content, language, set_up, language_name):
    db = tmp_path / "studybot.db"
    setup = f"/studybot setup time=09:00 days=daily locale={language}"
    first = console(db, START, [setup, "/studybot post-now"])
    schedule = first.last("schedule")
    assert schedule["message"].startswith(set_up) and language_name in schedule["message"]
    assert first.last("round_posted")["question_id"] == "dl-01"

    lines = [SEPARATOR, *(line for command in COMMANDS for line in (command, SEPARATOR)), "/clock +1d"]
    output = text_console(db, lines)
    banner, *parts = output.split("⏱")
    assert speaks(banner, language), banner  # the start-up line follows the channel's language too
    replies = [part.split("\n", 1)[1] for part in parts[:len(COMMANDS)]]  # without the separator line
    for command, reply in zip(COMMANDS, replies, strict=True):
        assert reply.strip(), f"{command} printed nothing"
        assert speaks(reply, language), f"{command} did not answer in {language}:\n{reply}"
        assert not leaks(reply, language, content), f"{command} leaked English:\n{reply}"
    closed = parts[-1]  # the next day: yesterday's round closed and today's question posted
    assert speaks(closed, language) and not leaks(closed, language, content), closed
    assert not leaks(output, language, content)


def test_a_channel_without_a_language_keeps_english_and_default_clears_it(tmp_path):
    db = tmp_path / "studybot.db"
    session = console(db, START, ["/studybot setup time=09:00 locale=es", "/studybot setup locale=default",
                                  "/streak", "/studybot setup locale=tlh"])
    cleared = session.of("schedule")[-1]["message"]
    assert cleared.startswith("Updated.") and "posts in English (en), the default" in cleared
    assert session.of("error")[-1]["message"].startswith(
        "`locale=tlh` is not a language studybot speaks; choose one of de, en, es, or default")


def test_studybot_locale_sets_the_default_for_channels_without_one(tmp_path):
    env = {**environment(), "STUDYBOT_LOCALE": "de", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "db.sqlite"), "--now", START],
        input="/streak\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert "Serie 0 · längste 0 · Freezes 0" in done.stdout, done.stdout + done.stderr


def test_a_language_studybot_does_not_ship_stops_start_up_with_a_clear_error(tmp_path):
    env = {**environment(), "STUDYBOT_LOCALE": "fr"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "db.sqlite"), "--now", START],
        input="", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert done.returncode == 1
    assert "STUDYBOT_LOCALE='fr' is not a language studybot ships; use one of de, en, es" in done.stderr
    assert os.path.exists(tmp_path / "db.sqlite") is False
