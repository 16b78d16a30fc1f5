"""What makes a pack valid: the JSON Schema plus the rules a schema cannot express, as located problems."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from bot.content.type_checks import type_problems
from bot.content.yaml_lines import JsonPath, LineMap, format_path
from bot.core.errors import ContentError
from bot.core.textnorm import tokenise

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "content" / "schema" / "pack.schema.json"

ERROR, WARNING = "error", "warning"

_TYPE_NAMES = {"string": "text", "object": "a mapping of fields", "array": "a list",
               "number": "a number", "integer": "a whole number", "boolean": "true or false"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, located as `FILE:LINE: FIELD-PATH: message`.

    `level` is ERROR (the pack is refused, lint fails) or WARNING (printed as `warning: message`;
    the pack loads and lint passes).
    """

    file: str
    line: int
    field: str
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.level == WARNING else self.message
        if not self.line:  # about a path as a whole (missing file, empty directory)
            return f"{self.file}: {message}"
        return f"{self.file}:{self.line}: {self.field}: {message}"


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


def _texts(value: Any) -> list[tuple[int, str]]:
    """(index, phrasing) for each non-blank string of a phrasing list (the schema reports the rest)."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str) and v.strip()]


def _subjects(claim: dict) -> frozenset[str]:
    return frozenset(_normal(s) for _, s in _texts(claim.get("subject")))


def _shown(subjects: frozenset[str]) -> str:
    return " | ".join(sorted(subjects))


@dataclass(frozen=True)
class _Credit:
    """A phrasing that earns a key point: a bare phrase (no subjects) or a claim property."""

    point: int
    path: JsonPath
    phrase: str
    subjects: frozenset[str] | None  # None: a bare phrase, matched wherever it appears

    @property
    def kind(self) -> str:
        return "phrase" if self.subjects is None else "property"

    def clashes(self, other: _Credit) -> bool:
        """True when one clause stating this phrasing would also earn `other`."""
        return self.subjects is None or other.subjects is None or bool(self.subjects & other.subjects)


def _credits(q: dict, base: JsonPath) -> list[_Credit]:
    """Every phrasing of every key point, in file order: phrases first, then claim properties."""
    found: list[_Credit] = []
    for k, point in _dicts(q.get("key_points")):
        for p, phrase in _texts(point.get("phrases")):
            found.append(_Credit(k, (*base, "key_points", k, "phrases", p), phrase, None))
        for c, claim in _dicts(point.get("claims")):
            subjects = _subjects(claim)
            for p, phrase in _texts(claim.get("property")):
                path = (*base, "key_points", k, "claims", c, "property", p)
                found.append(_Credit(k, path, phrase, subjects))
    return found


def _phrasing_lists(q: dict, base: JsonPath) -> list[tuple[JsonPath, Any, bool]]:
    """Every list of claim or contrast phrasings: (path, list, True when it is a subject list)."""
    lists: list[tuple[JsonPath, Any, bool]] = []
    for section in ("key_points", "misconceptions"):
        for i, item in _dicts(q.get(section)):
            for c, claim in _dicts(item.get("claims")):
                path = (*base, section, i, "claims", c)
                lists += [((*path, "subject"), claim.get("subject"), True),
                          ((*path, "property"), claim.get("property"), False)]
    for c, contrast in _dicts(q.get("contrasts")):
        path = (*base, "contrasts", c)
        lists += [((*path, "property"), contrast.get("property"), False),
                  ((*path, "belongs_to"), contrast.get("belongs_to"), True),
                  ((*path, "not_to"), contrast.get("not_to"), True)]
    return lists


def _question_problems(q: dict, base: JsonPath, file: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: JsonPath, message: str) -> None:
        problems.append(Problem(file, lines.line(path), format_path(path), message))

    for path, value, subject in _phrasing_lists(q, base):
        seen: set[str] = set()
        for p, phrase in _texts(value):
            if not tokenise(phrase):
                what = "a subject (the thing the claim is about)" if subject else "what is asserted"
                add((*path, p), f"phrasing {phrase!r} has no words the grader can match; "
                                f"write {what} in words")
            elif _normal(phrase) in seen:
                add((*path, p), f"phrasing {phrase!r} is listed twice here; keep one")
            seen.add(_normal(phrase))

    credits = _credits(q, base)
    by_text: dict[str, list[_Credit]] = {}
    for credit in credits:
        earlier = by_text.setdefault(_normal(credit.phrase), [])
        same = next((e for e in earlier
                     if e.point == credit.point and e.kind == credit.kind == "phrase"), None)
        other = next((e for e in earlier if e.point != credit.point and e.clashes(credit)), None)
        if same is not None:
            add(credit.path, f"phrase {credit.phrase!r} is listed twice in this key point; keep one")
        elif other is not None:
            if credit.kind == other.kind == "phrase":
                add(credit.path, f"phrase {credit.phrase!r} is also a phrase of key_points[{other.point}]; "
                                 "a phrase may credit only one key point")
            else:
                where = ("a phrase" if other.kind == "phrase" else
                         "a claim property" if credit.kind == "phrase" else "a property of the same subject")
                add(credit.path, f"{credit.kind} {credit.phrase!r} is also {where} in "
                                 f"key_points[{other.point}]; a phrasing may credit only one key point, "
                                 "so move it to one of them or give the claims different subjects")
        earlier.append(credit)

    for m, wrong in _dicts(q.get("misconceptions")):
        for p, phrase in _texts(wrong.get("phrases")):
            right = by_text.get(_normal(phrase))
            if right:
                add((*base, "misconceptions", m, "phrases", p),
                    f"phrase {phrase!r} is also a {right[0].kind} of key_points[{right[0].point}]; "
                    "the same words cannot be both right and a misconception")
        for c, claim in _dicts(wrong.get("claims")):
            subjects = _subjects(claim)
            for p, phrase in _texts(claim.get("property")):
                right = [r for r in by_text.get(_normal(phrase), ()) if r.subjects and r.subjects & subjects]
                if right:
                    add((*base, "misconceptions", m, "claims", c, "property", p),
                        f"property {phrase!r} of {_shown(subjects & right[0].subjects)} is also what "
                        f"key_points[{right[0].point}] credits for that subject; the same claim cannot be "
                        "both right and a misconception: reword the wrong property or the subject")

    for c, contrast in _dicts(q.get("contrasts")):
        path = (*base, "contrasts", c)
        owners = {_normal(s) for _, s in _texts(contrast.get("belongs_to"))}
        wrong_owners = frozenset(_normal(s) for _, s in _texts(contrast.get("not_to")))
        for p, phrase in _texts(contrast.get("not_to")):
            if _normal(phrase) in owners:
                add((*path, "not_to", p), f"{phrase!r} is in both belongs_to and not_to; the property cannot "
                                          "belong and not belong to it: remove it from one list")
        for p, phrase in _texts(contrast.get("property")):
            right = [r for r in by_text.get(_normal(phrase), ()) if r.subjects and r.subjects & wrong_owners]
            if right:
                add((*path, "property", p),
                    f"property {phrase!r} is credited to {_shown(wrong_owners & right[0].subjects)} by "
                    f"key_points[{right[0].point}], but this contrast says it does not belong to it: "
                    "fix the key point's subject or the contrast's not_to")

    problems += [Problem(file, line, field, text) for line, field, text in type_problems(q, base, lines)]
    return problems


def _question_warnings(q: dict, base: JsonPath, file: str, lines: LineMap) -> list[Problem]:
    warnings: list[Problem] = []
    for k, point in _dicts(q.get("key_points")):
        if point.get("naming") is True:
            continue
        for p, phrase in _texts(point.get("phrases")):
            if sum(t.content for t in tokenise(phrase)) == 1:
                path = (*base, "key_points", k, "phrases", p)
                term = "is a bare term" if len(phrase.split()) == 1 else "has only one content word"
                warnings.append(Problem(file, lines.line(path), format_path(path),
                                        f"phrase {phrase!r} {term}, which earns nothing on its own: "
                                        "mark the point `naming: true` or make it a claim", WARNING))
    return warnings


def pack_warnings(data: Any, file: str, lines: LineMap) -> list[Problem]:
    """Things that load but grade poorly (`content lint` prints them; they never fail a load)."""
    if not isinstance(data, dict):
        return []
    return [w for i, q in _dicts(data.get("questions"))
            for w in _question_warnings(q, ("questions", i), file, lines)]


def pack_problems(data: Any, file: str, lines: LineMap) -> list[Problem]:
    """Rules the schema cannot express, within one pack: ids, phrasings, claims, contrasts, thresholds,
    choice options and short answers. Errors only; see `pack_warnings` for what loads but grades poorly."""
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
