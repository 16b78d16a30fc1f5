"""Block Kit for daily posts, the reveal, feedback, hints and practice questions (plain dicts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import N_, _, format_number, ngettext
from bot.core.models import AnswerMode, Question, StreakState, Verdict
from bot.core.ports import RoundPost, RoundSummary
from bot.core.records import full_score
from bot.core.results import Feedback, Hint, QuizQuestion
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
from bot.frontends.slack.wording import counted, percent, short_day

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


VERDICT_WORDS = {Verdict.CORRECT: N_("Correct"), Verdict.PARTIAL: N_("Partial"),
                 Verdict.INCORRECT: N_("Incorrect")}
DIFFICULTY_WORDS = {"beginner": N_("beginner"), "intermediate": N_("intermediate"),
                    "advanced": N_("advanced"), "bonus": N_("bonus")}


def verdict_word(verdict: Verdict) -> str:
    """`Correct`, `Partial` or `Incorrect` in the current language."""
    word = VERDICT_WORDS.get(Verdict(verdict))
    return _(word) if word else str(verdict).capitalize()


def fit(blocks: list[Block], limit: int = MESSAGE_BLOCKS) -> list[Block]:
    """Keep a message within the block limit, saying how much was left out."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    return [*kept, context(_("…and {count} more not shown.").format(count=len(blocks) - len(kept)))]


def fallback(text: str) -> str:
    """The notification text sent beside blocks (already escaped)."""
    return truncate(text, FALLBACK_TEXT)


def local_time(moment: datetime, tz: str) -> str:
    """`Tue 3 Mar 09:00 CET` in the schedule's zone, the day written for the current language."""
    try:
        zone = ZoneInfo(tz)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    here = moment.astimezone(zone)
    return f"{short_day(here)} {here:%H:%M} {here.tzname()}"


def _question_context(question: Question) -> str:
    topics = ", ".join(question.topics) or _("general")
    credit = "  ·  " + _("*Suggested by* {author}").format(author=safe(question.author, 80)) \
        if question.author else ""
    level = DIFFICULTY_WORDS.get(question.difficulty.value)
    return _("*Difficulty:* {level}  ·  *Topics:* {topics}").format(
        level=safe(_(level) if level else question.difficulty.value, 40), topics=safe(topics, 500)) + credit


def count_text(answered: int, mode: str) -> str:
    """The live line under a post: how many answered and how to answer."""
    how = {
        AnswerMode.FORM.value: _("Press *Answer* to reply privately."),
        AnswerMode.THREAD.value: _("Reply in this thread to answer; your feedback comes privately."),
    }.get(mode) or _("Press *Answer*, or reply in this thread; your feedback comes privately.")
    people = _("{count} answered").format(count=answered)
    return f"*{people}*  ·  {how}"


def round_post(post: RoundPost) -> list[Block]:
    """The daily question: header, prompt, difficulty/topics/close time, live count, buttons."""
    q = post.question
    closes = (
        _("*Closes:* {when}").format(when=local_time(post.closes_at, post.tz))
        if post.closes_at
        else _("*Closes:* when the next question is posted")
    )
    buttons = [button(_("Hint"), HINT, f"{post.round_id}:1")]
    if post.answers_mode != AnswerMode.THREAD.value:
        buttons.insert(0, button(_("Answer"), ANSWER, str(post.round_id), style="primary"))
    return [
        header(_("Question of the day · {day}").format(day=short_day(post.local_date))),
        section(safe(q.prompt)),
        context(f"{_question_context(q)}  ·  {closes}"),
        context(count_text(post.answered, post.answers_mode), block_id=COUNT_BLOCK),
        actions(*buttons),
    ]


def round_post_text(post: RoundPost) -> str:
    return fallback(_("Question of the day: {prompt}").format(prompt=safe(post.question.prompt, 2000)))


def round_closed(summary: RoundSummary) -> list[Block]:
    """The reveal under the post: model answer and the round's stats."""
    stats = summary.stats
    line = _("*Answers:* {answers}  ·  *Correct:* {share}").format(
        answers=format_number(stats.answers), share=percent(stats.correct_share))
    if stats.most_missed:
        line += "  ·  " + _("*Most missed:* {point}").format(point=safe(stats.most_missed, 1000))
    return [
        section(":lock: " + _("*This round is closed.* Later answers are graded as practice.")),
        section(_("*Model answer*") + "\n" + safe(summary.question.answer, SECTION_TEXT - 20)),
        context(line),
    ]


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {safe(item, 500)}" for item in items)


def streak_line(streak: StreakState) -> str:
    if streak.freezes:
        held = counted(ngettext("{n} freeze held", "{n} freezes held", streak.freezes), streak.freezes)
        return _("Streak {current} (longest {longest}, {freezes})").format(
            current=format_number(streak.current), longest=format_number(streak.longest), freezes=held)
    return _("Streak {current} (longest {longest})").format(
        current=format_number(streak.current), longest=format_number(streak.longest))


def feedback(result: Feedback) -> list[Block]:
    """Private feedback: verdict and score, covered/missed points, misconceptions, model answer, Appeal."""
    grade = result.grade
    emoji = VERDICT_EMOJI.get(grade.verdict, "grey_question")
    top = f":{emoji}: *{verdict_word(grade.verdict)}* · {percent(grade.score)}"
    if result.counted:
        points = counted(ngettext("{n} point", "{n} points", result.points), result.points)
        top += "\n" + _("Counted: +{points}").format(points=points)
        if result.streak:
            top += f" · {streak_line(result.streak)}"
    elif result.practice_reason:
        top += "\n" + _("Practice ({reason}): no points, but it is recorded for your review.").format(
            reason=safe(result.practice_reason, 200))
    else:
        top += "\n" + _("Practice: no points, but it is recorded for your review.")
    blocks = [section(top)]
    if grade.note:
        blocks.append(section(f":information_source: {safe(grade.note, 1500)}"))
    if grade.covered:
        blocks.append(section(_("*You covered*") + "\n" + _bullets(grade.covered)))
    if grade.missed:
        blocks.append(section(_("*You missed*") + "\n" + _bullets(grade.missed)))
    if grade.misconceptions:
        blocks.append(section(_("*Watch out:* your answer says something that is not right") + "\n"
                              + _bullets(grade.misconceptions)))
    blocks.append(section(_("*Model answer*") + "\n" + safe(result.model_answer, SECTION_TEXT - 20)))
    if not full_score(grade.score):  # an appeal could not raise a full score
        blocks.append(actions(button(_("I think this is right"), APPEAL, str(result.answer_id))))
    return fit(blocks)


def feedback_text(result: Feedback) -> str:
    return fallback(f"{verdict_word(result.grade.verdict)} · {percent(result.grade.score)}")


def hint(result: Hint, round_id: int) -> list[Block]:
    """A hint, with a button for the next one while there are more."""
    title = _("*Hint {number} of {total}*").format(number=result.number, total=result.total)
    blocks = [section(f":bulb: {title}\n{safe(result.text)}")]
    if result.number < result.total:
        blocks.append(actions(button(_("Another hint"), HINT, f"{round_id}:{result.number + 1}")))
    return blocks


def quiz_question(result: QuizQuestion) -> list[Block]:
    """A practice question for one member, with its Answer button."""
    q = result.question
    return [
        section(_("*Practice question* ({reason})").format(reason=safe(result.reason, 100)) + "\n"
                + safe(q.prompt, SECTION_TEXT - 140)),
        context(_question_context(q)),
        actions(button(_("Answer"), QUIZ_ANSWER, q.id, style="primary")),
    ]


def notice(text: str) -> list[Block]:
    """A single-section message (errors, confirmations); `text` must already be escaped."""
    return [section(text)]
