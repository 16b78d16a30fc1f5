"""Numbers, shares and days in Slack replies, written for the language of the reply (Babel)."""

from __future__ import annotations

import datetime as dt

from bot.core.i18n import _, format_date, format_number, format_percent


def counted(template: str, number: int) -> str:
    """`template` (an `ngettext` result with `{n}`) with `number` written for the current language."""
    return template.format(n=format_number(number))


def percent(fraction: float) -> str:
    """A share as a whole percentage (`86%` in English, `86 %` in German)."""
    return format_percent(fraction)


def short_day(day: dt.date) -> str:
    """A day written briefly for the current language: `Mon 2 Mar` / `Mo., 2. März` / `lun 2 mar`."""
    # TRANSLATORS: a Unicode date pattern (EEE weekday, d day, MMM month); reorder or punctuate it only.
    return format_date(day, style=_("EEE d MMM"))
