"""Discord's client enforces the same number range as the shared command language."""

from __future__ import annotations

import discord

from bot.core.commands import MAX_ID
from bot.frontends.discord.commands import build_tree


def test_the_appeal_number_option_is_bounded_like_every_other_command_language_number():
    tree = build_tree(discord.Client(intents=discord.Intents(guilds=True)))
    admin = next(c.to_dict(tree) for c in tree.get_commands() if c.name == "studybot")
    appeals = next(o for o in admin["options"] if o["name"] == "appeals")
    number = next(o for o in appeals["options"] if o["name"] == "id")
    assert (number["min_value"], number["max_value"]) == (1, MAX_ID)
