"""The chat catalog (strings of the Discord and Slack frontends): current with the code, complete in
German and Spanish, every translation keeping the English message's placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "bot" / "locales"
SOURCES = (ROOT / "bot" / "frontends" / "discord", ROOT / "bot" / "frontends" / "slack")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_chat_pot_holds_exactly_the_marked_strings_of_the_discord_and_slack_frontends() -> None:
    marked: set[str | tuple[str, ...]] = set()
    for folder in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(folder, keywords=KEYWORDS):
            marked.add(message if isinstance(message, str) else tuple(message))
    template = ids(load(LOCALES / "chat.pot"))
    assert marked - template == set(), "run the extraction: strings are missing from chat.pot"
    assert template - marked == set(), "chat.pot lists strings the code no longer has"


@pytest.mark.parametrize("locale", ["de", "es"])
def test_every_chat_message_is_translated_with_the_same_placeholders(locale: str) -> None:
    template = load(LOCALES / "chat.pot")
    catalog = load(LOCALES / locale / "chat.po", locale)
    assert catalog.locale is not None and str(catalog.locale) == locale
    assert ids(catalog) == ids(template), f"{locale}/chat.po is not updated from chat.pot"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        targets = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        if len(targets) != (1 if isinstance(message.id, str) else catalog.num_plurals):
            problems.append(f"wrong number of forms: {message.id!r}")
        for target in targets:
            if not target or not target.strip():
                problems.append(f"untranslated: {message.id!r}")
            elif placeholders(target) != placeholders(sources[-1]):
                problems.append(f"placeholders differ: {message.id!r} -> {target!r}")
    assert not problems, "\n".join(problems)
