"""Offline checks: every command, embed, view and modal the Discord frontend builds fits Discord's limits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import discord
import pytest
from discord_limits import (
    COMMAND_TOTAL_CHARS,
    CUSTOM_ID,
    GLOBAL_COMMANDS,
    MODAL_TITLE,
    PLACEHOLDER,
    TEXT_INPUT_LABEL,
    TEXT_INPUT_MAX,
    command_chars,
    command_problems,
    component_problems,
    embed_problems,
    live_mentions,
)

from bot.core.models import (
    Appeal,
    ChannelRef,
    Cohort,
    Difficulty,
    Grade,
    KeyPoint,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    Question,
    Round,
    RoundStats,
    RoundStatus,
    Schedule,
    Standing,
    StreakState,
    TodayStatus,
    Verdict,
)
from bot.core.ports import RoundPost, RoundSummary
from bot.core.results import (
    ChannelStats,
    ChannelStatus,
    Feedback,
    Hint,
    PackInfo,
    QuizQuestion,
    ScheduleChange,
)
from bot.frontends.discord import render, render_admin, views
from bot.frontends.discord.commands import build_tree

HOSTILE = ("@everyone @here <@123456789> <@&987654321> <@!123456789012345678> <#123456789012345678> "
           "**bold** `tick` ```fence``` ||spoiler|| \u202e\u200b\n")
HUGE = HOSTILE * 400  # about 30,000 characters
CHANNEL = ChannelRef(Platform.DISCORD, "1", "2", HOSTILE)
MEMBER = MemberRef(Platform.DISCORD, "1", "3", HUGE)
SHARED_OPTION_NAMES = {"time", "tz", "days", "order", "answers", "packs", "period", "cohort", "name", "topic",
                       "difficulty", "action", "id", "member", "role", "remind", "at", "before",
                       "chart", "ttl", "reason", "status", "force", "prompt", "answer", "topics", "points",
                       "hints"}


def question(text: str = "What does dropout do?", qid: str = "dl-01") -> Question:
    points = tuple(KeyPoint(text=f"{text} point {i}", phrases=("p",)) for i in range(6))
    return Question(id=qid, prompt=text, difficulty=Difficulty.ADVANCED, answer=text,
                    topics=tuple(f"topic-{i}" for i in range(40)), key_points=points, hints=(text,))


def grade(text: str, verdict: Verdict = Verdict.PARTIAL) -> Grade:
    return Grade(score=0.55, verdict=verdict, covered=tuple(f"{text} {i}" for i in range(4)),
                 missed=tuple(f"{text} {i}" for i in range(4)), misconceptions=(text, text),
                 grader_version="1.0", note=text)


def standing(rank: int, name: str) -> Standing:
    return Standing(rank=rank, member=MemberRef(Platform.DISCORD, "1", str(rank), name), points=10 ** 9,
                    answers=123456, correct=100000, streak=999)


def schedule() -> Schedule:
    return Schedule(channel=CHANNEL, post_time=time(9, 0), tz="Europe/Berlin",
                    packs=tuple(f"pack-{i}-{'x' * 60}" for i in range(50)))


def every_embed(text: str) -> list[discord.Embed]:
    """One of each embed the bot can produce, fed with `text` everywhere text can go."""
    q = question(text, "x" * 64)
    opened = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    board_rows = tuple(standing(i, text) for i in range(1, 11))
    open_round = Round(1, CHANNEL, date(2026, 11, 26), q.id, RoundStatus.OPEN, opened, None)
    embeds = [
        render.round_embed(RoundPost(1, CHANNEL, q, date(2026, 11, 26), opened, "UTC", "both", 7)),
        render.round_embed(RoundPost(1, CHANNEL, q, date(2026, 11, 26), None, "UTC", "form")),
        render.closed_embed(RoundSummary(1, CHANNEL, "5", q, RoundStats(10, 4, text))),
        render.leaderboard_embed(Leaderboard(Period.WEEK, text, board_rows, standing(57, text),
                                             (standing(56, text), standing(57, text), standing(58, text)))),
        render.leaderboard_embed(Leaderboard(Period.ALL, None, ())),
        render.streak_embed(StreakState(5, 9, 2, TodayStatus.PENDING), text),
        render.quiz_embed(QuizQuestion(q, text)),
        render.hint_embed(Hint("dl-01", text, 1, 3)),
        render.notice_embed(text, text),
        render_admin.schedule_change_embed(ScheduleChange(schedule(), text, opened)),
        render_admin.schedule_change_embed(ScheduleChange(schedule(), text, None)),
        render_admin.status_embed(ChannelStatus(None, None, None, 0)),
        render_admin.status_embed(ChannelStatus(schedule(), open_round, opened, 4)),
        render_admin.stats_embed(ChannelStats(100, 1000, 0.5, 40, tuple((text, 0.1) for _ in range(50)),
                                              tuple((date(2026, 1, 1), text, RoundStats(1, 1, text))
                                                    for _ in range(50)))),
        render_admin.packs_embed([PackInfo(text, text, text, 30, text) for _ in range(60)]),
        render_admin.packs_embed([]),
        render_admin.appeals_embed([Appeal(i, i, MemberRef(Platform.DISCORD, "1", "2", text), "dl-01", text,
                                           0.4, text) for i in range(30)]),
        render_admin.appeals_embed([]),
        render_admin.cohorts_embed([Cohort(text, 5) for _ in range(80)]),
        render_admin.cohorts_embed([]),
    ]
    for verdict in Verdict:
        for counted in (True, False):
            feedback = Feedback(7, q, grade(text, verdict), counted, 15 if counted else 0,
                                None if counted else text, StreakState(3, 3, 0, TodayStatus.ANSWERED), 1)
            embeds.append(render.feedback_embed(feedback))
    return embeds


def test_every_slash_command_payload_follows_discord_rules():
    tree = build_tree(discord.Client(intents=discord.Intents(guilds=True)))
    payloads = [c.to_dict(tree) for c in tree.get_commands()]
    assert {p["name"] for p in payloads} >= {"quiz", "streak", "leaderboard", "cohort", "studybot"}
    assert len(payloads) <= GLOBAL_COMMANDS
    for payload in payloads:
        assert command_problems(payload) == [], payload["name"]
        assert command_chars(payload) <= COMMAND_TOTAL_CHARS, payload["name"]


def test_option_names_are_the_shared_command_language():
    tree = build_tree(discord.Client(intents=discord.Intents(guilds=True)))
    names = set()
    for payload in (c.to_dict(tree) for c in tree.get_commands()):
        for option in payload.get("options") or []:
            leaves = option.get("options") if option["type"] == 1 else [option]
            names |= {leaf["name"] for leaf in leaves or []}
    assert names <= SHARED_OPTION_NAMES
    assert {"time", "tz", "days", "order", "answers", "packs", "period", "cohort", "name", "topic",
            "difficulty"} <= names


def test_admin_group_is_hidden_from_members_and_guild_only():
    tree = build_tree(discord.Client(intents=discord.Intents(guilds=True)))
    admin = next(c.to_dict(tree) for c in tree.get_commands() if c.name == "studybot")
    assert int(admin["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert admin["contexts"] == [0]
    assert {o["name"] for o in admin["options"]} == {"setup", "pause", "resume", "post-now", "skip", "status",
                                                     "stats", "export", "appeals", "packs", "dashboard",
                                                     "suggestions"}


@pytest.mark.parametrize("text", ["Why does batch norm help?", HUGE, "", " "],
                         ids=["plain", "huge", "empty", "space"])
def test_every_embed_fits_discord_limits_whatever_the_text(text):
    for embed in every_embed(text):
        assert embed_problems(embed.to_dict()) == [], embed.title


def test_member_text_in_embeds_never_renders_as_a_ping():
    for embed in every_embed(HOSTILE * 3):
        data = embed.to_dict()
        texts = [data.get("description") or "", *(f["name"] + f["value"] for f in data.get("fields") or [])]
        for text in texts:
            assert live_mentions(text) == [], text[:200]


def test_overlong_text_is_cut_with_an_ellipsis_not_dropped():
    embed = render.quiz_embed(QuizQuestion(question("why " * 3000), "new"))
    assert embed.description.endswith("…")
    assert len(embed.description) <= 4096


def test_feedback_keeps_verdict_and_score_when_everything_else_is_huge():
    feedback = Feedback(1, question(HUGE), grade(HUGE, Verdict.CORRECT), True, 20, None, StreakState(4), 1)
    data = render.feedback_embed(feedback).to_dict()
    assert data["title"] == "✅ Correct: 55 %"
    assert data["fields"][0]["name"].startswith("Covered")


def test_round_post_buttons_carry_the_round_and_fit_limits():
    view = views.round_view(999_999_999_999_999_999)
    components = view.to_components()
    assert component_problems(components) == []
    ids = [c["custom_id"] for row in components for c in row["components"]]
    assert ids == ["studybot:answer:999999999999999999", "studybot:hint:999999999999999999:1"]
    for row in (views.feedback_view(2 ** 62, 2 ** 62), views.quiz_view("q" * 64), views.next_hint_view(5, 3)):
        assert component_problems(row.to_components()) == []


@pytest.mark.parametrize("item,custom_id", [
    (views.AnswerButton, "studybot:answer:42"),
    (views.HintButton, "studybot:hint:42:2"),
    (views.AppealButton, "studybot:appeal:42"),
    (views.AppealButton, "studybot:appeal:42:800"),
    (views.QuizAnswerButton, "studybot:quiz:dl-07"),
])
async def test_button_custom_ids_are_understood_again_after_a_restart(item, custom_id):
    match = item.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None
    rebuilt = await item.from_custom_id(None, None, match)
    assert rebuilt.custom_id == custom_id


def test_button_templates_refuse_foreign_or_forged_ids():
    for item in views.PERSISTENT_ITEMS:
        forgeries = ("studybot:answer:", "studybot:answer:1; drop", "other:answer:1", "studybot:quiz:BAD ID")
        for forged in forgeries:
            assert item.__discord_ui_compiled_template__.fullmatch(forged) is None


async def test_forms_fit_discord_limits_even_for_huge_questions():
    modals = [views.answer_modal(2 ** 60, HUGE), views.answer_modal(1, ""), views.quiz_modal("q" * 64, HUGE),
              views.appeal_modal(2 ** 60, 2 ** 60)]
    for modal in modals:
        data = modal.to_dict()
        assert 1 <= len(data["title"]) <= MODAL_TITLE
        assert 1 <= len(data["custom_id"]) <= CUSTOM_ID
        inputs = [c for row in data["components"] for c in row["components"]]
        assert len(inputs) == 1
        assert len(inputs[0]["label"]) <= TEXT_INPUT_LABEL
        assert len(inputs[0].get("placeholder") or "") <= PLACEHOLDER
        assert inputs[0]["max_length"] <= TEXT_INPUT_MAX
    assert views.answer_modal(1, "x").to_dict()["components"][0]["components"][0]["max_length"] == 4000


async def test_form_custom_ids_route_back_to_what_they_act_on():
    assert views.ANSWER_FORM.fullmatch(views.answer_modal(77, "q").custom_id)["round_id"] == "77"
    assert views.QUIZ_FORM.fullmatch(views.quiz_modal("dl-07", "q").custom_id)["question_id"] == "dl-07"
    match = views.APPEAL_FORM.fullmatch(views.appeal_modal(9, 800).custom_id)
    assert (match["answer_id"], match["guild_id"]) == ("9", "800")


def test_submitted_form_values_are_found_in_rows_and_labels():
    rows = {"components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "a"}]}]}
    labels = {"components": [{"type": 18, "component": {"type": 4, "custom_id": "text", "value": "b"}}]}
    assert views.submitted_values(rows) == {"text": "a"}
    assert views.submitted_values(labels) == {"text": "b"}
    assert views.submitted_values(None) == {}
    assert views.submitted_values({"components": "garbage"}) == {}


def test_answer_count_line_reads_naturally():
    assert render.answer_count_text(0) == "No answers yet: be the first!"
    assert render.answer_count_text(7) == "**7** answered"
    assert re.fullmatch(r"\*\*\d+\*\* answered", render.answer_count_text(10 ** 6))
