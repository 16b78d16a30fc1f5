"""Button clicks: Answer buttons open the modal; Hint, Appeal and appeal decisions reply privately."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands import MAX_ID, parse_number
from bot.core.errors import InvalidInput, NotFound
from bot.core.i18n import N_, _
from bot.core.models import ChannelRef
from bot.core.service import StudyService
from bot.frontends.slack import replies
from bot.frontends.slack.admins import Admins
from bot.frontends.slack.blocks import (
    ANSWER,
    APPEAL,
    APPEAL_ACCEPT,
    APPEAL_REJECT,
    HINT,
    QUIZ_ANSWER,
    Block,
    hint,
)
from bot.frontends.slack.choice_questions import answer_form
from bot.frontends.slack.escape import safe
from bot.frontends.slack.modals import AnswerContext
from bot.frontends.slack.private import words_for
from bot.frontends.slack.refs import interaction_channel, interaction_member, team_of

log = logging.getLogger(__name__)


def _value(body: dict[str, Any]) -> str:
    found = body.get("actions") or [{}]
    return str(found[0].get("value") or "")


UNNAMED = {
    "round": N_("This button does not name a round; it may be from an older studybot version."),
    "hint": N_("This button does not name a hint; it may be from an older studybot version."),
    "answer": N_("This button does not name an answer; it may be from an older studybot version."),
    "appeal": N_("This button does not name an appeal; it may be from an older studybot version."),
}


def _number(text: str, what: str) -> int:
    try:
        return parse_number(text, what, 1, MAX_ID)
    except InvalidInput:
        message = UNNAMED.get(what, UNNAMED["round"])
        raise InvalidInput(_(message)) from None


def _shared(channel: ChannelRef | None) -> ChannelRef | None:
    """The channel a click came from, or None for a direct message (feedback that went by DM)."""
    if channel is None or channel.channel_id.startswith("D"):
        return None
    return channel


async def _reply(respond: Any, blocks: list[Block]) -> None:
    text = (blocks[0].get("text") or {}).get("text", "studybot") if blocks else "studybot"
    await respond(blocks=blocks, text=text[:300], response_type="ephemeral", replace_original=False)


def register(app: AsyncApp, service: StudyService, admins: Admins) -> None:
    """Listen for studybot's buttons."""

    async def open_form(body: dict[str, Any], client: AsyncWebClient, context: Any, *,
                        round_id: int | None, question_id: str | None) -> None:
        channel = interaction_channel(body, context)
        if round_id is not None:  # refuses members of another workspace and clicks from another channel
            member = interaction_member(body, context)
            question = await service.answer_form(member, round_id, _shared(channel))
        else:
            found = await service.practice_question(interaction_member(body, context), question_id or "")
            if found is None:
                raise NotFound(_("That question is no longer in the content bank; try `/quiz` for another."))
            question = found
        where = AnswerContext(team_of(body, context), channel.channel_id if channel else "",
                              round_id=round_id, question_id=None if round_id is not None else question.id)
        await client.views_open(trigger_id=body["trigger_id"], view=answer_form(question, where))

    async def on_answer(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any,
                        context: Any) -> None:
        await ack()
        try:
            await open_form(body, client, context, round_id=_number(_value(body), "round"), question_id=None)
        except Exception as err:
            await _reply(respond, replies.paragraphs(words_for(err, "Answer button")))

    async def on_quiz_answer(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any,
                             context: Any) -> None:
        await ack()
        try:
            await open_form(body, client, context, round_id=None, question_id=_value(body))
        except Exception as err:
            await _reply(respond, replies.paragraphs(words_for(err, "practice Answer button")))

    async def on_hint(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await ack()
        try:
            round_text, _sep, number_text = _value(body).partition(":")
            round_id = _number(round_text, "round")
            number = _number(number_text or "1", "hint")
            result = await service.hint(interaction_member(body, context), round_id, number,
                                        channel=_shared(interaction_channel(body, context)))
            blocks = hint(result, round_id)
        except Exception as err:
            blocks = replies.paragraphs(words_for(err, "Hint button"))
        await _reply(respond, blocks)

    async def on_appeal(ack: Any, body: dict[str, Any], respond: Any, context: Any) -> None:
        await ack()
        try:
            answer_id = _number(_value(body), "answer")
            result = await service.appeal(interaction_member(body, context), answer_id,
                                          channel=_shared(interaction_channel(body, context)))
            blocks = replies.paragraphs(f":scales: {safe(result.message)}")
        except Exception as err:
            blocks = replies.paragraphs(words_for(err, "Appeal button"))
        await _reply(respond, blocks)

    async def on_decision(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any,
                          context: Any) -> None:
        await ack()
        try:
            accept = (body.get("actions") or [{}])[0].get("action_id") == APPEAL_ACCEPT
            appeal_id = _number(_value(body), "appeal")
            actor = await admins.actor(client, interaction_member(body, context))
            result = await service.resolve_appeal(actor, appeal_id, accept=accept)
            blocks = replies.paragraphs(f":white_check_mark: {safe(result.message)}")
        except Exception as err:
            blocks = replies.paragraphs(words_for(err, "appeal decision"))
        await _reply(respond, blocks)

    app.action(ANSWER)(on_answer)
    app.action(QUIZ_ANSWER)(on_quiz_answer)
    app.action(HINT)(on_hint)
    app.action(APPEAL)(on_appeal)
    app.action(APPEAL_ACCEPT)(on_decision)
    app.action(APPEAL_REJECT)(on_decision)
