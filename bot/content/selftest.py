"""Lint packs and grade their `examples:` (rubric self-tests) with the real grader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.checks import ERROR, WARNING, Problem, pack_warnings
from bot.content.loader import PackFile, _cross_pack_problems, pack_paths, read_pack_file, to_pack
from bot.content.yaml_lines import format_path
from bot.core.models import Pack, Question, QuestionType
from bot.core.question_types import grade_any


@dataclass(frozen=True)
class ExampleRun:
    """One example graded: what its pack says the verdict is, what the grader gave."""

    file: str
    line: int
    question_id: str
    index: int  # position of the question in its pack
    number: int  # position of the example in its question
    reply: str
    expected: str
    got: str
    score: float
    error: str = ""  # the grader's exception, when it raised

    @property
    def passed(self) -> bool:
        return not self.error and self.got == self.expected

    @property
    def field(self) -> str:
        return format_path(("questions", self.index, "examples", self.number))

    def problem(self) -> Problem:
        """This run as a lint problem (only meaningful when it did not pass)."""
        if self.error:
            message = (f"the grader failed on this example ({self.error}); report it with the reply, "
                       "and meanwhile reword or remove the example")
        else:
            message = (f"expected {self.expected}, graded {self.got} ({self.score:.2f}); change the rubric, "
                       "or the verdict if the example is wrong")
        return Problem(self.file, self.line, self.field, message)


@dataclass(frozen=True)
class QuestionRuns:
    """The examples of one question and how each was graded."""

    pack_id: str
    file: str
    question_id: str
    runs: tuple[ExampleRun, ...]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.runs)

    @property
    def failures(self) -> tuple[ExampleRun, ...]:
        return tuple(r for r in self.runs if not r.passed)


@dataclass
class LintReport:
    """Everything `content lint` found: problems (errors and warnings), counts, graded examples."""

    problems: list[Problem] = field(default_factory=list)  # every problem, mismatches included, sorted
    mismatches: list[Problem] = field(default_factory=list)  # examples graded other than their verdict
    packs: list[Pack] = field(default_factory=list)
    questions: list[QuestionRuns] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def load_errors(self) -> list[Problem]:
        """Errors that keep a pack from loading (everything but example mismatches)."""
        return [p for p in self.errors if p not in self.mismatches]

    @property
    def runs(self) -> list[ExampleRun]:
        return [r for q in self.questions for r in q.runs]


def grade_examples(question: Question, index: int, file: str) -> QuestionRuns:
    """Grade every example of `question` (the `index`-th question of the pack written in `file`)."""
    runs = []
    for number, example in enumerate(question.examples):
        try:
            result = grade_any(question, example.reply)
            got, score, error = result.verdict.value, result.score, ""
        except Exception as exc:  # the grader must never raise; a lint run reports it rather than dying
            got, score, error = "", 0.0, f"{type(exc).__name__}: {exc}"
        runs.append(ExampleRun(file, example.line, question.id, index, number, example.reply,
                               example.verdict, got, score, error))
    return QuestionRuns(question.pack_id, file, question.id, tuple(runs))


def _loaded(f: PackFile) -> Pack | None:
    """The pack of a file without errors, else None (a broken pack cannot be graded)."""
    if any(p.level == ERROR for p in f.problems) or not isinstance(f.data, dict):
        return None
    return to_pack(f.data, f.lines)


def lint(paths: Iterable[Path], *, warnings: bool = True, examples: bool = True) -> LintReport:
    """Check every pack under `paths`: schema, in-pack and cross-pack rules, warnings, examples.

    A pack with errors is not graded; every other pack's examples are, and each mismatch is an error.
    """
    files, problems = pack_paths(paths)
    read = [read_pack_file(f) for f in files]
    report = LintReport(problems)
    report.problems += [p for f in read for p in f.problems]
    report.problems += _cross_pack_problems(read)
    for f in read:
        if warnings:
            report.problems += pack_warnings(f.data, f.name, f.lines)
        pack = _loaded(f)
        if pack is None:
            continue
        report.packs.append(pack)
        if examples:
            report.questions += [grade_examples(q, i, f.name) for i, q in enumerate(pack.questions)
                                 if q.examples or q.kind == QuestionType.FREE]  # choice/short: optional
    report.mismatches = [r.problem() for r in report.runs if not r.passed]
    report.problems += report.mismatches
    report.problems.sort()
    return report
