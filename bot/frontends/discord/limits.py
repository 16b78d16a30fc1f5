"""Discord's documented size limits, and clipping every rendered text to them with an ellipsis."""

from __future__ import annotations

import discord

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_VALUE = 4000
PLACEHOLDER = 100
CUSTOM_ID = 100
BUTTON_LABEL = 80
THREAD_NAME = 100
CHOICE_NAME = 100
CHOICE_VALUE = 100
CHOICES = 25
COMMAND_DESCRIPTION = 100
OPTIONS = 25
FILE_NAME = 100

ELLIPSIS = "…"


def clip(text: object, limit: int) -> str:
    """`text` as a string of at most `limit` characters, cut with an ellipsis when it is longer."""
    value = str(text)
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def filled(text: object, limit: int, empty: str = "—") -> str:
    """Like `clip`, but never empty (Discord rejects empty field values and names)."""
    value = clip(text, limit).strip()
    return value or empty


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Clip every part of `embed` to its limit, then shrink it until the total is within 6,000.

    The description gives way first, then fields from the last one, so the title and the first
    fields (the verdict and score) survive.
    """
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(name=clip(embed.author.name, AUTHOR), url=embed.author.url)
    fields = [(f.name, f.value, f.inline) for f in embed.fields][:EMBED_FIELDS]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=filled(name, FIELD_NAME), value=filled(value, FIELD_VALUE), inline=bool(inline))
    excess = len(embed) - EMBED_TOTAL
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, 1)
        embed.description = clip(embed.description, keep)
        excess = len(embed) - EMBED_TOTAL
    while excess > 0 and embed.fields:
        last = embed.fields[-1]
        room = len(last.value) - excess
        if room >= 20:
            embed.set_field_at(len(embed.fields) - 1, name=last.name, value=clip(last.value, room),
                               inline=bool(last.inline))
        else:
            embed.remove_field(len(embed.fields) - 1)
        excess = len(embed) - EMBED_TOTAL
    return embed

