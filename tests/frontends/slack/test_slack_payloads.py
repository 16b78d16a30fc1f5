"""Every message, modal and ephemeral the Slack frontend renders is valid Block Kit within its limits."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.core.models import (
    Appeal,
    Cohort,
    Difficulty,
    Grade,
    KeyPoint,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    Question,
    RoundStats,
    Standing,
    StreakState,
    Verdict,
)
from bot.core.models import ChannelRef as Channel
from bot.core.ports import RoundPost, RoundSummary
from bot.core.results import Feedback, Hint, QuizQuestion
from bot.frontends.slack import blocks, replies
from bot.frontends.slack.escape import escape, safe, truncate
from bot.frontends.slack.modals import AnswerContext, answer_modal, input_error

PINGS = "<!channel> <!here> <!everyone> <@U0ADMIN> <!subteam^S123|@team> & more"
CHANNEL = Channel(Platform.SLACK, "T1", "C1", "general")
QUESTION = Question(
    id="dl-01", prompt="Why does dropout reduce overfitting?", difficulty=Difficulty.INTERMEDIATE,
    answer="It randomly drops units, so the network cannot co-adapt; this acts like an ensemble.",
    topics=("regularization",), key_points=(KeyPoint("drops units at random", ("drop",)),),
    hints=("Think about ensembles.", "Units cannot rely on each other."),
)


def assert_valid_message(rendered: list[dict]) -> None:
    assert 0 < len(rendered) <= 50
    for block in rendered:
        Block.parse(block).validate_json()


def all_text(rendered: object) -> str:
    return json.dumps(rendered)


def never_pings(rendered: object) -> bool:
    text = "".join(re.findall(r'"text": "((?:[^"\\]|\\.)*)"', all_text(rendered)))
    return not re.search(r"<[!@#]", text)


def post(**changes: object) -> RoundPost:
    values = dict(round_id=7, channel=CHANNEL, question=QUESTION, local_date=date(2026, 3, 2),
                  closes_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC), tz="Europe/Berlin",
                  answers_mode="both", answered=3)
    values.update(changes)
    return RoundPost(**values)  # type: ignore[arg-type]


def feedback(**changes: object) -> Feedback:
    grade = Grade(0.82, Verdict.CORRECT, covered=("drops units at random",), missed=("ensemble view",),
                  misconceptions=("dropout is used at test time",), note=None)
    values = dict(answer_id=41, question=QUESTION, grade=grade, counted=True, points=12,
                  practice_reason=None, streak=StreakState(4, 6, 1), round_id=7)
    values.update(changes)
    return Feedback(**values)  # type: ignore[arg-type]


def test_daily_post_shows_question_close_time_in_the_schedules_zone_and_both_buttons() -> None:
    rendered = blocks.round_post(post())
    assert_valid_message(rendered)
    text = all_text(rendered)
    assert "Why does dropout reduce overfitting?" in text
    assert "Tue 3 Mar 09:00 CET" in text  # 08:00 UTC in Berlin
    assert "3 answered" in text
    buttons = [e["action_id"] for b in rendered if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [blocks.ANSWER, blocks.HINT]


def test_thread_only_post_has_no_answer_button_and_says_to_reply_in_the_thread() -> None:
    rendered = blocks.round_post(post(answers_mode="thread"))
    assert_valid_message(rendered)
    buttons = [e["action_id"] for b in rendered if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [blocks.HINT]
    assert "Reply in this thread" in all_text(rendered)


def test_a_huge_hostile_prompt_is_escaped_and_cut_to_the_section_limit() -> None:
    question = Question(id="x", prompt=PINGS * 2000, difficulty=Difficulty.BONUS, answer=PINGS * 900)
    rendered = blocks.round_post(post(question=question))
    assert_valid_message(rendered)
    assert never_pings(rendered)
    closed = blocks.round_closed(RoundSummary(7, CHANNEL, "C1:1.2", question, RoundStats(5, 2, PINGS)))
    assert_valid_message(closed)
    assert never_pings(closed)
    assert all(len(b["text"]["text"]) <= 3000 for b in rendered + closed if b["type"] == "section")


def test_feedback_shows_verdict_points_covered_missed_misconception_and_an_appeal_button() -> None:
    rendered = blocks.feedback(feedback())
    assert_valid_message(rendered)
    text = all_text(rendered)
    for expected in ("Correct", "82%", "+12 points", "Streak 4", "drops units at random", "ensemble view",
                     "dropout is used at test time", "co-adapt"):
        assert expected in text
    appeal = rendered[-1]["elements"][0]
    assert appeal["action_id"] == blocks.APPEAL and appeal["value"] == "41"


def test_practice_feedback_says_why_and_that_no_points_were_given() -> None:
    rendered = blocks.feedback(feedback(counted=False, points=0, practice_reason="already answered"))
    assert_valid_message(rendered)
    assert "Practice (already answered): no points" in all_text(rendered)


def test_feedback_on_a_hostile_answer_never_pings_anyone() -> None:
    grade = Grade(0.1, Verdict.INCORRECT, covered=(PINGS,) * 40, missed=(PINGS * 30,) * 40,
                  misconceptions=(PINGS,), note=PINGS)
    rendered = blocks.feedback(feedback(grade=grade, counted=False, practice_reason=PINGS))
    assert_valid_message(rendered)
    assert never_pings(rendered)


def test_hints_offer_the_next_hint_until_the_last_one() -> None:
    first = blocks.hint(Hint("dl-01", "Think about ensembles.", 1, 2), round_id=7)
    last = blocks.hint(Hint("dl-01", "Units cannot rely on each other.", 2, 2), round_id=7)
    assert_valid_message(first)
    assert_valid_message(last)
    assert first[-1]["elements"][0]["value"] == "7:2"
    assert all(b["type"] != "actions" for b in last)


def test_practice_question_has_an_answer_button_naming_the_question() -> None:
    rendered = blocks.quiz_question(QuizQuestion(QUESTION, "new"))
    assert_valid_message(rendered)
    assert rendered[-1]["elements"][0] == {**rendered[-1]["elements"][0], "action_id": blocks.QUIZ_ANSWER,
                                           "value": "dl-01"}


def test_answer_modal_is_valid_allows_3000_characters_and_carries_its_round() -> None:
    where = AnswerContext("T1", "C1", round_id=7)
    modal = answer_modal(QUESTION, where)
    View(**modal).validate_json()
    element = modal["blocks"][1]["element"]
    assert element["multiline"] is True and element["max_length"] == 3000
    assert "3,000 characters" in modal["blocks"][1]["hint"]["text"]
    assert len(modal["title"]["text"]) <= 24
    assert AnswerContext.load(modal["private_metadata"]) == where


def test_answer_modal_for_a_huge_question_stays_valid() -> None:
    question = Question(id="q" * 100, prompt="why? " * 5000, difficulty=Difficulty.BEGINNER, answer="a")
    View(**answer_modal(question, AnswerContext("T1", "C1", question_id=question.id))).validate_json()


@pytest.mark.parametrize("metadata", ["", "not json", "[]", '{"c": "C1"}', '{"c": 5, "r": 1}'])
def test_foreign_private_metadata_is_refused(metadata: str) -> None:
    with pytest.raises(ValueError):
        AnswerContext.load(metadata)


def test_empty_or_too_long_answers_get_a_message_under_the_box() -> None:
    assert "empty" in (input_error("   \n ") or "")
    assert "3,001 characters" in (input_error("x" * 3001) or "")
    assert input_error("Dropout drops units at random.") is None


def test_leaderboard_marks_the_caller_escapes_names_and_shows_neighbours() -> None:
    def row(rank: int, user: str, name: str) -> Standing:
        return Standing(rank, MemberRef(Platform.SLACK, "T1", user, name), 100 - rank, 10, 7, 3)

    top = tuple(row(i, f"U{i}", PINGS if i == 1 else f"member {i}") for i in range(1, 11))
    me = row(14, "UME", "me")
    board = Leaderboard(Period.WEEK, "alpha", top, me=me, neighbours=(row(13, "UX", "x"), me))
    rendered = replies.paragraphs(replies.leaderboard(board, "UME"))
    assert_valid_message(rendered)
    text = all_text(rendered)
    assert never_pings(rendered)
    assert "Around you" in text and "*me* (you)" in text and "cohort alpha" in text


def test_two_hundred_appeals_fit_in_fifty_blocks_with_accept_and_reject_buttons() -> None:
    member = MemberRef(Platform.SLACK, "T1", "U1", PINGS)
    items = [Appeal(i, i, member, "dl-01", PINGS * 50, 0.3, PINGS) for i in range(200)]
    rendered = replies.appeals(items)
    assert_valid_message(rendered)
    assert never_pings(rendered)
    decisions = {e["action_id"] for b in rendered if b["type"] == "actions" for e in b["elements"]}
    assert decisions == {blocks.APPEAL_ACCEPT, blocks.APPEAL_REJECT}


def test_cohort_names_are_shown_without_pinging() -> None:
    rendered = replies.paragraphs(replies.cohorts([Cohort(PINGS, 3), Cohort("alpha", 1)]))
    assert_valid_message(rendered)
    assert never_pings(rendered)
    assert "alpha (1 member)" in all_text(rendered)


def test_long_replies_are_split_into_sections_under_the_limit() -> None:
    rendered = replies.paragraphs("\n".join(f"line {i} " + "x" * 200 for i in range(1000)) + "y" * 7000)
    assert_valid_message(rendered)
    assert "more not shown" in all_text(rendered[-1])


def test_help_for_every_command_is_valid_and_lists_its_options() -> None:
    for name in ("quiz", "streak", "leaderboard", "cohort", "studybot", "setup", "export", "appeals"):
        rendered = replies.help_blocks(name)
        assert_valid_message(rendered)
    assert "tz:" in all_text(replies.help_blocks("setup"))


def test_button_labels_are_cut_to_75_characters() -> None:
    element = blocks.button("A" * 500, blocks.HINT, "1:1")
    assert len(element["text"]["text"]) == 75
    Block.parse(blocks.actions(element)).validate_json()


def test_escaping_shows_mentions_as_typed_and_truncation_never_splits_an_entity() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    cut = truncate(escape("ab<cd"), 5)
    assert cut.endswith("…") and "&l" not in cut.replace("&lt;", "")
    assert safe("x" * 5000, 3000).endswith("…") and len(safe("x" * 5000, 3000)) == 3000
