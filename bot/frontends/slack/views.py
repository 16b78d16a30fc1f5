"""Answer modal submissions: checked in the ack (errors under the box), graded, feedback sent privately."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import AnswerRejected
from bot.core.models import MemberRef
from bot.core.results import Feedback
from bot.core.service import StudyService
from bot.frontends.slack.blocks import feedback, feedback_text
from bot.frontends.slack.escape import truncate
from bot.frontends.slack.modals import ANSWER_BLOCK, ANSWER_VIEW, AnswerContext, input_error, submitted_text
from bot.frontends.slack.private import send_private, send_words, words_for
from bot.frontends.slack.refs import channel_ref, interaction_member

log = logging.getLogger(__name__)

# How long grading may take before the modal is closed and feedback follows on its own (Slack: 3 s).
ACK_BUDGET = 2.0


def register(app: AsyncApp, service: StudyService, ack_budget: float = ACK_BUDGET) -> None:
    """Listen for the answer modal's submissions."""

    async def grade(member: MemberRef, where: AnswerContext, text: str) -> Feedback:
        if where.round_id is not None:
            # the channel the Answer button was pressed in; the core refuses another workspace's round
            channel = channel_ref(where.team_id, where.channel_id) if where.channel_id else None
            return await service.submit_answer(member, where.round_id, text, source="form", channel=channel)
        return await service.submit_quiz_answer(member, where.question_id or "", text)

    async def on_submit(ack: Any, body: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        view = body.get("view") or {}
        text = submitted_text(view)
        problem = input_error(text)
        if problem:
            await ack(response_action="errors", errors={ANSWER_BLOCK: problem})
            return
        try:
            where = AnswerContext.load(view.get("private_metadata") or "")
        except ValueError:
            stale = "This form is from an older studybot; close it and press Answer again."
            await ack(response_action="errors", errors={ANSWER_BLOCK: stale})
            return
        member = interaction_member(body, context)
        job = asyncio.ensure_future(grade(member, where, text))
        try:
            result = await asyncio.wait_for(asyncio.shield(job), ack_budget)
        except AnswerRejected as err:
            await ack(response_action="errors", errors={ANSWER_BLOCK: truncate(str(err), 2000)})
            return
        except TimeoutError:
            await ack()  # grading continues; the feedback follows when it is ready
            result = await _finish(job, client, where, member)
            if result is None:
                return
        except Exception as err:
            await ack()
            await send_words(client, where.channel_id, member.user_id, words_for(err, "answer"))
            return
        else:
            await ack()
        await send_private(client, where.channel_id, member.user_id, feedback(result), feedback_text(result))

    app.view(ANSWER_VIEW)(on_submit)


async def _finish(job: asyncio.Future, client: AsyncWebClient, where: AnswerContext,
                  member: MemberRef) -> Feedback | None:
    try:
        return await job
    except Exception as err:
        await send_words(client, where.channel_id, member.user_id, words_for(err, "answer"))
        return None
