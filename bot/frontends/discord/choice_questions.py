"""Choice questions on Discord: option buttons (or a select menu) under the post, and the picks at the reveal.

A question with one right option gets one button per option (`1`, `2`, ... with the option's text):
a press is the member's answer. A question with several right options gets a select menu where the
member ticks every option they think is right; closing the menu sends the answer. Both carry what they
act on in their custom id, so they keep working after a restart, and the Hint button stays beside them.
Practice questions from /quiz get the same controls with the question id instead of a round.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord
from discord import ui

from bot.core.choices import canonical, how_to_pick, several_right
from bot.core.i18n import _, format_number
from bot.core.models import Question, QuestionType
from bot.core.ports import RoundPost, RoundSummary
from bot.core.results import Feedback
from bot.frontends.discord import render, views
from bot.frontends.discord.limits import BUTTON_LABEL, FIELD_VALUE, PLACEHOLDER, clip, fit_embed
from bot.frontends.discord.locale import percent
from bot.frontends.discord.refs import interaction_channel, interaction_member
from bot.frontends.discord.replies import guard, send_private, think

NUMBER = views.NUMBER
QUESTION_ID = views.QUESTION_ID
SELECT_OPTION_LABEL = 100
BAR = 10  # characters of the widest bar in the reveal's distribution


class PickHandlers(Protocol):
    """What the pick controls call; the client's `handlers` attribute implements it."""

    async def pick_submitted(
        self, interaction: discord.Interaction, round_id: int, picks: list[int]
    ) -> None: ...
    async def quiz_pick_submitted(
        self, interaction: discord.Interaction, question_id: str, picks: list[int]
    ) -> None: ...


def _handlers(interaction: discord.Interaction) -> PickHandlers:
    return interaction.client.handlers  # type: ignore[attr-defined]


def _label(number: int, text: str) -> str:
    return clip(f"{number}. {text}", BUTTON_LABEL)


def _button(custom_id: str, number: int, text: str, style: discord.ButtonStyle) -> ui.Button:
    """An option button labelled `2. Sigmoid` (just `2` when rebuilt from a custom id)."""
    return ui.Button(label=_label(number, text) if text else str(number), style=style, custom_id=custom_id)


def _selected(interaction: discord.Interaction) -> list[int]:
    values = (interaction.data or {}).get("values") or []
    return [int(v) for v in values if isinstance(v, str) and v.isdigit() and len(v) <= 2]


class PickButton(ui.DynamicItem[ui.Button], template=rf"studybot:pick:(?P<round_id>{NUMBER}):(?P<n>[1-6])"):
    """Picks option `n` of a daily round's choice question."""

    def __init__(self, round_id: int, number: int, text: str = "") -> None:
        super().__init__(
            _button(f"studybot:pick:{round_id}:{number}", number, text, discord.ButtonStyle.primary)
        )
        self.round_id, self.number = round_id, number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(int(match["round_id"]), int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).pick_submitted(interaction, self.round_id, [self.number])


class QuizPickButton(
    ui.DynamicItem[ui.Button], template=rf"studybot:quiz-pick:(?P<question_id>{QUESTION_ID}):(?P<n>[1-6])"
):
    """Picks option `n` of a practice choice question."""

    def __init__(self, question_id: str, number: int, text: str = "") -> None:
        super().__init__(
            _button(f"studybot:quiz-pick:{question_id}:{number}", number, text, discord.ButtonStyle.secondary)
        )
        self.question_id, self.number = question_id, number

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str], /):
        return cls(match["question_id"], int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).quiz_pick_submitted(interaction, self.question_id, [self.number])


def _menu(custom_id: str, question: Question | None) -> ui.Select:
    options = [
        discord.SelectOption(label=clip(f"{n}. {o.text}", SELECT_OPTION_LABEL), value=str(n))
        for n, o in enumerate(question.options if question else (), 1)
    ]
    if not options:  # rebuilt from a custom id: the options come with the interaction
        options = [discord.SelectOption(label=str(n), value=str(n)) for n in range(1, 7)]
    return ui.Select(
        custom_id=custom_id,
        placeholder=clip(_("Tick every right option, then close the menu"), PLACEHOLDER),
        min_values=1,
        max_values=len(options),
        options=options,
    )


class PicksMenu(ui.DynamicItem[ui.Select], template=rf"studybot:picks:(?P<round_id>{NUMBER})"):
    """Several picks at once for a daily round's question with more than one right option."""

    def __init__(self, round_id: int, question: Question | None = None) -> None:
        super().__init__(_menu(f"studybot:picks:{round_id}", question))
        self.round_id = round_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Select, match: re.Match[str], /):
        return cls(int(match["round_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).pick_submitted(interaction, self.round_id, _selected(interaction))


class QuizPicksMenu(
    ui.DynamicItem[ui.Select], template=rf"studybot:quiz-picks:(?P<question_id>{QUESTION_ID})"
):
    """Several picks at once for a practice question with more than one right option."""

    def __init__(self, question_id: str, question: Question | None = None) -> None:
        super().__init__(_menu(f"studybot:quiz-picks:{question_id}", question))
        self.question_id = question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Select, match: re.Match[str], /):
        return cls(match["question_id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).quiz_pick_submitted(
            interaction, self.question_id, _selected(interaction)
        )


CHOICE_ITEMS = (PickButton, QuizPickButton, PicksMenu, QuizPicksMenu)


def round_view_for(post: RoundPost) -> ui.View:
    """Under a daily post: option buttons (or the picks menu) and Hint for a choice question; else the
    usual Answer and Hint."""
    q = post.question
    if q.kind != QuestionType.CHOICE:
        return views.round_view(post.round_id)
    if several_right(q):
        return views._view(PicksMenu(post.round_id, q), views.HintButton(post.round_id, 1))
    return views._view(
        *(PickButton(post.round_id, n, o.text) for n, o in enumerate(q.options, 1)),
        views.HintButton(post.round_id, 1),
    )


def quiz_view_for(question: Question) -> ui.View:
    """Under a practice question: option buttons or the picks menu for a choice question, else Answer."""
    if question.kind != QuestionType.CHOICE:
        return views.quiz_view(question.id)
    if several_right(question):
        return views._view(QuizPicksMenu(question.id, question))
    return views._view(*(QuizPickButton(question.id, n, o.text) for n, o in enumerate(question.options, 1)))


def options_text(question: Question) -> str:
    return clip(
        "\n".join(f"**{n}.** {render.plain(o.text)}" for n, o in enumerate(question.options, 1)), FIELD_VALUE
    )


def _with_options(embed: discord.Embed, question: Question, how: str) -> discord.Embed:
    """The embed with the numbered options and how to answer (replacing the free-text instructions)."""
    how_to = render.how_to_answer_field()
    fields = [(f.name, f.value, f.inline) for f in embed.fields if f.name != how_to]
    embed.clear_fields()
    embed.add_field(name=_("Options"), value=options_text(question), inline=False)
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    embed.add_field(name=how_to, value=how, inline=False)
    return fit_embed(embed)


def round_post_embed(post: RoundPost) -> discord.Embed:
    """The daily post; a choice question lists its options and says to press one (privately graded)."""
    embed = render.round_embed(post)
    if post.question.kind != QuestionType.CHOICE:
        return embed
    if several_right(post.question):
        how = _("Tick every right option in the menu: your pick and its feedback are private; only the "
                "number of answers is public.")
    else:
        how = _("Press an option: your pick and its feedback are private; only the number of answers is "
                "public.")
    if post.answers_mode in ("thread", "both"):
        how += " " + _("You can also reply in the thread with the option's number.")
    return _with_options(embed, post.question, how)


def quiz_post_embed(question: Question, embed: discord.Embed) -> discord.Embed:
    """A practice question's embed with its options, for a choice question."""
    if question.kind != QuestionType.CHOICE:
        return embed
    return _with_options(embed, question, how_to_pick(question) + " " + _("Practice: no points."))


def picks_text(summary: RoundSummary) -> str:
    """One line per option: a bar, the count and share of picks, ✓ on the right ones."""
    q, counts = summary.question, summary.picks
    total = sum(counts)
    lines = []
    for n, (option, count) in enumerate(zip(q.options, counts, strict=False), 1):
        share = count / total if total else 0.0
        bar = "█" * round(share * BAR) or "·"
        mark = " ✓" if option.correct else ""
        lines.append(f"**{n}.** {render.plain(option.text)}{mark}\n`{bar:<{BAR}}` {format_number(count)} "
                     f"({percent(share)})")
    return clip("\n".join(lines), FIELD_VALUE)


def closed_post_embed(summary: RoundSummary) -> discord.Embed:
    """The reveal; for a choice question it adds how the counted answers were spread over the options."""
    embed = render.closed_embed(summary)
    if summary.question.kind == QuestionType.CHOICE and summary.picks:
        embed.add_field(name=_("Picks"), value=picks_text(summary), inline=False)
    return fit_embed(embed)


class PickInteractions:
    """Mixed into the client's handlers: a pick becomes an answer, graded and fed back privately."""

    service: Any

    async def pick_submitted(self, interaction: discord.Interaction, round_id: int, picks: list[int]) -> None:
        async with guard(interaction):
            await think(interaction)
            feedback = await self.service.submit_answer(
                interaction_member(interaction),
                round_id,
                canonical(picks),
                source="button",
                channel=interaction_channel(interaction),
            )
            await _send_feedback(interaction, feedback)

    async def quiz_pick_submitted(
        self, interaction: discord.Interaction, question_id: str, picks: list[int]
    ) -> None:
        async with guard(interaction):
            await think(interaction)
            feedback = await self.service.submit_quiz_answer(
                interaction_member(interaction), question_id, canonical(picks)
            )
            await _send_feedback(interaction, feedback)


async def _send_feedback(interaction: discord.Interaction, feedback: Feedback) -> None:
    await send_private(
        interaction, embed=render.feedback_embed(feedback), view=views.feedback_view(feedback.answer_id)
    )
