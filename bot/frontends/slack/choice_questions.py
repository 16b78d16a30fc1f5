"""Choice questions on Slack: option buttons under the post, a checkbox form, and the picks at the reveal.

A question with one right option gets one button per option (`1. Sigmoid`, ...): a press is the
member's answer, graded at once and fed back privately. A question with several right options keeps
the Answer button, which opens a form of checkboxes (one per option). Practice questions from /quiz
get the same controls. Members may also answer with the option's number in the thread or the form.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.choices import how_to_pick, several_right
from bot.core.commands import MAX_ID, parse_number
from bot.core.errors import InvalidInput
from bot.core.i18n import _, format_number
from bot.core.models import ChannelRef, Question, QuestionType
from bot.core.ports import RoundPost, RoundSummary
from bot.core.results import QuizQuestion
from bot.core.service import StudyService
from bot.frontends.slack.blocks import (
    COUNT_BLOCK,
    HINT,
    Block,
    actions,
    button,
    context,
    count_text,
    feedback,
    feedback_text,
    quiz_question,
    round_closed,
    round_post,
    section,
)
from bot.frontends.slack.escape import safe
from bot.frontends.slack.modals import ANSWER_BLOCK, ANSWER_INPUT, AnswerContext, answer_modal
from bot.frontends.slack.private import send_private, send_words, words_for
from bot.frontends.slack.refs import interaction_channel, interaction_member
from bot.frontends.slack.wording import percent

PICK = "studybot_pick"
QUIZ_PICK = "studybot_quiz_pick"
BAR = 10  # characters of the widest bar in the reveal's distribution


def _single_choice(question: Question) -> bool:
    return question.kind == QuestionType.CHOICE and not several_right(question)


def options_text(question: Question) -> str:
    return "\n".join(f"*{n}.* {safe(o.text, 300)}" for n, o in enumerate(question.options, 1))


def _option_buttons(action_id: str, key: str | int, question: Question) -> list[Block]:
    return [button(f"{n}. {o.text}", action_id, f"{key}:{n}") for n, o in enumerate(question.options, 1)]


def round_post_blocks(post: RoundPost) -> list[Block]:
    """The daily post; a choice question lists its options, and with one right option gets a button each."""
    blocks = round_post(post)
    q = post.question
    if q.kind != QuestionType.CHOICE:
        return blocks
    blocks.insert(2, section(options_text(q)))
    if not several_right(q):
        people = count_text(post.answered, post.answers_mode).split("  ·  ")[0]
        how = _("Press an option to answer privately.")
        if post.answers_mode != "form":
            how += " " + _("You can also reply in this thread with its number.")
        blocks[-2] = context(f"{people}  ·  {how}", block_id=COUNT_BLOCK)
        blocks[-1] = actions(
            *_option_buttons(PICK, post.round_id, q), button(_("Hint"), HINT, f"{post.round_id}:1")
        )
    return blocks


def quiz_blocks(result: QuizQuestion) -> list[Block]:
    """A practice question; a choice question lists its options (with a button each when one is right)."""
    blocks = quiz_question(result)
    q = result.question
    if q.kind != QuestionType.CHOICE:
        return blocks
    blocks.insert(1, section(options_text(q)))
    if not several_right(q):
        blocks[-1] = actions(*_option_buttons(QUIZ_PICK, q.id, q))
    return blocks


def picks_text(summary: RoundSummary) -> str:
    """One line per option: a bar, the count and share of counted picks, a tick on the right ones."""
    counts = summary.picks
    total = sum(counts)
    lines = ["*Picks*"]
    for n, (option, count) in enumerate(zip(summary.question.options, counts, strict=False), 1):
        share = count / total if total else 0.0
        bar = "█" * round(share * BAR) or "·"
        mark = " :white_check_mark:" if option.correct else ""
        lines.append(f"*{n}.* {safe(option.text, 300)}{mark}  `{bar:<{BAR}}` {format_number(count)} "
                     f"({percent(share)})")
    return "\n".join(lines)


def closed_blocks(summary: RoundSummary) -> list[Block]:
    """The reveal; for a choice question it adds how the counted answers were spread over the options."""
    blocks = round_closed(summary)
    if summary.question.kind == QuestionType.CHOICE and summary.picks:
        blocks.append(section(picks_text(summary)))
    return blocks


def answer_form(question: Question, where: AnswerContext) -> dict[str, Any]:
    """The answer form; for a question with several right options, a checkbox per option."""
    modal = answer_modal(question, where)
    if question.kind != QuestionType.CHOICE or not several_right(question):
        return modal
    box = next(b for b in modal["blocks"] if b.get("block_id") == ANSWER_BLOCK)
    box["label"] = {"type": "plain_text", "text": "Tick every right option"}
    box["hint"] = {"type": "plain_text", "text": how_to_pick(question).replace("`", "")}
    box["element"] = {
        "type": "checkboxes",
        "action_id": ANSWER_INPUT,
        "options": [
            {"text": {"type": "plain_text", "text": f"{n}. {o.text}"[:75]}, "value": str(n)}
            for n, o in enumerate(question.options, 1)
        ],
    }
    return modal


def _shared(channel: ChannelRef | None) -> ChannelRef | None:
    """The channel a click came from, or None for a direct message."""
    return None if channel is None or channel.channel_id.startswith("D") else channel


def _pick(body: dict[str, Any]) -> tuple[str, int]:
    """(round id or question id, option number) from a pick button's value."""
    value = str(((body.get("actions") or [{}])[0]).get("value") or "")
    key, _sep, number = value.rpartition(":")
    if not key or not number.isdigit() or len(number) > 1:
        raise InvalidInput(_("This button does not name an option; it may be from an older studybot "
                             "version."))
    return key, int(number)


def register(app: AsyncApp, service: StudyService) -> None:
    """Listen for option buttons of daily and practice choice questions."""

    async def on_pick(ack: Any, body: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        await ack()
        member = interaction_member(body, context)
        channel = interaction_channel(body, context)
        channel_id = channel.channel_id if channel else ""
        try:
            key, number = _pick(body)
            if body["actions"][0].get("action_id") == QUIZ_PICK:
                result = await service.submit_quiz_answer(member, key, str(number))
            else:
                round_id = parse_number(key, "round", 1, MAX_ID)
                result = await service.submit_answer(
                    member, round_id, str(number), source="button", channel=_shared(channel)
                )
        except Exception as err:
            await send_words(client, channel_id, member.user_id, words_for(err, "option button"))
            return
        await send_private(client, channel_id, member.user_id, feedback(result), feedback_text(result))

    app.action(PICK)(on_pick)
    app.action(QUIZ_PICK)(on_pick)
