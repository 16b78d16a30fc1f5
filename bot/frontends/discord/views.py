"""Buttons and modals. Every custom id carries what it acts on, so buttons keep working after a restart.

Buttons are `DynamicItem`s registered at start-up: discord.py matches a click's custom id against
their templates, whatever message it came from and however long ago that message was sent.
Modal submissions are routed by custom id in the client's `on_interaction` (not discord.py's
in-memory modal store), so a form opened just before a restart still submits.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord
from discord import ui

from bot.core.i18n import _
from bot.core.records import full_score
from bot.frontends.discord.limits import (
    BUTTON_LABEL,
    MODAL_TITLE,
    PLACEHOLDER,
    TEXT_INPUT_LABEL,
    TEXT_INPUT_VALUE,
    clip,
)

QUESTION_ID = r"[a-z0-9][a-z0-9-]{0,63}"
NUMBER = r"[0-9]{1,18}"

ANSWER_FORM = re.compile(rf"studybot:answer-form:(?P<round_id>{NUMBER})")
QUIZ_FORM = re.compile(rf"studybot:quiz-form:(?P<question_id>{QUESTION_ID})")
APPEAL_FORM = re.compile(rf"studybot:appeal-form:(?P<answer_id>{NUMBER})(?::(?P<guild_id>{NUMBER}))?")
TEXT_FIELD = "text"
MAX_APPEAL_NOTE = 1000


class ComponentHandlers(Protocol):
    """What the buttons call; the client's `handlers` attribute implements it."""

    async def answer_clicked(self, interaction: discord.Interaction, round_id: int) -> None: ...
    async def hint_clicked(self, interaction: discord.Interaction, round_id: int, number: int) -> None: ...
    async def appeal_clicked(
        self, interaction: discord.Interaction, answer_id: int, guild_id: int | None
    ) -> None: ...
    async def quiz_answer_clicked(self, interaction: discord.Interaction, question_id: str) -> None: ...


def handlers_of(interaction: discord.Interaction) -> ComponentHandlers:
    return interaction.client.handlers  # type: ignore[attr-defined]


class AnswerButton(ui.DynamicItem[ui.Button], template=rf"studybot:answer:(?P<round_id>{NUMBER})"):
    """Opens the private answer form for a daily round."""

    def __init__(self, round_id: int) -> None:
        super().__init__(ui.Button(label=clip(_("Answer"), BUTTON_LABEL), emoji="✍️",
                                   style=discord.ButtonStyle.primary,
                                   custom_id=f"studybot:answer:{round_id}"))
        self.round_id = round_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(int(match["round_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers_of(interaction).answer_clicked(interaction, self.round_id)


class HintButton(ui.DynamicItem[ui.Button],
                 template=rf"studybot:hint:(?P<round_id>{NUMBER}):(?P<n>[0-9]{{1,2}})"):
    """Shows hint number `n` of a daily round's question, privately."""

    def __init__(self, round_id: int, number: int = 1) -> None:
        label = _("Hint") if number <= 1 else _("Hint {number}").format(number=number)
        super().__init__(ui.Button(label=clip(label, BUTTON_LABEL), emoji="💡",
                                   style=discord.ButtonStyle.secondary,
                                   custom_id=f"studybot:hint:{round_id}:{number}"))
        self.round_id = round_id
        self.number = number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(int(match["round_id"]), max(int(match["n"]), 1))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers_of(interaction).hint_clicked(interaction, self.round_id, self.number)


class AppealButton(ui.DynamicItem[ui.Button],
                   template=rf"studybot:appeal:(?P<answer_id>{NUMBER})(?::(?P<guild_id>{NUMBER}))?"):
    """'I think this is right': opens a form for an optional note, then files an appeal.

    Feedback sent by DM has no server, so its button carries the server id as well.
    """

    def __init__(self, answer_id: int, guild_id: int | None = None) -> None:
        suffix = f":{guild_id}" if guild_id else ""
        custom_id = f"studybot:appeal:{answer_id}{suffix}"
        super().__init__(ui.Button(label=clip(_("I think this is right"), BUTTON_LABEL), emoji="🙋",
                                   style=discord.ButtonStyle.secondary, custom_id=custom_id))
        self.answer_id = answer_id
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(int(match["answer_id"]), int(match["guild_id"]) if match["guild_id"] else None)

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers_of(interaction).appeal_clicked(interaction, self.answer_id, self.guild_id)


class QuizAnswerButton(ui.DynamicItem[ui.Button], template=rf"studybot:quiz:(?P<question_id>{QUESTION_ID})"):
    """Opens the answer form for a practice question."""

    def __init__(self, question_id: str) -> None:
        super().__init__(ui.Button(label=clip(_("Answer"), BUTTON_LABEL), emoji="✍️",
                                   style=discord.ButtonStyle.primary,
                                   custom_id=f"studybot:quiz:{question_id}"))
        self.question_id = question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(match["question_id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await handlers_of(interaction).quiz_answer_clicked(interaction, self.question_id)


PERSISTENT_ITEMS = (AnswerButton, HintButton, AppealButton, QuizAnswerButton)


def _view(*items: ui.Item) -> ui.View:
    view = ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def round_view(round_id: int) -> ui.View:
    """Answer and Hint under a daily post."""
    return _view(AnswerButton(round_id), HintButton(round_id, 1))


def next_hint_view(round_id: int, number: int) -> ui.View:
    return _view(HintButton(round_id, number))


def feedback_view(answer_id: int, guild_id: int | None = None, *, score: float = 0.0) -> ui.View | None:
    """The Appeal button under feedback (`guild_id` only for feedback sent outside the server);
    None for a score of 100 %, which an appeal could not raise."""
    return None if full_score(score) else _view(AppealButton(answer_id, guild_id))


def quiz_view(question_id: str) -> ui.View:
    return _view(QuizAnswerButton(question_id))


def text_modal(custom_id: str, title: str, label: str, placeholder: str, *, max_length: int,
               required: bool = True) -> ui.Modal:
    """A modal with one paragraph input, every text clipped to Discord's limits."""
    modal = ui.Modal(title=clip(title, MODAL_TITLE) or "studybot", custom_id=custom_id, timeout=None)
    modal.add_item(ui.TextInput(
        label=clip(label, TEXT_INPUT_LABEL), style=discord.TextStyle.paragraph, custom_id=TEXT_FIELD,
        placeholder=clip(" ".join(placeholder.split()), PLACEHOLDER) or None, required=required,
        max_length=max_length,
    ))
    return modal


def answer_modal(round_id: int, prompt: str) -> ui.Modal:
    title = _("Answer: {prompt}").format(prompt=prompt) if prompt else _("Your answer")
    return text_modal(f"studybot:answer-form:{round_id}", title, _("Your answer (only you see the feedback)"),
                      prompt, max_length=TEXT_INPUT_VALUE)


def quiz_modal(question_id: str, prompt: str) -> ui.Modal:
    title = _("Practice: {prompt}").format(prompt=prompt) if prompt else _("Practice")
    return text_modal(f"studybot:quiz-form:{question_id}", title, _("Your answer (practice, no points)"),
                      prompt, max_length=TEXT_INPUT_VALUE)


def appeal_modal(answer_id: int, guild_id: int | None = None) -> ui.Modal:
    suffix = f":{guild_id}" if guild_id else ""
    return text_modal(f"studybot:appeal-form:{answer_id}{suffix}", _("Appeal your grade"),
                      _("Why is your answer right? (optional)"),
                      _("e.g. I said 'weight decay', which is L2 regularisation"), max_length=MAX_APPEAL_NOTE,
                      required=False)


def submitted_values(data: Any) -> dict[str, str]:
    """Every text input value in a modal submission, by custom id (rows and labels are walked)."""
    values: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("custom_id"), str) and isinstance(node.get("value"), str):
                values[node["custom_id"]] = node["value"]
            walk(node.get("components"))
            walk(node.get("component"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk((data or {}).get("components"))
    return values
