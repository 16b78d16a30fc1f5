"""Load content packs from YAML into core models, reporting every problem with file, line and field."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.checks import Problem, pack_problems, schema_problems
from bot.content.type_checks import declared_type
from bot.content.yaml_lines import LineMap, parse_yaml
from bot.core.errors import ContentError
from bot.core.models import (
    Accepted,
    Claim,
    ContentBank,
    Contrast,
    Difficulty,
    Example,
    KeyPoint,
    Misconception,
    Option,
    Pack,
    Question,
    QuestionType,
    Thresholds,
)

PACK_SUFFIXES = (".yaml", ".yml")


@dataclass
class PackFile:
    """One pack file as read: its shown name, data, line map and the problems found in it alone."""

    path: Path
    name: str
    data: Any
    lines: LineMap
    problems: list[Problem]


def display_name(path: Path) -> str:
    """`path` relative to the working directory when it lies inside it, else as given."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def pack_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand directories to their *.yaml/*.yml files (not recursing); a missing path is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted((p for p in path.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file()),
                           key=lambda p: (p.stem, p.suffix))  # a pack before its extensions (x, x-quick)
            if not found:
                problems.append(Problem(display_name(path), 0, "",
                                        "no content packs (*.yaml or *.yml files) in this directory"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(display_name(path), 0, "",
                                    "no such file or directory; give a pack file or a directory of packs"))
    return files, problems


def read_pack_file(path: Path) -> PackFile:
    """Parse and check one pack file on its own (schema and in-pack rules)."""
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(name, 1, "(file)", f"is not UTF-8 text ({exc.reason}); save it as UTF-8")
        return PackFile(path, name, None, LineMap(), [problem])
    except OSError as exc:
        problem = Problem(name, 0, "", f"cannot be read: {exc.strerror}")
        return PackFile(path, name, None, LineMap(), [problem])
    return _check(path, name, text)


def _check(path: Path, name: str, text: str) -> PackFile:
    parsed = parse_yaml(text)
    problems = [Problem(name, line, field, message) for line, field, message in parsed.problems]
    if parsed.data is None and not problems:
        problems.append(Problem(name, 1, "(pack)", "the file is empty; a pack needs id, title, version, "
                                                   "license, source and questions"))
    elif parsed.data is not None:
        problems += schema_problems(parsed.data, name, parsed.lines)
        problems += pack_problems(parsed.data, name, parsed.lines)
    return PackFile(path, name, parsed.data, parsed.lines, problems)


def check_pack_text(text: str, name: str) -> list[Problem]:
    """Every problem of one pack given as YAML text (`name` labels the problems)."""
    return sorted(_check(Path(name), name, text).problems)


def _cross_pack_problems(files: list[PackFile]) -> list[Problem]:
    """Pack ids and question ids must be unique across every pack of the bank."""
    problems: list[Problem] = []
    pack_ids: dict[str, str] = {}
    question_ids: dict[str, str] = {}
    for f in files:
        if not isinstance(f.data, dict):
            continue
        pid = f.data.get("id")
        if isinstance(pid, str):
            where = f"{f.name}:{f.lines.line(('id',))}"
            if pid in pack_ids:
                problems.append(Problem(f.name, f.lines.line(("id",)), "id",
                                        f"pack id '{pid}' is already used by {pack_ids[pid]}"))
            else:
                pack_ids[pid] = where
        questions = f.data.get("questions")
        mine: dict[str, str] = {}
        for i, q in enumerate(questions if isinstance(questions, list) else []):
            qid = q.get("id") if isinstance(q, dict) else None
            if not isinstance(qid, str):
                continue
            path = ("questions", i, "id")
            if qid in question_ids:
                problems.append(Problem(f.name, f.lines.line(path), f"questions[{i}].id",
                                        f"question id '{qid}' is already used in {question_ids[qid]}"))
            mine.setdefault(qid, f"{f.name}:{f.lines.line(path)}")
        for qid, where in mine.items():
            question_ids.setdefault(qid, where)
    return problems


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in value or ())


def _thresholds(value: Any) -> Thresholds:
    default = Thresholds()
    if not isinstance(value, dict):
        return default
    return Thresholds(correct=float(value.get("correct", default.correct)),
                      partial=float(value.get("partial", default.partial)))


def _claims(value: Any) -> tuple[Claim, ...]:
    return tuple(Claim(subject=_strings(c["subject"]), property=_strings(c["property"])) for c in value or ())


def _options(value: Any) -> tuple[Option, ...]:
    return tuple(Option(text=str(o["text"]).strip(), correct=bool(o.get("correct", False)),
                        explanation=str(o.get("explanation", "")).strip()) for o in value or ())


def _accepted(value: Any) -> tuple[Accepted, ...]:
    return tuple(Accepted(text=str(a["text"]).strip(), aliases=_strings(a.get("aliases")),
                          number=float(a["number"]) if a.get("number") is not None else None,
                          tolerance=float(a.get("tolerance", 0.0))) for a in value or ())


def _question(q: dict, index: int, pack_id: str, thresholds: Thresholds, lines: LineMap | None,
              language: str = "en") -> Question:
    def line(*path: Any) -> int:
        return lines.line(("questions", index, *path)) if lines is not None else 0

    return Question(
        id=q["id"],
        prompt=q["prompt"].strip(),
        difficulty=Difficulty(q["difficulty"]),
        answer=q["answer"].strip(),
        topics=_strings(q.get("topics")),
        key_points=tuple(KeyPoint(text=k["text"].strip(), phrases=_strings(k.get("phrases")),
                                  weight=float(k.get("weight", 1.0)), claims=_claims(k.get("claims")),
                                  naming=bool(k.get("naming", False)))
                         for k in q.get("key_points") or ()),
        misconceptions=tuple(Misconception(text=m["text"].strip(), phrases=_strings(m.get("phrases")),
                                           claims=_claims(m.get("claims")), core=bool(m.get("core", True)))
                             for m in q.get("misconceptions") or ()),
        contrasts=tuple(Contrast(text=c["text"].strip(), property=_strings(c["property"]),
                                 belongs_to=_strings(c["belongs_to"]), not_to=_strings(c["not_to"]))
                        for c in q.get("contrasts") or ()),
        examples=tuple(Example(reply=e["reply"], verdict=e["verdict"], line=line("examples", n, "reply"))
                       for n, e in enumerate(q.get("examples") or ())),
        hints=_strings(q.get("hints")),
        kind=QuestionType(declared_type(q)),
        pack_id=pack_id,
        thresholds=thresholds,
        options=_options(q.get("options")),
        accepted=_accepted(q.get("accepted")),
        language=language,
    )


def to_pack(data: dict, lines: LineMap | None = None) -> Pack:
    """Convert a validated pack mapping into the frozen core model (`lines` places its examples)."""
    thresholds = _thresholds(data.get("thresholds"))
    language = str(data.get("language") or "en").lower()
    questions = tuple(_question(q, i, data["id"], thresholds, lines, language)
                      for i, q in enumerate(data["questions"]))
    return Pack(id=data["id"], title=data["title"].strip(), version=str(data["version"]),
                license=data["license"].strip(), source=data["source"].strip(),
                questions=questions, thresholds=thresholds, language=language)


def _raise_if(problems: list[Problem]) -> None:
    if not problems:
        return
    problems = sorted(problems)
    files = len({p.file for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    raise ContentError(f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}",
                       [str(p) for p in problems])


def load_pack(path: Path | str) -> Pack:
    """Load one pack file. Raises ContentError listing every problem as `FILE:LINE: FIELD: message`."""
    files, problems = pack_paths([Path(path)])
    if Path(path).is_dir():
        problems.append(Problem(display_name(Path(path)), 0, "", "is a directory; load_pack needs one file"))
        _raise_if(problems)
    read = [read_pack_file(f) for f in files]
    _raise_if(problems + [p for f in read for p in f.problems])
    return to_pack(read[0].data, read[0].lines)


def load_bank(paths: Iterable[Path | str]) -> ContentBank:
    """Load every pack under `paths` (files, or directories of *.yaml/*.yml) into one ContentBank.

    Raises ContentError listing every problem in every file, including ids duplicated across packs.
    """
    files, problems = pack_paths(Path(p) for p in paths)
    read = [read_pack_file(f) for f in files]
    problems += [p for f in read for p in f.problems]
    problems += _cross_pack_problems(read)
    _raise_if(problems)
    return ContentBank(packs=tuple(to_pack(f.data, f.lines) for f in read))
