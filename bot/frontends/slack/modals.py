"""The answer modal and the private metadata that carries its context to `view_submission`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.core.i18n import _, format_number
from bot.core.models import Question
from bot.frontends.slack.escape import (
    INPUT_HINT,
    INPUT_LABEL,
    MODAL_TITLE,
    PLACEHOLDER,
    PRIVATE_METADATA,
    SECTION_TEXT,
    plain,
    safe,
)

ANSWER_VIEW = "studybot_answer_view"
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "text"
MAX_INPUT = 3000  # the most a Slack plain_text_input accepts


@dataclass(frozen=True)
class AnswerContext:
    """What the modal answers: a daily round (`round_id`) or a practice question (`question_id`).

    `channel_id` is where the feedback goes (ephemeral there, or a DM when that fails).
    """

    team_id: str
    channel_id: str
    round_id: int | None = None
    question_id: str | None = None

    def dump(self) -> str:
        data = {"t": self.team_id, "c": self.channel_id, "r": self.round_id, "q": self.question_id}
        text = json.dumps({k: v for k, v in data.items() if v is not None}, separators=(",", ":"))
        if len(text) > PRIVATE_METADATA:
            raise ValueError("answer context does not fit Slack's private_metadata")
        return text

    @classmethod
    def load(cls, text: str) -> AnswerContext:
        """Parse private metadata; raises ValueError when it is not ours."""
        data: Any = json.loads(text or "{}")
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            raise ValueError("private_metadata has no channel")
        round_id = data.get("r")
        question_id = data.get("q")
        if not isinstance(round_id, int) and not isinstance(question_id, str):
            raise ValueError("private_metadata names neither a round nor a question")
        return cls(
            team_id=str(data.get("t", "")),
            channel_id=data["c"],
            round_id=round_id if isinstance(round_id, int) else None,
            question_id=question_id if isinstance(question_id, str) else None,
        )


def answer_modal(question: Question, where: AnswerContext) -> dict[str, Any]:
    """The private answer form: the question, then a multi-line box of up to 3,000 characters."""
    title = _("Question of the day") if where.round_id is not None else _("Practice question")
    return {
        "type": "modal",
        "callback_id": ANSWER_VIEW,
        "title": {"type": "plain_text", "text": plain(title, MODAL_TITLE)},
        "submit": {"type": "plain_text", "text": plain(_("Submit"), MODAL_TITLE)},
        "close": {"type": "plain_text", "text": plain(_("Cancel"), MODAL_TITLE)},
        "private_metadata": where.dump(),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": safe(question.prompt, SECTION_TEXT)}},
            {
                "type": "input",
                "block_id": ANSWER_BLOCK,
                "label": {"type": "plain_text", "text": plain(_("Your answer"), INPUT_LABEL)},
                "hint": {
                    "type": "plain_text",
                    "text": plain(_("Explain in your own words. Up to {limit} characters, the most a Slack "
                                    "form takes; only you see your feedback.").format(
                                        limit=format_number(MAX_INPUT)), INPUT_HINT),
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": ANSWER_INPUT,
                    "multiline": True,
                    "max_length": MAX_INPUT,
                    "placeholder": {"type": "plain_text",
                                    "text": plain(_("Write your answer here"), PLACEHOLDER)},
                },
            },
        ],
    }


def submitted_text(view: dict[str, Any]) -> str:
    """The text typed into the answer box, or the options ticked as their numbers (`1,3`); '' when missing."""
    values = (view.get("state") or {}).get("values") or {}
    value = (values.get(ANSWER_BLOCK) or {}).get(ANSWER_INPUT) or {}
    ticked = value.get("selected_options")
    if isinstance(ticked, list):
        return ",".join(str(o.get("value")) for o in ticked if isinstance(o, dict) and o.get("value"))
    return value.get("value") or ""


def input_error(text: str) -> str | None:
    """Why the form cannot be accepted as typed (shown under the box), or None."""
    if not text.strip():
        return _("Your answer is empty. Write a sentence or two; an empty answer does not use your attempt.")
    if len(text) > MAX_INPUT:
        return _("Your answer is {length} characters; the limit here is {limit}. Please shorten it.").format(
            length=format_number(len(text)), limit=format_number(MAX_INPUT))
    return None
