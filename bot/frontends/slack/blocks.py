"""Block Kit for daily posts, the reveal, feedback, hints and practice questions (plain dicts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.models import AnswerMode, Question, StreakState, Verdict
from bot.core.ports import RoundPost, RoundSummary
from bot.core.records import full_score
from bot.core.results import Feedback, Hint, QuizQuestion
from bot.core.wording import count
from bot.frontends.slack.escape import (
    BUTTON_TEXT,
    BUTTON_VALUE,
    CONTEXT_TEXT,
    FALLBACK_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    plain,
    safe,
    truncate,
)

Block = dict[str, Any]

# action ids of the buttons studybot renders (the listeners in actions.py match on them)
ANSWER = "studybot_answer"
HINT = "studybot_hint"
QUIZ_ANSWER = "studybot_quiz_answer"
APPEAL = "studybot_appeal"
APPEAL_ACCEPT = "studybot_appeal_accept"
APPEAL_REJECT = "studybot_appeal_reject"
COUNT_BLOCK = "studybot_count"

VERDICT_EMOJI = {
    Verdict.CORRECT: "white_check_mark",
    Verdict.PARTIAL: "large_yellow_circle",
    Verdict.INCORRECT: "x",
}


def section(text: str) -> Block:
    """A mrkdwn section; `text` must already be escaped. Cut to the 3,000-character limit."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text or " ", SECTION_TEXT)}}


def context(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, CONTEXT_TEXT)}]}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, HEADER_TEXT)}}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": plain(label, BUTTON_TEXT)},
        "action_id": action_id,
        "value": value[:BUTTON_VALUE],
    }
    if style:
        element["style"] = style
    return element


def actions(*elements: Block) -> Block:
    return {"type": "actions", "elements": list(elements[:25])}


def fit(blocks: list[Block], limit: int = MESSAGE_BLOCKS) -> list[Block]:
    """Keep a message within the block limit, saying how much was left out."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    return [*kept, context(f"…and {len(blocks) - len(kept)} more not shown.")]


def fallback(text: str) -> str:
    """The notification text sent beside blocks (already escaped)."""
    return truncate(text, FALLBACK_TEXT)


def local_time(moment: datetime, tz: str) -> str:
    """`Tue 3 Mar 09:00 CET` in the schedule's zone."""
    try:
        zone = ZoneInfo(tz)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    here = moment.astimezone(zone)
    return f"{here:%a} {here.day} {here:%b %H:%M} {here.tzname()}"


def _question_context(question: Question) -> str:
    topics = ", ".join(question.topics) or "general"
    credit = f"  ·  *Suggested by* {safe(question.author, 80)}" if question.author else ""
    return f"*Difficulty:* {safe(question.difficulty.value, 40)}  ·  *Topics:* {safe(topics, 500)}{credit}"


def count_text(answered: int, mode: str) -> str:
    """The live line under a post: how many answered and how to answer."""
    how = {
        AnswerMode.FORM.value: "Press *Answer* to reply privately.",
        AnswerMode.THREAD.value: "Reply in this thread to answer; your feedback comes privately.",
    }.get(mode, "Press *Answer*, or reply in this thread; your feedback comes privately.")
    people = "1 answered" if answered == 1 else f"{answered} answered"
    return f"*{people}*  ·  {how}"


def round_post(post: RoundPost) -> list[Block]:
    """The daily question: header, prompt, difficulty/topics/close time, live count, buttons."""
    q = post.question
    closes = (
        f"*Closes:* {local_time(post.closes_at, post.tz)}"
        if post.closes_at
        else "*Closes:* when the next question is posted"
    )
    buttons = [button("Hint", HINT, f"{post.round_id}:1")]
    if post.answers_mode != AnswerMode.THREAD.value:
        buttons.insert(0, button("Answer", ANSWER, str(post.round_id), style="primary"))
    return [
        header(f"Question of the day · {post.local_date:%a} {post.local_date.day} {post.local_date:%b}"),
        section(safe(q.prompt)),
        context(f"{_question_context(q)}  ·  {closes}"),
        context(count_text(post.answered, post.answers_mode), block_id=COUNT_BLOCK),
        actions(*buttons),
    ]


def round_post_text(post: RoundPost) -> str:
    return fallback(f"Question of the day: {safe(post.question.prompt, 2000)}")


def round_closed(summary: RoundSummary) -> list[Block]:
    """The reveal under the post: model answer and the round's stats."""
    stats = summary.stats
    line = f"*Answers:* {stats.answers}  ·  *Correct:* {stats.correct_share:.0%}"
    if stats.most_missed:
        line += f"  ·  *Most missed:* {safe(stats.most_missed, 1000)}"
    return [
        section(":lock: *This round is closed.* Later answers are graded as practice."),
        section("*Model answer*\n" + safe(summary.question.answer, SECTION_TEXT - 20)),
        context(line),
    ]


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {safe(item, 500)}" for item in items)


def streak_line(streak: StreakState) -> str:
    freezes = f", {streak.freezes} freeze{'s' if streak.freezes != 1 else ''} held" if streak.freezes else ""
    return f"Streak {streak.current} (longest {streak.longest}{freezes})"


def feedback(result: Feedback) -> list[Block]:
    """Private feedback: verdict and score, covered/missed points, misconceptions, model answer, Appeal."""
    grade = result.grade
    emoji = VERDICT_EMOJI.get(grade.verdict, "grey_question")
    top = f":{emoji}: *{grade.verdict.value.capitalize()}* · {grade.score:.0%}"
    if result.counted:
        top += f"\nCounted: +{count(result.points, 'point')}"
        if result.streak:
            top += f" · {streak_line(result.streak)}"
    else:
        reason = f" ({safe(result.practice_reason, 200)})" if result.practice_reason else ""
        top += f"\nPractice{reason}: no points, but it is recorded for your review."
    blocks = [section(top)]
    if grade.note:
        blocks.append(section(f":information_source: {safe(grade.note, 1500)}"))
    if grade.covered:
        blocks.append(section("*You covered*\n" + _bullets(grade.covered)))
    if grade.missed:
        blocks.append(section("*You missed*\n" + _bullets(grade.missed)))
    if grade.misconceptions:
        blocks.append(section("*Watch out:* your answer says something that is not right\n"
                              + _bullets(grade.misconceptions)))
    blocks.append(section("*Model answer*\n" + safe(result.model_answer, SECTION_TEXT - 20)))
    if not full_score(grade.score):  # an appeal could not raise a full score
        blocks.append(actions(button("I think this is right", APPEAL, str(result.answer_id))))
    return fit(blocks)


def feedback_text(result: Feedback) -> str:
    return fallback(f"{result.grade.verdict.value.capitalize()} · {result.grade.score:.0%}")


def hint(result: Hint, round_id: int) -> list[Block]:
    """A hint, with a button for the next one while there are more."""
    blocks = [section(f":bulb: *Hint {result.number} of {result.total}*\n{safe(result.text)}")]
    if result.number < result.total:
        blocks.append(actions(button("Another hint", HINT, f"{round_id}:{result.number + 1}")))
    return blocks


def quiz_question(result: QuizQuestion) -> list[Block]:
    """A practice question for one member, with its Answer button."""
    q = result.question
    return [
        section(f"*Practice question* ({safe(result.reason, 100)})\n{safe(q.prompt, SECTION_TEXT - 140)}"),
        context(_question_context(q)),
        actions(button("Answer", QUIZ_ANSWER, q.id, style="primary")),
    ]


def notice(text: str) -> list[Block]:
    """A single-section message (errors, confirmations); `text` must already be escaped."""
    return [section(text)]
