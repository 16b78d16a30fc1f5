"""`studybot regrade`: rescore stored answers with the current grader; writes only with --apply."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.config import environment, parse_settings
from bot.content.loader import load_bank
from bot.core.errors import StudybotError
from bot.core.grading import GRADER_VERSION
from bot.core.models import ContentBank, Grade, Question
from bot.core.ports import AnswerRow, Store
from bot.core.question_types import grade_any
from bot.core.scoring import points as points_for
from bot.database_url import DatabaseTarget, parse_target
from bot.store import open_store
from bot.store.backends import require_existing

SCORE_EPSILON = 1e-9
SHOWN = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("regrade", help="rescore stored answers with the current grader (dry run by default)")
    p.add_argument("--db", help="SQLite file or postgresql:// URL (default $STUDYBOT_DB)")
    p.add_argument("--content", type=Path, help="content directory (default $STUDYBOT_CONTENT)")
    p.add_argument("--question", help="only answers to this question id")
    p.add_argument("--apply", action="store_true", help="store the new scores, verdicts and points")
    p.add_argument("--show", type=int, default=SHOWN, metavar="N",
                   help=f"list the N answers whose grade changed most (default {SHOWN}; 0 lists none)")
    p.set_defaults(func=run)


class ProgressBar:
    """`[#####.....]  512/1024 answers` on a stream, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self._last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // self.total if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done:>{len(str(self.total))}}/{self.total} answers")
        self.stream.flush()

    def finish(self) -> None:
        self.update(self.total)
        self.stream.write("\n")
        self.stream.flush()


@dataclass
class RegradeSummary:
    """What a regrade found (and, with --apply, wrote)."""

    grader_version: str = ""
    answers: int = 0
    changed: int = 0
    written: int = 0
    points_delta: int = 0
    verdicts: Counter[tuple[str, str]] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)  # graders that scored the answers before
    changes: list[Change] = field(default_factory=list)

    def lines(self, applied: bool, show: int = SHOWN) -> list[str]:
        """The report printed at the end, in words; `show` answers with the largest changes are listed."""
        mode = f"{self.written} answer(s) updated" if applied else "dry run, nothing written"
        out = [f"Re-graded {self.answers} answer(s) with grader {self.grader_version} ({mode})."]
        moved = sum(self.verdicts.values())
        out.append(f"Verdict changes: {moved}")
        for (old, new), n in sorted(self.verdicts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {old:>9} -> {new:<9} {n}")
        out.append(f"Score or points changed without a new verdict: {self.changed - moved}")
        out.append(f"Points change over counted answers: {self.points_delta:+d}")
        if self.missing:
            listed = ", ".join(f"{q} ({n})" for q, n in sorted(self.missing.items()))
            out.append(f"Left alone: {sum(self.missing.values())} answer(s) to questions no longer in the "
                       f"content: {listed}")
        if self.versions:
            out.append("Graded before by: " + ", ".join(
                f"{v or 'unknown'} ({n})" for v, n in sorted(self.versions.items())))
        if show > 0 and self.changes:
            order = sorted(self.changes, key=lambda c: (-abs(c.new_score - c.old_score), c.answer_id))
            biggest = order[:show]
            out.append(f"Largest changes ({len(biggest)} of {len(self.changes)}):")
            out += ["  " + c.line() for c in biggest]
        if not applied and self.changed:
            out.append("Run again with --apply to store these changes.")
        return out


@dataclass(frozen=True)
class Change:
    """One answer whose grade moved: before and after."""

    answer_id: int
    member: str
    question_id: str
    old_score: float
    old_verdict: str
    new_score: float
    new_verdict: str
    points_delta: int
    text: str

    def line(self) -> str:
        reply = " ".join(self.text.split())
        reply = reply if len(reply) <= 60 else reply[:59] + "…"
        return (f"#{self.answer_id} {self.question_id} {self.member}: {self.old_verdict} {self.old_score:.2f}"
                f" -> {self.new_verdict} {self.new_score:.2f} ({self.points_delta:+d} pts) \"{reply}\"")


def new_points(row: AnswerRow, question: Question, new_grade: Grade) -> int:
    """Points after regrading: practice stays 0; a counted answer keeps its streak bonus."""
    if not row.counted:
        return 0
    bonus = 1 if row.points - points_for(row.score, question.difficulty, 0) == 1 else 0
    return points_for(new_grade.score, question.difficulty, 3 if bonus else 0, new_grade.verdict)


async def regrade(
    store: Store,
    bank: ContentBank,
    grader: Callable[[Question, str], Grade],
    grader_version: str,
    apply: bool,
    question_id: str | None = None,
    progress: Callable[[int], ProgressBar] | None = None,
) -> RegradeSummary:
    """Rescore every stored answer (of one question when given); update changed ones when `apply`.

    `progress` builds a progress bar from the number of answers.
    """
    rows = [r async for r in store.iter_answers() if question_id is None or r.question_id == question_id]
    bar = progress(len(rows)) if progress else None
    summary = RegradeSummary(grader_version=grader_version, answers=len(rows))
    for done, row in enumerate(rows, start=1):
        question = bank.question(row.question_id)
        if question is None:
            summary.missing[row.question_id] += 1
        else:
            fresh = grader(question, row.text)
            verdict = str(fresh.verdict)
            pts = new_points(row, question, fresh)
            moved = abs(fresh.score - row.score) > SCORE_EPSILON
            changed = moved or verdict != row.verdict or pts != row.points
            summary.versions[row.grader_version] += 1
            if changed:
                summary.changes.append(Change(row.id, row.member.name or row.member.user_id, row.question_id,
                                              row.score, row.verdict, fresh.score, verdict, pts - row.points,
                                              row.text))
                summary.changed += 1
                summary.points_delta += pts - row.points
                if verdict != row.verdict:
                    summary.verdicts[(row.verdict, verdict)] += 1
            version = fresh.grader_version or grader_version
            if apply and (changed or row.grader_version != version):
                await store.update_answer_grade(row.id, fresh.score, verdict, pts, version)
                summary.written += 1
        if bar is not None:
            bar.update(done)
    if bar is not None:
        bar.finish()
    return summary


async def _run(db_path: DatabaseTarget, content_dir: Path, args: argparse.Namespace) -> RegradeSummary:
    bank = load_bank([content_dir])
    store = await open_store(db_path)
    try:
        return await regrade(store, bank, grade_any, GRADER_VERSION, args.apply, args.question,
                             progress=lambda total: ProgressBar(total, sys.stderr))
    finally:
        await store.close()


def run(args: argparse.Namespace) -> int:
    settings, _ = parse_settings(environment())
    try:
        db = require_existing(parse_target(args.db) if args.db else settings.database)
        summary = asyncio.run(_run(db, Path(args.content or settings.content_dir), args))
    except StudybotError as exc:
        problems = getattr(exc, "problems", [])
        print("\n".join([f"studybot regrade: {exc}", *problems]), file=sys.stderr)
        return 1
    print("\n".join(summary.lines(args.apply, max(0, args.show))))
    return 0
