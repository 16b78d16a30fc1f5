"""Turn a "Q1. ... / A. ..." interview document into a draft pack with difficulties and key points.

Drafted key points use the older `phrases` form (each a sentence or clause of the answer); turning
them into claims, and adding misconceptions, contrasts and examples, is the author's review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.core.models import Difficulty, KeyPoint

MAX_KEY_POINTS = 8  # the schema's limit per question
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

_QUESTION = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?Q(?:uestion)?\s*(\d{1,4})\s*[.):]\s*(.*?)(?:\*\*)?\s*$", re.I)
_ANSWER_PREFIX = re.compile(r"^\s*(?:A|Ans|Answer)\s*[.:]\s*", re.I)
_LEVEL = re.compile(
    r"^(?P<level>beginners?|basic|easy|intermediate|medium|advanced|expert|bonus)"
    r"(?:[\s-]+(?:level|questions?|section|round))*$", re.I)
_LEVELS = {"beginner": Difficulty.BEGINNER, "beginners": Difficulty.BEGINNER, "basic": Difficulty.BEGINNER,
           "easy": Difficulty.BEGINNER, "intermediate": Difficulty.INTERMEDIATE,
           "medium": Difficulty.INTERMEDIATE, "advanced": Difficulty.ADVANCED, "expert": Difficulty.ADVANCED,
           "bonus": Difficulty.BONUS}
_CLOSING = {"conclusion", "conclusions", "summary", "final thoughts", "closing thoughts", "references",
            "further reading", "wrapping up", "key takeaways", "frequently asked questions"}

Derive = Callable[[str, str], tuple[KeyPoint, ...]]


@dataclass
class SeedQuestion:
    """One question as found in the document."""

    number: int
    prompt: str
    difficulty: Difficulty
    answer_lines: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        """The answer text: trailing spaces gone, blank runs collapsed, the leading "A. " stripped."""
        lines = [line.rstrip() for line in self.answer_lines]
        if lines:
            lines[0] = _ANSWER_PREFIX.sub("", lines[0], count=1)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return text


def _heading(line: str) -> str:
    return line.strip().strip("#*").strip().rstrip(":").strip()


def parse_document(text: str) -> list[SeedQuestion]:
    """Questions in document order. Level headings set the difficulty of the questions after them."""
    questions: list[SeedQuestion] = []
    difficulty = Difficulty.BEGINNER
    current: SeedQuestion | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _QUESTION.match(line)
        if match and match.group(2).strip():
            current = SeedQuestion(int(match.group(1)), match.group(2).strip(), difficulty)
            questions.append(current)
            continue
        heading = _heading(line)
        level = _LEVEL.match(heading) if len(heading) <= 40 else None
        if level:
            difficulty = _LEVELS[level.group("level").lower()]
            current = None
        elif heading.lower() in _CLOSING:
            current = None
        elif current is not None:
            current.answer_lines.append(line)
    return questions


def question_ids(pack_id: str, questions: list[SeedQuestion]) -> list[str]:
    """`{pack_id}-NN` by the document's numbering; by position when numbers repeat."""
    numbers = [q.number for q in questions]
    if len(set(numbers)) != len(numbers):
        numbers = list(range(1, len(questions) + 1))
    width = max(2, len(str(max(numbers, default=1))))
    return [f"{pack_id}-{n:0{width}d}" for n in numbers]


def _norm(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def lint_ready(points: tuple[KeyPoint, ...]) -> list[dict[str, Any]]:
    """Key points as pack mappings that pass lint: unique non-blank phrases, weights > 0, at most 8."""
    taken: set[str] = set()
    out: list[dict[str, Any]] = []
    for point in points:
        phrases: list[str] = []
        for phrase in point.phrases:
            clean = " ".join(str(phrase).split())
            if clean and _norm(clean) not in taken:
                taken.add(_norm(clean))
                phrases.append(clean)
        text = " ".join(point.text.split())
        if not phrases or not text:
            continue
        weight = float(point.weight) if point.weight and point.weight > 0 else 1.0
        entry: dict[str, Any] = {"text": text, "phrases": phrases}
        if weight != 1.0:
            entry["weight"] = round(weight, 3)
        out.append(entry)
        if len(out) == MAX_KEY_POINTS:
            break
    return out


def build_pack(questions: list[SeedQuestion], pack_id: str, *, title: str, source: str,
               license_text: str, derive: Derive) -> dict[str, Any]:
    """The pack mapping for `questions` (each with an answer), key points drafted by `derive`."""
    items = []
    for qid, q in zip(question_ids(pack_id, questions), questions, strict=True):
        answer = q.answer
        item: dict[str, Any] = {"id": qid, "prompt": q.prompt, "difficulty": q.difficulty.value,
                                "answer": answer}
        points = lint_ready(derive(answer, q.prompt))
        if points:
            item["key_points"] = points
        items.append(item)
    return {"id": pack_id, "title": title, "version": "0.1.0", "language": "en", "license": license_text,
            "source": source, "questions": items}


class _PackDumper(yaml.SafeDumper):
    """Block style, multi-line text as literal blocks, keys in the order given, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 80:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    short = all(isinstance(v, str) and "\n" not in v for v in value) and sum(len(v) + 2 for v in value) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_PackDumper.add_representer(str, _str)
_PackDumper.add_representer(list, _list)


def dump_pack(data: dict[str, Any], header: str = "") -> str:
    """The pack as readable YAML (block style, unicode kept), with an optional comment header."""
    body = yaml.dump(data, Dumper=_PackDumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False, indent=2)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body
