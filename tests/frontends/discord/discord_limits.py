"""Discord's documented limits, written out independently of the bot's code, for payload checks."""

from __future__ import annotations

import re
from typing import Any

NAME = re.compile(r"^[-_'\w]{1,32}$")  # \w covers Unicode letters and digits (and _)
DESCRIPTION = (1, 100)
OPTIONS_PER_COMMAND = 25
CHOICES_PER_OPTION = 25
CHOICE_NAME = 100
GLOBAL_COMMANDS = 100
COMMAND_TOTAL_CHARS = 4000  # name + description + every option's and choice's name/description/value
CUSTOM_ID = 100
BUTTON_LABEL = 80
BUTTONS_PER_ROW = 5
ROWS = 5
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_MAX = 4000
PLACEHOLDER = 100
CONTENT = 2000
EMBED = {"title": 256, "description": 4096, "field_name": 256, "field_value": 1024, "footer": 2048,
         "author": 256, "fields": 25, "total": 6000}


def command_problems(cmd: dict[str, Any], depth: int = 0) -> list[str]:
    """Every way one command (or sub-command, option) payload breaks Discord's rules."""
    problems = []
    name = cmd.get("name", "")
    if not NAME.match(name) or name != name.lower():
        problems.append(f"bad name {name!r}")
    description = cmd.get("description", "")
    if not DESCRIPTION[0] <= len(description) <= DESCRIPTION[1]:
        problems.append(f"{name}: description of {len(description)} characters")
    options = cmd.get("options") or []
    if len(options) > OPTIONS_PER_COMMAND:
        problems.append(f"{name}: {len(options)} options")
    seen_optional = False
    for option in options:
        if option.get("type") in (1, 2):
            problems += command_problems(option, depth + 1)
            continue
        problems += [f"{name}.{p}" for p in command_problems({**option, "options": []}, depth + 1)]
        if option.get("required"):
            if seen_optional:
                problems.append(f"{name}: required option {option['name']} after an optional one")
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > CHOICES_PER_OPTION:
            problems.append(f"{name}.{option['name']}: {len(choices)} choices")
        for choice in choices:
            if not 1 <= len(choice["name"]) <= CHOICE_NAME:
                problems.append(f"{name}.{option['name']}: choice name {choice['name']!r}")
    return problems


def command_chars(cmd: dict[str, Any]) -> int:
    """Characters Discord counts against a command's 4,000 total."""
    total = len(cmd.get("name", "")) + len(cmd.get("description", ""))
    for option in cmd.get("options") or []:
        total += command_chars(option)
        for choice in option.get("choices") or []:
            total += len(choice["name"]) + len(str(choice["value"]))
    return total


def embed_problems(data: dict[str, Any]) -> list[str]:
    """Every way an embed payload breaks Discord's limits; empty when it fits."""
    problems: list[str] = []
    total = 0
    for key in ("title", "description"):
        text = data.get(key) or ""
        total += len(text)
        if len(text) > EMBED[key]:
            problems.append(f"{key} has {len(text)} characters")
    fields = data.get("fields") or []
    if len(fields) > EMBED["fields"]:
        problems.append(f"{len(fields)} fields")
    for i, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        total += len(name) + len(value)
        if not name.strip() or not value.strip():
            problems.append(f"field {i} has an empty name or value")
        if len(name) > EMBED["field_name"] or len(value) > EMBED["field_value"]:
            problems.append(f"field {i} is too long ({len(name)}/{len(value)})")
    footer = (data.get("footer") or {}).get("text") or ""
    author = (data.get("author") or {}).get("name") or ""
    total += len(footer) + len(author)
    if len(footer) > EMBED["footer"] or len(author) > EMBED["author"]:
        problems.append("footer or author too long")
    if total > EMBED["total"]:
        problems.append(f"embed totals {total} characters")
    return problems


def component_problems(components: list[dict[str, Any]]) -> list[str]:
    """Problems in message components (action rows of buttons)."""
    problems = []
    if len(components) > ROWS:
        problems.append(f"{len(components)} rows")
    for row in components:
        buttons = row.get("components") or []
        if len(buttons) > BUTTONS_PER_ROW:
            problems.append(f"{len(buttons)} buttons in a row")
        for button in buttons:
            custom_id = button.get("custom_id") or ""
            if not 1 <= len(custom_id) <= CUSTOM_ID:
                problems.append(f"custom_id of {len(custom_id)} characters")
            if len(button.get("label") or "") > BUTTON_LABEL:
                problems.append("button label too long")
    return problems


def live_mentions(text: str) -> list[str]:
    """Mentions that would render as pings if allowed: @everyone, @here, <@id>, <@&id>."""
    return re.findall(r"@everyone|@here|<@[!&]?\d+>", text)
