"""Rules for choice and short questions that the schema cannot express, as located problems."""

from __future__ import annotations

from typing import Any

from bot.content.yaml_lines import JsonPath, LineMap, format_path
from bot.core.short_answers import normal

OLD_KINDS = {"open": "free"}
RUBRIC_FIELDS = ("key_points", "misconceptions", "contrasts")


def _kind(q: dict) -> str | None:
    kind = q.get("kind")
    return OLD_KINDS.get(kind, kind) if isinstance(kind, str) else None


def declared_type(q: dict) -> str:
    """A question's type from `type:` or the older `kind:` (`open` = free; free when neither is given)."""
    given = q.get("type")
    return given if isinstance(given, str) else _kind(q) or "free"


def type_problems(q: dict, base: JsonPath, lines: LineMap) -> list[tuple[int, str, str]]:
    """(line, field, message) for each problem of a question's type and its options or accepted answers."""
    problems: list[tuple[int, str, str]] = []

    def add(path: JsonPath, message: str) -> None:
        full = (*base, *path)
        problems.append((lines.line(full), format_path(full), message))

    given = q.get("type")
    kind = _kind(q)
    if isinstance(given, str) and kind and given != kind:
        add(("kind",), f"says {q['kind']!r} but type says {given!r}; keep type and remove kind")
    qtype = declared_type(q)
    if qtype != "choice" and "options" in q:
        add(
            ("options",),
            f"is only for type: choice, and this question is {qtype}; set `type: choice` "
            "or remove the options",
        )
    if qtype != "short" and "accepted" in q:
        add(
            ("accepted",),
            f"is only for type: short, and this question is {qtype}; set `type: short` "
            "or remove the accepted answers",
        )
    if qtype in ("choice", "short"):
        how = "by its options" if qtype == "choice" else "against its accepted answers"
        for name in RUBRIC_FIELDS:
            if q.get(name):
                add((name,), f"a {qtype} question is graded {how}, not by a rubric; remove {name}")
    if qtype == "choice" and isinstance(q.get("options"), list):
        problems += _option_problems(q["options"], base, lines)
    if qtype == "short" and isinstance(q.get("accepted"), list):
        problems += _accepted_problems(q["accepted"], base, lines)
    return problems


def _option_problems(options: list[Any], base: JsonPath, lines: LineMap) -> list[tuple[int, str, str]]:
    problems: list[tuple[int, str, str]] = []
    valid = [(n, o) for n, o in enumerate(options) if isinstance(o, dict) and isinstance(o.get("text"), str)]
    right = [n for n, o in valid if o.get("correct") is True]
    path = (*base, "options")
    if valid and not right:
        problems.append(
            (
                lines.line(path),
                format_path(path),
                "no option is marked `correct: true`; mark the right option (or options)",
            )
        )
    if valid and len(right) == len(options) >= 2:
        problems.append(
            (
                lines.line(path),
                format_path(path),
                "every option is marked correct; a choice question needs at least one wrong option",
            )
        )
    seen: dict[str, int] = {}
    for n, option in valid:
        key = " ".join(option["text"].lower().split())
        if key in seen:
            where = (*path, n, "text")
            problems.append(
                (
                    lines.line(where),
                    format_path(where),
                    f"option {option['text']!r} is the same as options[{seen[key]}]; "
                    "each option needs its own text",
                )
            )
        seen.setdefault(key, n)
    return problems


def _accepted_problems(accepted: list[Any], base: JsonPath, lines: LineMap) -> list[tuple[int, str, str]]:
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(accepted):
        if not isinstance(entry, dict):
            continue
        where = (*base, "accepted", n)
        if "tolerance" in entry and entry.get("number") is None:
            path = (*where, "tolerance")
            problems.append(
                (
                    lines.line(path),
                    format_path(path),
                    "a tolerance needs a number; add `number:` or remove the tolerance",
                )
            )
        texts = [("text", entry.get("text"))]
        texts += [(("aliases", a), alias) for a, alias in enumerate(entry.get("aliases") or [])]
        for field, text in texts:
            if not isinstance(text, str):
                continue
            path = (*where, *(field if isinstance(field, tuple) else (field,)))
            key = normal(text)
            if not key and entry.get("number") is None:
                problems.append(
                    (
                        lines.line(path),
                        format_path(path),
                        f"{text!r} has no letters or digits to match; write the answer in words",
                    )
                )
            elif key in seen and seen[key] != n:
                problems.append(
                    (
                        lines.line(path),
                        format_path(path),
                        f"{text!r} is also accepted in accepted[{seen[key]}]; list it once",
                    )
                )
            elif key:
                seen.setdefault(key, n)
    return problems
