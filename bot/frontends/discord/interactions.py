"""What happens on a button click or a form submission: open forms, grade answers, hints, appeals."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.core.errors import InvalidInput
from bot.core.i18n import _
from bot.core.models import ChannelRef
from bot.core.results import Feedback
from bot.frontends.discord import render, suggestions, views
from bot.frontends.discord.choice_questions import PickInteractions
from bot.frontends.discord.refs import interaction_channel, interaction_member, member_ref
from bot.frontends.discord.replies import guard, send_private, think

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger("studybot.discord")


def _prompt_of(message: discord.Message | None) -> str:
    """The question text shown on the message a button belongs to (used as the form's title)."""
    if message is None or not message.embeds:
        return ""
    return message.embeds[0].description or ""


class Handlers(PickInteractions):
    """Implements `views.ComponentHandlers` and modal routing over one StudyService."""

    def __init__(self, service: StudyService) -> None:
        self.service = service

    async def answer_clicked(self, interaction: discord.Interaction, round_id: int) -> None:
        async with guard(interaction):
            question = await self.service.answer_form(  # refuses direct messages and other servers
                interaction_member(interaction), round_id, interaction_channel(interaction))
            prompt = _prompt_of(interaction.message) or question.prompt
            await interaction.response.send_modal(_detached(views.answer_modal(round_id, prompt)))

    async def quiz_answer_clicked(self, interaction: discord.Interaction, question_id: str) -> None:
        async with guard(interaction):
            interaction_member(interaction)
            await interaction.response.send_modal(_detached(views.quiz_modal(question_id, _prompt_of(
                interaction.message))))

    async def appeal_clicked(
        self, interaction: discord.Interaction, answer_id: int, guild_id: int | None
    ) -> None:
        async with guard(interaction):
            member = member_ref(interaction.user, guild_id or interaction.guild_id)
            await self.service.check_appeal(member, answer_id, _where(interaction))
            await interaction.response.send_modal(_detached(views.appeal_modal(answer_id, guild_id)))

    async def hint_clicked(self, interaction: discord.Interaction, round_id: int, number: int) -> None:
        async with guard(interaction):
            hint = await self.service.hint(interaction_member(interaction), round_id, number,
                                           channel=interaction_channel(interaction))
            view = views.next_hint_view(round_id, hint.number + 1) if hint.number < hint.total else None
            await send_private(interaction, embed=render.hint_embed(hint), view=view)

    async def modal_submitted(self, interaction: discord.Interaction) -> bool:
        """Handle a studybot form; False when the custom id is not one of ours."""
        data = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith("studybot:"):
            return False
        async with guard(interaction):
            if custom_id == suggestions.SUGGEST_FORM:
                await suggestions.submitted(interaction, views.submitted_values(data))
                return True
            text = views.submitted_values(data).get(views.TEXT_FIELD, "")
            if match := views.APPEAL_FORM.fullmatch(custom_id):
                guild_id = int(match["guild_id"]) if match["guild_id"] else interaction.guild_id
                member = member_ref(interaction.user, guild_id)
                await think(interaction)
                result = await self.service.appeal(member, int(match["answer_id"]), text.strip(),
                                                   channel=_where(interaction))
                await send_private(interaction, embed=render.notice_embed(_("Appeal filed"), result.message))
                return True
            member = interaction_member(interaction)
            if match := views.ANSWER_FORM.fullmatch(custom_id):
                await think(interaction)
                round_id = int(match["round_id"])
                feedback = await self.service.submit_answer(member, round_id, text, source="form",
                                                            channel=interaction_channel(interaction))
                await self._send_feedback(interaction, feedback)
            elif match := views.QUIZ_FORM.fullmatch(custom_id):
                await think(interaction)
                feedback = await self.service.submit_quiz_answer(member, match["question_id"], text)
                await self._send_feedback(interaction, feedback)
            else:
                raise InvalidInput(_("This form is from an older version of studybot; press the button "
                                     "again."))
        return True

    async def _send_feedback(self, interaction: discord.Interaction, feedback: Feedback) -> None:
        await send_private(interaction, embed=render.feedback_embed(feedback),
                           view=views.feedback_view(feedback.answer_id, score=feedback.grade.score))


def _where(interaction: discord.Interaction) -> ChannelRef | None:
    """The server channel an interaction came from; None in a direct message (feedback sent by DM)."""
    return interaction_channel(interaction) if interaction.guild_id is not None else None


def _detached(modal: discord.ui.Modal) -> discord.ui.Modal:
    """Stop the modal before sending so discord.py keeps no copy; `on_interaction` routes its submission."""
    modal.stop()
    return modal
