"""Rough edges in words: spelling variants, quoting, plurals, labels, help and the README agree."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bot.core.commands import ADMIN_COMMANDS, days_phrase, example, overview, parse_days, quoted, split_words
from bot.core.models import Leaderboard, MemberRef, Period, Platform, Standing
from bot.core.spelling import prefix_key, same_spelling, spelling_key
from bot.core.wording import count
from bot.frontends.console import events
from bot.frontends.console.output import TextOutput
from bot.frontends.console.session import CONSOLE_HELP

ROOT = Path(__file__).resolve().parents[2]


def test_us_and_uk_spellings_share_one_key_by_general_rules():
    pairs = [
        ("regularisation", "regularization"),
        ("optimise", "optimize"),
        ("analysed", "analyzed"),
        ("colour", "color"),
        ("behaviours", "behaviors"),
        ("centre", "center"),
        ("catalogue", "catalog"),
        ("modelling", "modeling"),
        ("labelled", "labeled"),
        ("Reinforcement Learning", "reinforcement-learning"),
    ]
    for uk, us in pairs:
        assert same_spelling(uk, us), (uk, us)
    for a, b in [("cnn", "rnn"), ("attention", "retention"), ("noise", "nose"), ("four", "for")]:
        assert not same_spelling(a, b), (a, b)
    assert spelling_key("  Batch_Normalisation ") == "batch normalization"
    assert prefix_key("normalization").startswith(prefix_key("normalis"))


def test_names_with_spaces_are_quoted_in_suggestions_and_read_back_whole():
    assert quoted("alpha") == "alpha" and quoted("Night Owls") == '"Night Owls"'
    tricky = quoted('a "b" c')
    assert split_words("join name=" + tricky) == ["join", 'name=a "b" c']
    assert split_words("join name=\u201cNight Owls\u201d") == ["join", "name=Night Owls"]
    assert example(Platform.SLACK, "cohort join", name="Night Owls") == '/cohort join name="Night Owls"'
    assert example(Platform.DISCORD, "cohort join", name="Night Owls") == "/cohort join name:Night Owls"


def test_days_read_as_words_after_a_time():
    assert days_phrase(parse_days("mon-sun")) == "every day"
    assert days_phrase(parse_days("mon-fri")) == "on weekdays (Mon-Fri)"
    assert days_phrase(parse_days("wed")) == "on Wed"
    assert days_phrase(parse_days("mon,wed,fri")) == "on Mon, Wed and Fri"


def test_counts_agree_with_their_number():
    assert [count(n, "answer") for n in (0, 1, 2, 1000)] == [
        "0 answers",
        "1 answer",
        "2 answers",
        "1,000 answers",
    ]
    assert count(1, "person", "people") == "1 person" and count(3, "person", "people") == "3 people"


def _standing(rank: int, user: str, points: int, answers: int) -> Standing:
    return Standing(
        rank=rank,
        member=MemberRef(Platform.CONSOLE, "local", user, user),
        points=points,
        answers=answers,
        correct=answers,
        streak=1,
    )


def test_the_console_leaderboard_labels_its_columns_says_1_answer_and_marks_your_row():
    me = _standing(2, "you", 1, 1)
    board = Leaderboard(
        period=Period.ALL, cohort=None, rows=(_standing(1, "ana", 20, 2), me), me=me, neighbours=()
    )
    out = io.StringIO()
    TextOutput(out, colour=False).emit(events.leaderboard(board))
    ana, mine = out.getvalue().splitlines()[1:]
    assert "20 pts" in ana and "2 answers" in ana and "100% correct" in ana and "← you" not in ana
    assert "1 pt " in mine and "1 answer " in mine and mine.endswith("← you")


def test_the_console_stats_and_cohort_lines_use_singulars():
    out = io.StringIO()
    text = TextOutput(out, colour=False)
    text.emit(
        {
            "type": "stats",
            "channel": "general",
            "rounds": 1,
            "answers": 1,
            "correct_share": 1.0,
            "participants": 1,
            "hardest": [],
            "recent": [],
        }
    )
    text.emit({"type": "cohorts", "rows": [{"name": "Night Owls", "members": 1, "joined": True}]})
    shown = out.getvalue()
    assert "1 round, 1 counted answer, 100% correct, 1 person" in shown and "Night Owls (1 member) ✓" in shown


def test_help_and_readme_name_admin_commands_studybot_name_as_platforms_register_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    short = {m for m in re.findall(r"`/([a-z-]+)[ `]", readme) if m in ADMIN_COMMANDS}
    assert short == {"setup"}, short  # only where the README says the console takes `/setup` too
    assert "(`/setup` runs `/studybot setup`)" in readme
    assert "/studybot setup: " in overview() and "\n/setup" not in overview()
    assert "/setup is /studybot setup" in CONSOLE_HELP


def test_the_readme_lists_every_console_json_event():
    emitted = set()
    for path in [*(ROOT / "bot/frontends/console").glob("*.py"), ROOT / "bot/app.py"]:
        emitted |= set(re.findall(r'"type": "([a-z_]+)"', path.read_text(encoding="utf-8")))
    section = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## The console", 1)[1].split("\n## ", 1)[0]
    )
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    assert emitted and emitted <= listed, sorted(emitted - listed)
