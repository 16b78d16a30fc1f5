"""Answer modal submissions: checked in the ack (errors under the box), graded, feedback sent privately.

Each submission is handled once. Its key is the view id plus a hash of what was submitted (who, the
form's context and the typed values), kept in the store's de-duplicated deliveries together with
the reply it got. A replayed signed submission (bolt accepts one for 5 minutes) or a second press
of Submit on the same text records nothing and is answered exactly as the first one was.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import AnswerRejected, StudybotError
from bot.core.i18n import _
from bot.core.models import MemberRef, Platform
from bot.core.results import Feedback
from bot.core.service import StudyService
from bot.frontends.slack import home
from bot.frontends.slack.blocks import Block, feedback, feedback_text, notice
from bot.frontends.slack.escape import truncate
from bot.frontends.slack.modals import ANSWER_BLOCK, ANSWER_VIEW, AnswerContext, input_error, submitted_text
from bot.frontends.slack.private import send_private, words_for
from bot.frontends.slack.refs import channel_ref, interaction_member

log = logging.getLogger(__name__)

# How long grading may take before the modal is closed and feedback follows on its own (Slack: 3 s).
ACK_BUDGET = 2.0
# How long a repeat waits for the first submission's reply before giving up on repeating it.
REPLAY_WAIT = 30.0


@dataclass(frozen=True)
class Outcome:
    """How a submission was answered: errors under the box, or a private message after the ack."""

    errors: dict[str, str] | None = None
    blocks: list[Block] | None = None
    text: str = ""

    def dump(self) -> str:
        return json.dumps({"errors": self.errors, "blocks": self.blocks, "text": self.text})

    @classmethod
    def load(cls, raw: str) -> Outcome:
        data = json.loads(raw)
        return cls(errors=data.get("errors"), blocks=data.get("blocks"), text=data.get("text") or "")


def submission_key(body: dict[str, Any]) -> str | None:
    """`view:<view id>:<sha256 of the submission>`, or None when the payload has no view id."""
    view = body.get("view") or {}
    view_id = view.get("id")
    if not view_id:
        return None
    submitted = {
        "team": (body.get("team") or {}).get("id"),
        "user": (body.get("user") or {}).get("id"),
        "metadata": view.get("private_metadata"),
        "values": (view.get("state") or {}).get("values"),
    }
    digest = hashlib.sha256(json.dumps(submitted, sort_keys=True, default=str).encode()).hexdigest()
    return f"view:{view_id}:{digest}"


def register(app: AsyncApp, service: StudyService, ack_budget: float = ACK_BUDGET,
             replay_wait: float = REPLAY_WAIT) -> None:
    """Listen for the answer modal's submissions."""

    async def grade(member: MemberRef, where: AnswerContext, text: str) -> Feedback:
        if where.round_id is not None:
            # the channel the Answer button was pressed in; the core refuses another workspace's round
            channel = channel_ref(where.team_id, where.channel_id) if where.channel_id else None
            return await service.submit_answer(member, where.round_id, text, source="form", channel=channel)
        return await service.submit_quiz_answer(member, where.question_id or "", text)

    async def answer(ack: Any, client: AsyncWebClient, where: AnswerContext, member: MemberRef,
                     text: str) -> Outcome | None:
        """Grade and reply; the outcome to repeat for replays (None after an unexpected failure)."""
        job = asyncio.ensure_future(grade(member, where, text))
        try:
            result = await asyncio.wait_for(asyncio.shield(job), ack_budget)
        except AnswerRejected as err:
            outcome = Outcome(errors={ANSWER_BLOCK: truncate(str(err), 2000)})
            await ack(response_action="errors", errors=outcome.errors)
            return outcome
        except TimeoutError:
            await ack()  # grading continues; the feedback follows when it is ready
            try:
                result = await job
            except Exception as err:
                return await _tell_failure(client, where, member, err)
        except Exception as err:
            await ack()
            return await _tell_failure(client, where, member, err)
        else:
            await ack()
        outcome = Outcome(blocks=feedback(result), text=feedback_text(result))
        await _send(client, where, member, outcome)
        await home.refresh(client, service, member)
        return outcome

    async def repeat(ack: Any, client: AsyncWebClient, key: str, where: AnswerContext,
                     member: MemberRef) -> None:
        """Answer a repeated submission as the first one was answered, recording nothing."""
        log.info("slack form submission %s repeated; answered as before, nothing recorded", key)
        started = time.monotonic()
        acked = False
        while True:
            raw = await service.store.recorded_reply(Platform.SLACK, key)
            if raw is not None:
                outcome = Outcome.load(raw)
                if outcome.errors and not acked:
                    await ack(response_action="errors", errors=outcome.errors)
                    return
                if not acked:
                    await ack()
                await _send(client, where, member, outcome)
                return
            waited = time.monotonic() - started
            if waited >= replay_wait:
                break
            if not acked and waited >= ack_budget:
                await ack()  # the first is still grading; like it, close the form and reply later
                acked = True
            await asyncio.sleep(0.05)
        if not acked:
            await ack()
        log.warning("slack form submission %s repeated while the first has no reply yet", key)

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
            stale = _("This form is from an older studybot; close it and press Answer again.")
            await ack(response_action="errors", errors={ANSWER_BLOCK: stale})
            return
        member = interaction_member(body, context)
        key = submission_key(body)
        if key is not None and not await service.store.first_delivery(Platform.SLACK, key):
            await repeat(ack, client, key, where, member)
            return
        outcome = await answer(ack, client, where, member, text)
        if key is None:
            return
        if outcome is None:  # an unexpected failure: submitting the same form again is tried afresh
            await service.store.forget_delivery(Platform.SLACK, key)
        else:
            await service.store.remember_reply(Platform.SLACK, key, outcome.dump())

    app.view(ANSWER_VIEW)(on_submit)


async def _send(client: AsyncWebClient, where: AnswerContext, member: MemberRef, outcome: Outcome) -> None:
    if outcome.blocks is not None:
        await send_private(client, where.channel_id, member.user_id, outcome.blocks, outcome.text)


async def _tell_failure(client: AsyncWebClient, where: AnswerContext, member: MemberRef,
                        err: Exception) -> Outcome | None:
    """Tell the member why their answer was not taken; the refusal's outcome, or None when unexpected."""
    words = words_for(err, "answer")
    outcome = Outcome(blocks=notice(words), text=words)
    await _send(client, where, member, outcome)
    return outcome if isinstance(err, StudybotError) else None
