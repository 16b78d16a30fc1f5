"""Private replies to interactions, and the guard that turns any failure into a polite message."""

from __future__ import annotations

import logging
from types import TracebackType

import discord

from bot.core.errors import StudybotError
from bot.core.i18n import N_, _
from bot.frontends.discord.limits import CONTENT, clip

log = logging.getLogger("studybot.discord")

NO_MENTIONS = discord.AllowedMentions.none()
APOLOGY = N_("Sorry, something went wrong on our side and nothing was saved. "
             "Please try again in a minute; if it keeps happening, tell a server admin.")


async def send_private(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Reply only the member can see: the interaction response, or a follow-up when already answered."""
    kwargs: dict = {"ephemeral": True, "allowed_mentions": NO_MENTIONS}
    if content is not None:
        kwargs["content"] = clip(content, CONTENT)
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def think(interaction: discord.Interaction) -> None:
    """Acknowledge within Discord's 3 seconds while the service works; the answer follows privately."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)


def describe(interaction: discord.Interaction) -> str:
    data = interaction.data or {}
    name = data.get("name") or data.get("custom_id") or "?"
    return f"{interaction.type.name} {name}"


async def report_failure(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the member what went wrong: the error's own sentence, or an apology plus a log line."""
    if isinstance(error, StudybotError):
        text = str(error) or _("That did not work; check the command's options and try again.")
        log.info("discord %s refused: %s", describe(interaction), text)
    else:
        text = _(APOLOGY)
        log.error("discord %s failed", describe(interaction), exc_info=error)
    try:
        await send_private(interaction, text)
    except discord.HTTPException as exc:
        log.warning("could not tell the member about a failure in %s: %s", describe(interaction), exc)


class guard:
    """Async context manager around a handler: no exception escapes as a silent "interaction failed"."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self.interaction = interaction

    async def __aenter__(self) -> guard:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        await report_failure(self.interaction, error)
        return True
