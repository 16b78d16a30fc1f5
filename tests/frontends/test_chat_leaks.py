"""Every reply kind the Discord and Slack frontends build, rendered in German and Spanish, contains no
English sentence of chat.pot: embeds, buttons, select menus, modals, Block Kit messages, the Home tab."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.core.clocks import SimulatedClock
from bot.core.commands import ADMIN_COMMANDS, MEMBER_COMMANDS, help_text, overview
from bot.core.i18n import use_locale
from bot.core.insights import ProgressExtras
from bot.core.links import DashboardLink
from bot.core.member_text import history_lines, progress_lines, today_lines
from bot.core.models import (
    Actor,
    Appeal,
    ChannelRef,
    Cohort,
    CohortStanding,
    ContentBank,
    Difficulty,
    Grade,
    KeyPoint,
    Leaderboard,
    MemberRef,
    Option,
    Pack,
    Period,
    Platform,
    Question,
    QuestionType,
    Round,
    RoundStats,
    RoundStatus,
    Schedule,
    Standing,
    StreakState,
    TodayStatus,
    Verdict,
)
from bot.core.ports import AddedAdmin, AdminChange, PrivateNote, RoundPost, RoundSummary
from bot.core.results import (
    AdminList,
    AdminResult,
    ChannelStats,
    ChannelStatus,
    CohortComparison,
    Feedback,
    Hint,
    PackInfo,
    QuizQuestion,
    ScheduleChange,
)
from bot.core.service import StudyService
from bot.core.suggestion_models import SelfTest, Suggestion
from bot.core.suggestions import SuggestionReview
from bot.frontends.discord import choice_questions as d_choice
from bot.frontends.discord import render, render_admin, render_member, views
from bot.frontends.discord import suggestions as d_suggestions
from bot.frontends.slack import blocks, member_blocks, replies
from bot.frontends.slack import choice_questions as s_choice
from bot.frontends.slack import suggestions as s_suggestions
from bot.frontends.slack.commands import MEMBER_SLASH_COMMANDS
from bot.frontends.slack.modals import AnswerContext, answer_modal, input_error
from bot.frontends.slack.private import words_for
from bot.store import open_store

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "bot" / "locales" / "chat.pot"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)
D_CHANNEL = ChannelRef(Platform.DISCORD, "1", "2", "kanal")
S_CHANNEL = ChannelRef(Platform.SLACK, "T1", "C1", "kanal")
ANA = MemberRef(Platform.DISCORD, "1", "3", "Ana")
# Content stays in its own language; these words are not in any English sentence of chat.pot.
FREE = Question(id="q-free", prompt="Dropout?", difficulty=Difficulty.BEGINNER, answer="Ensemble.",
                topics=("regularisierung",), key_points=(KeyPoint("ensemble", ("ensemble",)),),
                hints=("Ensemble.", "Koadaption."))
ONE_RIGHT = Question(id="q-one", prompt="Sigmoid?", difficulty=Difficulty.ADVANCED, answer="Eins.",
                     kind=QuestionType.CHOICE, options=(Option("Eins", True), Option("Zwei")))
SEVERAL = Question(id="q-many", prompt="Relu?", difficulty=Difficulty.BONUS, answer="Eins, Zwei.",
                   kind=QuestionType.CHOICE,
                   options=(Option("Eins", True), Option("Zwei", True), Option("Drei")))
BANK = ContentBank((Pack("leaks", "Leaks", "1", "MIT", "tests", (FREE,)),))


def english_sentences() -> list[str]:
    """The English parts of chat.pot's messages (between placeholders) with three or more words of prose;
    command syntax (`/studybot appeals action:`) is the same in every language and does not count."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    found: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for part in re.split(r"\{[^{}]*\}", text or ""):
                words = [w for w in part.split() if "`" not in w and not w.startswith(("/", "@"))
                         and re.search(r"[A-Za-z]{2,}", w)]
                if len(words) >= 3:
                    found.add(part.strip())
    return sorted(found)


def core_text(member_views: dict) -> str:
    """Text the core writes (help, today, history, progress, reminder confirmations): translated by the
    core's own catalog, not chat.pot, so an English sentence in it is not a leak of these frontends."""
    parts = [overview(), overview(registered=MEMBER_SLASH_COMMANDS),
             *(help_text(c) for c in (*MEMBER_COMMANDS.values(), *ADMIN_COMMANDS.values())),
             *(line for view in member_views["today"] for line in today_lines(view)),
             *history_lines(member_views["history"]), *progress_lines(member_views["progress"]),
             *(setting.message for setting in member_views["remind"])]
    return json.dumps(parts, ensure_ascii=False)


def stand(rank: int, name: str) -> Standing:
    return Standing(rank=rank, member=MemberRef(Platform.DISCORD, "1", str(rank), name), points=1234,
                    answers=12, correct=9, streak=3)


def feedbacks(question: Question) -> list[Feedback]:
    made = []
    for verdict in Verdict:
        for counted, reason in ((True, None), (False, "Wiederholung"), (False, None)):
            score = {Verdict.CORRECT: 0.9, Verdict.PARTIAL: 0.5, Verdict.INCORRECT: 0.1}[verdict]
            grade = Grade(score, verdict, covered=("ensemble",), missed=("koadaption",),
                          misconceptions=("testzeit",), grader_version="2.1", note="Notiz")
            made.append(Feedback(7, question, grade, counted, 12 if counted else 0, reason,
                                 StreakState(4, 6, 2, TodayStatus.ANSWERED), 1))
    return made


def posts(channel: ChannelRef) -> list[RoundPost]:
    return [RoundPost(1, channel, q, DAY, NOW, "Europe/Berlin", mode, 3)
            for q in (FREE, ONE_RIGHT, SEVERAL) for mode in ("form", "thread", "both")] + \
        [RoundPost(2, channel, FREE, DAY, None, "UTC", "form", 0)]


def summaries(channel: ChannelRef) -> list[RoundSummary]:
    return [RoundSummary(1, channel, "5", FREE, RoundStats(10, 4, "ensemble")),
            RoundSummary(1, channel, "5", ONE_RIGHT, RoundStats(10, 4, None), picks=(6, 4)),
            RoundSummary(1, channel, "5", FREE, RoundStats(0, 0, None))]


def boards(platform: Platform) -> list[Leaderboard]:
    rows = tuple(stand(i, f"N{i}") for i in range(1, 4))
    return [Leaderboard(Period.WEEK, "alpha", rows, stand(9, "Ana"), (stand(8, "B"), stand(9, "Ana"))),
            Leaderboard(Period.MONTH, None, rows, None), Leaderboard(Period.ALL, None, ())]


def schedule(channel: ChannelRef, paused: bool = False) -> Schedule:
    return Schedule(channel=channel, post_time=time(9, 0), tz="Europe/Berlin", packs=("leaks",),
                    paused=paused)


def notes(channel: ChannelRef, member: MemberRef) -> list[PrivateNote]:
    return [PrivateNote("reminder", member, channel, "Text", round_id=1, closes_at=NOW),
            PrivateNote("freeze", member, channel, "Text", event="earned"),
            PrivateNote("freeze", member, channel, "Text", event="used"),
            PrivateNote("suggestion", member, channel, "Text", event="suggestion approved"),
            PrivateNote("suggestion", member, channel, "Text", event="suggestion rejected")]


def reviews(member: MemberRef) -> list[SuggestionReview]:
    base = Suggestion(3, (member.platform, member.community_id), member, "2", "pending",
                      {"prompt": "Dropout?", "answer": "Ensemble.", "topics": ["x"],
                       "difficulty": "beginner"},
                      reason="Grund")
    imported = Suggestion(4, (member.platform, member.community_id), None, "2", "rejected",
                          {"prompt": "Relu?"})
    return [SuggestionReview(base, ("Warnung",), SelfTest(mismatches=())),
            SuggestionReview(base, (), SelfTest(mismatches=("abweichung",))),
            SuggestionReview(imported)]


class QuietPlatform:
    """Takes the core's channel posts for Discord without sending them (this test renders them itself)."""

    platform = Platform.DISCORD

    async def post_round(self, post: RoundPost) -> str:
        return "100"

    async def update_answer_count(self, *args: object, **kwargs: object) -> None:
        return None

    async def post_round_closed(self, summary: RoundSummary) -> None:
        return None

    async def send_notice(self, channel: ChannelRef, text: str) -> None:
        return None

    async def send_private(self, note: PrivateNote) -> None:
        return None


@pytest.fixture
async def member_views(tmp_path: Path) -> AsyncIterator[dict]:
    """Real views from the service: the open question, an answered history, progress, reminders."""
    store = await open_store(tmp_path / "leaks.db")
    service = StudyService(store, BANK, SimulatedClock(NOW))
    service.register_messenger(QuietPlatform())  # type: ignore[arg-type]
    admin = Actor(MemberRef(Platform.DISCORD, "1", "9", "Lead"), is_admin=True)
    await service.setup(D_CHANNEL, admin, {"packs": "leaks", "time": "09:00"})
    opened = await service.open_round(D_CHANNEL, DAY)
    assert opened is not None
    before = await service.today_view(D_CHANNEL, ANA)
    await service.submit_answer(ANA, opened.id, "Ensemble.", source="form", channel=D_CHANNEL)
    views_of = {
        "today": [before, await service.today_view(D_CHANNEL, ANA)],
        "history": await service.history(ANA),
        "progress": await service.progress(D_CHANNEL, ANA),
        "remind": [await service.remind(D_CHANNEL, ANA, {}),
                   await service.remind(D_CHANNEL, ANA, {"action": "on"})],
    }
    yield views_of
    await store.close()


def discord_output(member_views: dict) -> list[object]:
    """Every Discord embed, view and modal, as the dicts discord.py sends."""
    open_round = Round(1, D_CHANNEL, DAY, FREE.id, RoundStatus.OPEN, NOW, None)
    link = DashboardLink("https://example.org/x", "community", NOW)
    embeds = [
        *(d_choice.round_post_embed(post) for post in posts(D_CHANNEL)),
        *(d_choice.closed_post_embed(summary) for summary in summaries(D_CHANNEL)),
        *(render.feedback_embed(f) for q in (FREE, ONE_RIGHT) for f in feedbacks(q)),
        *(render.leaderboard_embed(board) for board in boards(Platform.DISCORD)),
        *(render.streak_embed(StreakState(n, 5, n % 3, today), "Ana") for n, today in enumerate(TodayStatus)),
        *(d_choice.quiz_post_embed(q, render.quiz_embed(QuizQuestion(q, "neu"))) for q in (FREE, ONE_RIGHT)),
        render.hint_embed(Hint(FREE.id, "Ensemble.", 1, 2)),
        render_admin.schedule_change_embed(ScheduleChange(schedule(D_CHANNEL), "ok", NOW)),
        render_admin.schedule_change_embed(ScheduleChange(schedule(D_CHANNEL, paused=True), "ok", None)),
        render_admin.status_embed(ChannelStatus(None, None, None, 0)),
        render_admin.status_embed(ChannelStatus(schedule(D_CHANNEL), open_round, NOW, 4)),
        render_admin.status_embed(ChannelStatus(schedule(D_CHANNEL), None, None, 0, open_question=None)),
        render_admin.stats_embed(ChannelStats(3, 30, 0.5, 4, (("q-free", 0.2),),
                                              ((DAY, "q-free", RoundStats(5, 2, None)),))),
        render_admin.packs_embed([PackInfo("leaks", "Leaks", "1", 30, "tests")]),
        render_admin.packs_embed([]),
        render_admin.appeals_embed([Appeal(i, i, ANA, FREE.id, "Antwort", 0.4, "Notiz") for i in range(22)]),
        render_admin.appeals_embed([]),
        render_admin.cohorts_embed([Cohort("alpha", 1), Cohort("beta", 5)]),
        render_admin.cohorts_embed([]),
        render_admin.dashboard_embed(link),
        render_admin.dashboard_embed(DashboardLink("https://example.org/y", "member", NOW)),
        *(render_member.today_embed(view) for view in member_views["today"]),
        render_member.history_embed(member_views["history"]),
        render_member.progress_embed(member_views["progress"], ProgressExtras(link, b"png", ("Notiz",))),
        *(render_member.remind_embed(setting) for setting in member_views["remind"]),
        *(render_member.note_embed(note) for note in notes(D_CHANNEL, ANA)),
        *(d_suggestions.review_embed(review) for review in reviews(ANA)),
    ]
    components = [
        views.round_view(1), views.next_hint_view(1, 2), views.quiz_view(FREE.id),
        views.feedback_view(7, score=0.5), *(d_choice.round_view_for(post) for post in posts(D_CHANNEL)),
        d_choice.quiz_view_for(ONE_RIGHT), d_choice.quiz_view_for(SEVERAL),
    ]
    modals = [views.answer_modal(1, "Dropout?"), views.answer_modal(1, ""), views.quiz_modal(FREE.id, ""),
              views.quiz_modal(FREE.id, "Dropout?"), views.appeal_modal(7, 1), d_suggestions.suggest_modal()]
    return ([e.to_dict() for e in embeds] + [v.to_components() for v in components if v is not None]
            + [m.to_dict() for m in modals])


def slack_output(member_views: dict) -> list[object]:
    """Every Slack message, modal and Home tab, as the Block Kit dicts studybot posts."""
    member = MemberRef(Platform.SLACK, "T1", "U2", "Ana")
    open_round = Round(1, S_CHANNEL, DAY, FREE.id, RoundStatus.OPEN, NOW, None)
    change = AdminChange("add", "U3", "U1", NOW)
    link = DashboardLink("https://example.org/x", "community", NOW)
    where = AnswerContext("T1", "C1", 1, None)
    return [
        *(s_choice.round_post_blocks(post) for post in posts(S_CHANNEL)),
        *(blocks.round_post_text(post) for post in posts(S_CHANNEL)),
        *(s_choice.closed_blocks(summary) for summary in summaries(S_CHANNEL)),
        *(blocks.feedback(f) for q in (FREE, ONE_RIGHT) for f in feedbacks(q)),
        *(blocks.feedback_text(f) for f in feedbacks(FREE)),
        blocks.hint(Hint(FREE.id, "Ensemble.", 1, 2), 1),
        *(s_choice.quiz_blocks(QuizQuestion(q, "neu")) for q in (FREE, ONE_RIGHT, SEVERAL)),
        blocks.fit([blocks.section("x")] * 60),
        replies.schedule_change(ScheduleChange(schedule(S_CHANNEL), "ok", NOW)),
        replies.schedule_change(ScheduleChange(Schedule(S_CHANNEL), "ok", None)),
        replies.status(ChannelStatus(None, None, None, 0,
                                     (change, AdminChange("import-questions", "3", "", NOW)))),
        replies.status(ChannelStatus(schedule(S_CHANNEL, paused=True), open_round, NOW, 4)),
        replies.status(ChannelStatus(schedule(S_CHANNEL), None, None, 0)),
        replies.admin_changes(tuple(AdminChange(a, "U3", "U1", NOW) for a in (
            "add", "remove", "approve-suggestion", "reject-suggestion", "edit-suggestion"))),
        replies.admin_changes((AdminChange("add", "", "U1", None),)),
        replies.admin_result(AdminResult("add", "U3", 1)),
        replies.admin_result(AdminResult("remove", "U3", 0)),
        replies.admin_list(AdminList((AddedAdmin("U3", "U1", NOW), AddedAdmin("U4", None, None)), (change,))),
        replies.admin_list(AdminList((), ())),
        replies.stats(ChannelStats(3, 30, 0.5, 4, (("q-free", 0.2),),
                                   ((DAY, "q-free", RoundStats(5, 2, None)),))),
        *(replies.streak(StreakState(2, 5, 1, today)) for today in TodayStatus),
        *(replies.leaderboard(board, "3") for board in boards(Platform.SLACK)),
        replies.leaderboard(Leaderboard(Period.WEEK, None, ()), "U2"),
        replies.dashboard_link(link),
        replies.dashboard_link(DashboardLink("https://example.org/y", "member", NOW)),
        replies.comparison(CohortComparison(())),
        replies.comparison(CohortComparison((CohortStanding(1, "alpha", 12, 3, 2, 1),))),
        replies.cohorts([]), replies.cohorts([Cohort("alpha", 1), Cohort("beta", 2)]),
        replies.packs([]), replies.packs([PackInfo("leaks", "Leaks", "1", 1, "tests")]),
        replies.appeals([]), replies.appeals([Appeal(1, 1, member, FREE.id, "Antwort", 0.4, "Notiz")]),
        replies.help_blocks("studybot"), replies.help_blocks("cohort"),
        *(member_blocks.today_blocks(view) for view in member_views["today"]),
        member_blocks.history_blocks(member_views["history"]),
        member_blocks.progress_blocks(member_views["progress"]),
        *(member_blocks.remind_blocks(setting) for setting in member_views["remind"]),
        *(member_blocks.note_blocks(note) for note in notes(S_CHANNEL, member)),
        member_blocks.home_view([]),
        member_blocks.home_view([(member_views["today"][0], member_views["progress"])]),
        answer_modal(FREE, where), answer_modal(FREE, AnswerContext("T1", "C1", None, FREE.id)),
        s_choice.answer_form(SEVERAL, where),
        input_error(""), input_error("x" * 5000),
        s_suggestions.suggest_modal("T1", "C1"),
        *(s_suggestions._review_text(review) for review in reviews(member)),
        s_suggestions.authors_text([]),
        words_for(RuntimeError("boom")),
    ]


@pytest.mark.parametrize("locale", ["de", "es"])
async def test_no_english_sentence_of_the_chat_catalog_leaks_into_german_or_spanish(
    locale: str, member_views: dict
) -> None:
    sentences = english_sentences()
    assert len(sentences) > 150  # the catalog is the frontends' real one
    with use_locale(locale):
        rendered = json.dumps([discord_output(member_views), slack_output(member_views)], ensure_ascii=False)
    with use_locale(locale):
        from_core = core_text(member_views)
    leaks = [s for s in sentences if s in rendered and s not in from_core]
    assert not leaks, f"English left in the {locale} output: {leaks[:10]}"
    with use_locale("en"):
        english = json.dumps([discord_output(member_views), slack_output(member_views)], ensure_ascii=False)
    assert sum(s in english for s in sentences) > 100  # the same rendering in English does show them


def discord_limit_problems(node: object, problems: list[str]) -> list[str]:
    """Discord's limits on what a translation can make longer: modal titles, input labels, placeholders,
    button labels, embed titles and field names."""
    if isinstance(node, list):
        for child in node:
            discord_limit_problems(child, problems)
    elif isinstance(node, dict):
        text_input = node.get("type") == 4
        limits = {"title": 45 if "custom_id" in node and "components" in node else 256,
                  "label": 45 if text_input else 80, "placeholder": 100 if text_input else 150, "name": 256}
        for key, limit in limits.items():
            text = node.get(key)
            if isinstance(text, str) and len(text) > limit:
                problems.append(f"{key} {text!r} is longer than {limit}")
        for value in node.values():
            discord_limit_problems(value, problems)
    return problems


@pytest.mark.parametrize("locale", ["de", "es"])
async def test_translated_controls_stay_within_discord_and_slack_limits(
    locale: str, member_views: dict
) -> None:
    with use_locale(locale):
        discord_parts, slack_parts = discord_output(member_views), slack_output(member_views)
    assert discord_limit_problems(discord_parts, []) == []
    checked = 0
    for part in slack_parts:
        if isinstance(part, dict):  # a modal or the Home tab
            View(**part).validate_json()
            checked += 1
        elif isinstance(part, list) and all(isinstance(block, dict) for block in part):  # a message's blocks
            for block in part:
                parsed = Block.parse(block)
                assert parsed is not None, block
                parsed.validate_json()
            checked += 1
    assert checked > 40
