"""The dashboard's HTML comes from Jinja2 templates (`templates/`, shipped as package data).

Autoescaping is on for every template, so every value from the database is escaped; the templates
build all markup. Pages are plain HTML with one inline stylesheet: no script, no web font, nothing
loaded from elsewhere (charts are PNG data URIs), so a page works offline and with JavaScript off.
Jinja2 is imported on the first page rendered, not when the bot starts.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class Link:
    """An anchor; templates write it as `<a href="…">text</a>` (both escaped)."""

    href: str
    text: str

    @classmethod
    def to(cls, path: str, text: object, **query: str) -> Link:
        """A link to `path` with `query` appended as URL parameters."""
        return cls(f"{path}?{urlencode(query)}" if query else path, str(text))


@dataclass(frozen=True)
class Chart:
    """A chart image inlined as a data URI, its description and its size in pixels."""

    src: str
    alt: str
    width: int
    height: int

    @classmethod
    def png(cls, data: bytes, alt: str) -> Chart:
        width, height = struct.unpack(">II", data[16:24])  # the PNG header's IHDR chunk
        return cls(f"data:image/png;base64,{base64.b64encode(data).decode('ascii')}", alt, width, height)


@cache
def environment() -> Environment:
    """The template environment (built once, on the first page)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from bot.core.i18n import _, ngettext

    env = Environment(
        loader=PackageLoader("bot.frontends.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    # our look-ups read the reply's language when a page renders; `_("… %(n)s", n=…)` fills values
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, **context: Any) -> str:
    """The page `template` filled with `context`, in the current language (`<html lang>` says which)."""
    from bot.core.i18n import current_locale

    return environment().get_template(template).render(lang=current_locale(), **context)


def percent(part: float, whole: float) -> str:
    """`42%` (or `–` when there is nothing to divide)."""
    from bot.core.i18n import format_percent

    return format_percent(part / whole) if whole else "–"
