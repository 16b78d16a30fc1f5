"""The language of each reply: a context-local locale, gettext look-ups and Babel formats.

English is the source language. Translations live in ``bot/locales/<language>/*.po`` (one file per
part of the code base, merged when loaded) and are compiled in memory the first time a language is
used; no compiled catalog is committed. A frontend picks the language of a reply with
:func:`use_locale` (the Discord interaction's locale, the Slack user's, the channel's ``/setup
locale=``); ``STUDYBOT_LOCALE`` is the default. Mark a string for translation with ``_()`` where it
is shown, or with ``N_()`` where it is defined at import time and translated later with ``_()``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gettext
import io
import os
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources

SOURCE_LOCALE = "en"
LOCALE_ENV = "STUDYBOT_LOCALE"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("studybot_locale", default="")
_configured: list[str] = []  # the default the app set from its settings (wins over the environment)


def _locales_dir() -> resources.abc.Traversable:
    return resources.files("bot") / "locales"


@lru_cache(maxsize=1)
def shipped_locales() -> tuple[str, ...]:
    """English plus every language with a catalog folder, sorted: ``("de", "en", "es")``."""
    found = {SOURCE_LOCALE}
    root = _locales_dir()
    if root.is_dir():
        for entry in root.iterdir():
            if entry.is_dir() and any(item.name.endswith(".po") for item in entry.iterdir()):
                found.add(entry.name)
    return tuple(sorted(found))


def normalize(tag: str | None) -> str | None:
    """The shipped language a locale tag asks for (``de-DE`` -> ``de``, ``es_419`` -> ``es``), or None."""
    if not tag:
        return None
    language = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return language if language in shipped_locales() else None


def default_locale() -> str:
    """The language the app was configured with (:func:`set_default_locale`), else ``STUDYBOT_LOCALE``
    when it names a shipped language, else English."""
    if _configured:
        return _configured[-1]
    return normalize(os.environ.get(LOCALE_ENV)) or SOURCE_LOCALE


def set_default_locale(tag: str | None) -> str:
    """Make ``tag`` (``STUDYBOT_LOCALE`` as the settings read it, `.env` included) the default language;
    an unknown or empty tag restores the environment's. Returns the default now in force."""
    _configured.clear()
    found = normalize(tag)
    if found:
        _configured.append(found)
    return default_locale()


def current_locale() -> str:
    """The language of the reply being built."""
    return _current.get() or default_locale()


@contextlib.contextmanager
def use_locale(tag: str | None) -> Iterator[str]:
    """Build replies in ``tag``'s language inside the block; an unknown or empty tag keeps the current one."""
    chosen = normalize(tag) or current_locale()
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog of ``locale`` (every ``.po`` of its folder merged; fuzzy entries left out)."""
    folder = _locales_dir() / locale
    if locale == SOURCE_LOCALE or not folder.is_dir():
        return gettext.NullTranslations()
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = Catalog(locale=locale)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            part = read_po(handle, locale=locale)
        for message in part:
            if message.id and message.id not in merged:
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the current language."""
    return translations(current_locale()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate it with ``_`` when shown)."""
    return message


def language_name(tag: str) -> str:
    """A language's own name in the current language, with its tag: ``Deutsch (de)`` / ``German (de)``."""
    from babel import Locale

    return f"{Locale.parse(tag).get_display_name(current_locale())} ({tag})"


def format_number(value: float, *, digits: int | None = None) -> str:
    """A number with the current language's separators (``1,234.5`` / ``1.234,5``)."""
    from babel.numbers import format_decimal

    pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=current_locale())


def format_percent(fraction: float) -> str:
    """A fraction as a whole percentage in the current language (``0.86`` -> ``86 %`` in German)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=current_locale())


def format_date(day: dt.date, *, style: str = "medium") -> str:
    """A date in the current language (``medium``: ``Dec 5, 2026`` / ``05.12.2026``)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, format=style, locale=current_locale())


def format_day(day: dt.date) -> str:
    """A short weekday and date: ``Mon 2 Mar`` in English, ``Mo., 2. März`` in German."""
    if current_locale() == SOURCE_LOCALE:
        return f"{day:%a} {day.day} {day:%b}"
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", day, locale=current_locale())


def format_time(moment: dt.datetime | dt.time, *, style: str = "short") -> str:
    """A time of day in the current language (``short``: ``9:00 AM`` / ``09:00``)."""
    from babel.dates import format_time as babel_time

    return babel_time(moment, format=style, locale=current_locale())


def format_datetime(moment: dt.datetime, *, style: str = "medium") -> str:
    """A date and time in the current language."""
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(moment, format=style, locale=current_locale())
