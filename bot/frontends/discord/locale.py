"""The language of Discord replies: each interaction's locale, and the command picker's translations.

`localize_interactions` runs discord.py's handling of every INTERACTION_CREATE inside
`use_locale(<the interaction's locale>)`. discord.py starts each command, button, select, form and
`on_interaction` handler as a task from within that handling, and a task copies the context it was
created in, so everything an interaction answers privately is in the member's Discord language.
Public posts are built by the core in the channel's configured locale, not here.

`CommandTranslator` gives Discord the German and Spanish descriptions of commands and options for
the command picker; command and option names stay English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.core.i18n import SOURCE_LOCALE, _, format_date, format_percent, normalize, use_locale
from bot.frontends.discord.limits import COMMAND_DESCRIPTION, clip

INTERACTION_CREATE = "INTERACTION_CREATE"
TRANSLATED = (
    app_commands.TranslationContextLocation.command_description,
    app_commands.TranslationContextLocation.group_description,
    app_commands.TranslationContextLocation.parameter_description,
)


def localize_interactions(client: discord.Client) -> None:
    """Handle every interaction `client` receives in the locale Discord sends with it.

    discord.py has no public hook around its interaction dispatch, so the gateway's parser for
    INTERACTION_CREATE (in the client's connection state, read when the gateway connects) is wrapped;
    call this before the client connects.
    """
    parsers: dict[str, Callable[[Any], None]] = client._connection.parsers
    original = parsers[INTERACTION_CREATE]
    if getattr(original, "studybot_localized", False):
        return

    def parse_in_locale(data: Any) -> None:
        with use_locale(data.get("locale") if isinstance(data, dict) else None):
            original(data)

    parse_in_locale.studybot_localized = True  # type: ignore[attr-defined]
    parsers[INTERACTION_CREATE] = parse_in_locale


class CommandTranslator(app_commands.Translator):
    """Command, group and option descriptions from the gettext catalogs, for each shipped language."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        if context.location not in TRANSLATED:
            return None
        language = normalize(str(locale.value))
        if language is None or language == SOURCE_LOCALE:
            return None
        with use_locale(language):
            translated = _(string.message)
        if translated == string.message:
            return None
        return clip(translated, COMMAND_DESCRIPTION)


def short_day(day: dt.date) -> str:
    """A day written briefly for the current language: `Mon 2 Mar` / `Mo., 2. März` / `lun 2 mar`."""
    # TRANSLATORS: a Unicode date pattern (EEE weekday, d day, MMM month); reorder or punctuate it only.
    return format_date(day, style=_("EEE d MMM"))


def long_day(day: dt.date) -> str:
    """A day with its year: `Mon 2 Mar 2026` / `Mo., 2. März 2026` / `lun 2 mar 2026`."""
    # TRANSLATORS: a Unicode date pattern (EEE weekday, d day, MMM month, y year); reorder or punctuate
    # it only.
    return format_date(day, style=_("EEE d MMM y"))


def percent(fraction: float) -> str:
    """A share as a whole percentage in the current language (`86%` / `86 %`)."""
    return format_percent(fraction)
