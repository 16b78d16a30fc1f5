"""What makes a pack valid: the JSON Schema plus the rules a schema cannot express, as located problems."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from bot.content.yaml_lines import JsonPath, LineMap, format_path
from bot.core.errors import ContentError

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "content" / "schema" / "pack.schema.json"

_TYPE_NAMES = {"string": "text", "object": "a mapping of fields", "array": "a list",
               "number": "a number", "integer": "a whole number", "boolean": "true or false"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, located as `FILE:LINE: FIELD-PATH: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.line:  # about a path as a whole (missing file, empty directory)
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    """The compiled pack schema validator (built once per process)."""
    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(f"the pack schema {SCHEMA_PATH} cannot be read ({exc.strerror}); "
                           "reinstall studybot from its source tree") from exc
    return Draft202012Validator(schema)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _message(error: ValidationError) -> str:
    """jsonschema's error in words a pack author can act on."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "enum":
        return f"{value!r} is not one of {', '.join(str(v) for v in expected)}"
    if kind == "required":
        match = re.match(r"'([^']+)' is a required property", error.message)
        name = match.group(1) if match else error.message
        return f"missing required field '{name}'"
    if kind == "type":
        want = _TYPE_NAMES.get(expected, str(expected))
        hint = "; put it in quotes" if expected == "string" and isinstance(value, int | float) else ""
        return f"expected {want}, got {_describe(value)}{hint}"
    if kind == "pattern":
        if expected == "\\S":
            return "must not be empty or only whitespace"
        return f"{value!r} must be lowercase letters, digits and dashes, starting with a letter or digit"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"is {len(value)} characters long; at most {expected} allowed"
    if kind == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if kind == "maxItems":
        return f"has {len(value)} items; at most {expected} allowed"
    if kind == "exclusiveMinimum":
        return f"must be greater than {expected}, got {value}"
    if kind == "minimum":
        return f"must be at least {expected}, got {value}"
    if kind in ("maximum", "exclusiveMaximum"):
        word = "at most" if kind == "maximum" else "less than"
        return f"must be {word} {expected}, got {value}"
    return error.message


def schema_problems(data: Any, file: str, lines: LineMap) -> list[Problem]:
    """Every schema violation in `data`, one problem each (unknown fields one per field)."""
    problems: list[Problem] = []
    for error in validator().iter_errors(data):
        path: JsonPath = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    child = (*path, key)
                    problems.append(Problem(file, lines.key_line(child), format_path(child),
                                            f"unknown field '{key}'; allowed: {', '.join(allowed)}"))
            continue
        problems.append(Problem(file, lines.line(path), format_path(path), _message(error)))
    return problems


def _normal(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def _dicts(value: Any) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _question_problems(q: dict, base: JsonPath, file: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: JsonPath, message: str) -> None:
        problems.append(Problem(file, lines.line(path), format_path(path), message))

    owner: dict[str, tuple[int, str]] = {}  # normalised phrase -> (key point index, as written)
    for k, point in _dicts(q.get("key_points")):
        phrases = point.get("phrases")
        if not isinstance(phrases, list):
            continue
        for p, phrase in enumerate(phrases):
            if not isinstance(phrase, str) or not phrase.strip():
                continue
            norm = _normal(phrase)
            path = (*base, "key_points", k, "phrases", p)
            if norm not in owner:
                owner[norm] = (k, phrase)
            elif owner[norm][0] == k:
                add(path, f"phrase {phrase!r} is listed twice in this key point; keep one")
            else:
                add(path, f"phrase {phrase!r} is also a phrase of key_points[{owner[norm][0]}]; "
                          "a phrase may credit only one key point")
    for m, wrong in _dicts(q.get("misconceptions")):
        phrases = wrong.get("phrases")
        for p, phrase in enumerate(phrases if isinstance(phrases, list) else []):
            if isinstance(phrase, str) and _normal(phrase) in owner:
                add((*base, "misconceptions", m, "phrases", p),
                    f"phrase {phrase!r} is also a phrase of key_points[{owner[_normal(phrase)][0]}]; "
                    "the same words cannot be both right and a misconception")
    if q.get("kind") == "choice" and isinstance(q.get("options"), list):
        index = q.get("correct_option")
        if isinstance(index, int) and not isinstance(index, bool) and index >= len(q["options"]):
            add((*base, "correct_option"),
                f"is {index} but there are only {len(q['options'])} options (counted from 0)")
    return problems


def pack_problems(data: Any, file: str, lines: LineMap) -> list[Problem]:
    """Rules the schema cannot express, within one pack: ids, phrases, thresholds, choice indexes."""
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    thresholds = data.get("thresholds")
    if isinstance(thresholds, dict):
        correct, partial = thresholds.get("correct", 0.75), thresholds.get("partial", 0.35)
        if isinstance(correct, int | float) and isinstance(partial, int | float) and partial >= correct:
            path = ("thresholds", "partial")
            problems.append(Problem(file, lines.line(path), format_path(path),
                                    f"partial ({partial}) must be below correct ({correct})"))
    seen: dict[str, int] = {}
    for i, q in _dicts(data.get("questions")):
        qid = q.get("id")
        if isinstance(qid, str):
            path = ("questions", i, "id")
            if qid in seen:
                problems.append(Problem(file, lines.line(path), format_path(path),
                                        f"duplicate question id '{qid}' (first used on line {seen[qid]})"))
            else:
                seen[qid] = lines.line(path)
        problems += _question_problems(q, ("questions", i), file, lines)
    return problems
