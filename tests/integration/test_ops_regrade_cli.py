"""`studybot regrade` over a real database and real content, with the real grader."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from ops_support import clean_environment, seed_study_record, write_pack

from bot.cli import main
from bot.content.loader import load_bank
from bot.core.grading import GRADER_VERSION, grade
from bot.core.models import Period, Platform
from bot.store import open_store


async def snapshot(db) -> dict[int, tuple]:
    store = await open_store(db)
    try:
        return {r.id: (r.score, r.verdict, r.points, r.grader_version) async for r in store.iter_answers()}
    finally:
        await store.close()


async def board_points(db) -> dict[str, int]:
    store = await open_store(db)
    try:
        board = await store.leaderboard((Platform.SLACK, "T1"), Period.ALL, None, None, None)
        return {row.member.name: row.points for row in board.rows}
    finally:
        await store.close()


@pytest.fixture
def installation(db_target, tmp_path, monkeypatch):
    """The seeded study record (graded by a made-up old grader) and the pack it was asked from, in a
    SQLite file or on PostgreSQL (`db_target`): the same command runs on both."""
    db = db_target
    content = write_pack(tmp_path / "content")

    async def seed() -> None:
        store = await open_store(db)
        try:
            await seed_study_record(store)
        finally:
            await store.close()

    asyncio.run(seed())
    clean_environment(monkeypatch, tmp_path, STUDYBOT_DB=str(db), STUDYBOT_CONTENT=str(content))
    return db, content


async def expected_changes(db, content) -> tuple[Counter, dict[int, tuple[float, str]]]:
    """What the current grader says about each stored answer: verdict moves, and (score, verdict) by id."""
    bank = load_bank([content])
    store = await open_store(db)
    moves: Counter = Counter()
    fresh_by_id: dict[int, tuple[float, str]] = {}
    try:
        async for row in store.iter_answers():
            fresh = grade(bank.question(row.question_id), row.text)
            if str(fresh.verdict) != row.verdict:
                moves[(row.verdict, str(fresh.verdict))] += 1
            fresh_by_id[row.id] = (fresh.score, str(fresh.verdict))
    finally:
        await store.close()
    return moves, fresh_by_id


def test_dry_run_reports_verdict_changes_and_writes_nothing(installation, capsys):
    db, content = installation
    before = asyncio.run(snapshot(db))
    moves, _ = asyncio.run(expected_changes(db, content))
    assert main(["regrade"]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out[0] == f"Re-graded 8 answer(s) with grader {GRADER_VERSION} (dry run, nothing written)."
    assert out[1] == f"Verdict changes: {sum(moves.values())}"
    for (old, new), n in moves.items():
        assert f"  {old:>9} -> {new:<9} {n}" in out
    assert "8/8 answers" in captured.err and "[" in captured.err  # the progress bar
    assert asyncio.run(snapshot(db)) == before


def test_apply_stores_new_grades_and_moves_the_leaderboard(installation, capsys):
    db, content = installation
    _, fresh = asyncio.run(expected_changes(db, content))
    assert main(["regrade", "--apply"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"Re-graded 8 answer(s) with grader {GRADER_VERSION} (8 answer(s) updated)."
    after = asyncio.run(snapshot(db))
    assert {version for *_, version in after.values()} == {GRADER_VERSION}
    assert {i: (score, verdict) for i, (score, verdict, _, _) in after.items()} == fresh
    assert after[6][2] == 0, "practice earns no points after regrading either"
    counted_points = sum(p for i, (_, _, p, _) in after.items() if i != 6)
    assert sum(asyncio.run(board_points(db)).values()) == counted_points
    # a second run finds nothing left to change
    assert main(["regrade"]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[1] == "Verdict changes: 0" and "Score or points changed without a new verdict: 0" in again


def test_answers_to_removed_questions_are_left_alone_and_counted(installation, tmp_path, capsys):
    db, _ = installation
    pack = (tmp_path / "content" / "ops-basics.yaml").read_text()
    without_relu = write_pack(tmp_path / "without-relu", text=pack.split("  - id: ops-relu")[0])
    before = asyncio.run(snapshot(db))
    assert main(["regrade", "--apply", "--content", str(without_relu), "--question", "ops-relu"]) == 0
    out = capsys.readouterr().out
    assert "Re-graded 3 answer(s)" in out
    assert "Left alone: 3 answer(s) to questions no longer in the content: ops-relu (3)" in out
    assert asyncio.run(snapshot(db)) == before


def test_regrade_with_broken_content_stops_before_touching_anything(installation, tmp_path, capsys):
    db, _ = installation
    broken = write_pack(tmp_path / "broken", text="id: ops-basics\nquestions: nope\n")
    before = asyncio.run(snapshot(db))
    assert main(["regrade", "--apply", "--content", str(broken)]) == 1
    assert "ops-basics.yaml" in capsys.readouterr().err
    assert asyncio.run(snapshot(db)) == before
