"""Regrade bookkeeping over a real store: dry run, --apply, points, verdict moves, removed questions.

The grader here is a stand-in "new rubric" (a fixed score per reply), so the expected numbers are
exact; test_ops_regrade_cli.py runs the command with the real grader.
"""

from __future__ import annotations

import io
from collections import Counter

from ops_support import ALICE, record, seed_study_record, write_pack

from bot.cli.regrade import ProgressBar, regrade
from bot.content.loader import load_bank
from bot.core.models import Grade, Period, Platform, Question, Thresholds
from bot.store import open_store

# Stored scores (seed): 1 alice .9, 2 bob .1, 3 alice .5, 4 bob .8, 5 bob .0 (C2), 6 alice practice .5,
# 7 alice .95 (streak 3: +1 bonus), 8 carol .0
NEW_SCORES = {
    "Dropout randomly zeroes activations, which reduces overfitting.": 0.9,  # unchanged
    "it makes the model smaller": 0.4,  # incorrect -> partial
    "cheap to compute": 0.8,  # partial -> correct
    "it does not saturate, cheap": 0.8,  # unchanged
    "practice: drops neurons at random": 0.9,  # practice: partial -> correct, still 0 points
    "randomly drops units to regularize": 0.7,  # correct -> partial, keeps its streak bonus
}


def new_rubric(question: Question, text: str) -> Grade:
    score = NEW_SCORES.get(text, 0.0)
    return Grade(score, Thresholds().verdict(score), (), (), grader_version="rubric-2")


async def seeded(tmp_path):
    store = await open_store(tmp_path / "studybot.db")
    await seed_study_record(store)
    return store, load_bank([write_pack(tmp_path / "content")])


async def stored(store) -> dict[int, tuple]:
    return {r.id: (r.score, r.verdict, r.points, r.grader_version) async for r in store.iter_answers()}


async def test_dry_run_counts_verdict_moves_and_writes_nothing(tmp_path):
    store, bank = await seeded(tmp_path)
    try:
        before = await stored(store)
        summary = await regrade(store, bank, new_rubric, "rubric-2", apply=False)
        assert await stored(store) == before
    finally:
        await store.close()
    assert (summary.answers, summary.changed, summary.written) == (8, 4, 0)
    assert dict(summary.verdicts) == {
        ("incorrect", "partial"): 1, ("partial", "correct"): 2, ("correct", "partial"): 1,
    }
    # bob +6 (0 -> 6: incorrect earned nothing), alice day 2 +3 (5 -> 8), alice day 3 -3 (15 -> 11 + bonus)
    assert summary.points_delta == 6
    lines = summary.lines(applied=False)
    assert lines[0] == "Re-graded 8 answer(s) with grader rubric-2 (dry run, nothing written)."
    assert "    partial -> correct   2" in lines
    assert lines[-1] == "Run again with --apply to store these changes."


async def test_apply_updates_scores_points_and_the_leaderboard(tmp_path):
    store, bank = await seeded(tmp_path)
    try:
        summary = await regrade(store, bank, new_rubric, "rubric-2", apply=True)
        after = await stored(store)
        board = await store.leaderboard((Platform.SLACK, "T1"), Period.ALL, None, None, None)
    finally:
        await store.close()
    assert summary.written == 8  # every answer now records the grader that scored it
    assert after[2] == (0.4, "partial", 6, "rubric-2")
    assert after[3] == (0.8, "correct", 8, "rubric-2")
    assert after[6] == (0.9, "correct", 0, "rubric-2"), "practice stays at 0 points"
    assert after[7] == (0.7, "partial", 12, "rubric-2"), "the streak bonus is kept"
    assert after[1] == (0.9, "correct", 14, "rubric-2")
    points = {row.member.name: (row.points, row.correct) for row in board.rows}
    assert points == {"alice": (14 + 8 + 12, 2), "bob": (6 + 8 + 0, 1), "=carol": (0, 0)}


async def test_a_second_regrade_with_the_same_rubric_changes_nothing(tmp_path):
    store, bank = await seeded(tmp_path)
    try:
        await regrade(store, bank, new_rubric, "rubric-2", apply=True)
        again = await regrade(store, bank, new_rubric, "rubric-2", apply=True)
    finally:
        await store.close()
    assert (again.changed, again.written, sum(again.verdicts.values()), again.points_delta) == (0, 0, 0, 0)


async def test_answers_to_questions_gone_from_the_content_are_left_alone(tmp_path):
    store, _ = await seeded(tmp_path)
    pack = (tmp_path / "content" / "ops-basics.yaml").read_text()
    without_relu = load_bank([write_pack(tmp_path / "without-relu", pack.split("  - id: ops-relu")[0])])
    try:
        await record(store, ALICE, None, "ops-relu", "cheap to compute", 0.5, await latest(store),
                     countable=False)
        before = await stored(store)
        summary = await regrade(store, without_relu, new_rubric, "rubric-2", True, question_id="ops-relu")
        assert await stored(store) == before
    finally:
        await store.close()
    assert summary.answers == 4 and dict(summary.missing) == {"ops-relu": 4}
    left = "Left alone: 4 answer(s) to questions no longer in the content: ops-relu (4)"
    assert left in summary.lines(True)


async def latest(store):
    return max([r.submitted_at async for r in store.iter_answers()])


def test_the_progress_bar_ends_full_on_its_own_line():
    out = io.StringIO()
    bar = ProgressBar(250, out, width=10)
    for done in range(1, 251):
        bar.update(done)
    bar.finish()
    text = out.getvalue()
    assert text.startswith("\r[..........]   1/250 answers")
    assert text.endswith("\r[##########] 250/250 answers\n")


async def test_the_report_lists_which_answers_changed_and_the_grader_before(tmp_path):
    store, bank = await seeded(tmp_path)
    try:
        summary = await regrade(store, bank, new_rubric, "rubric-2", apply=False)
    finally:
        await store.close()
    assert len(summary.changes) == summary.changed == 4
    moved = Counter((c.old_verdict, c.new_verdict) for c in summary.changes if c.old_verdict != c.new_verdict)
    assert moved == summary.verdicts
    lines = summary.lines(applied=False, show=2)
    listed = [line for line in lines if line.startswith("  #")]
    assert lines[lines.index(next(x for x in lines if x.startswith("Largest changes")))] == \
        "Largest changes (2 of 4):"
    assert len(listed) == 2
    biggest = max(summary.changes, key=lambda c: abs(c.new_score - c.old_score))
    assert listed[0].startswith(f"  #{biggest.answer_id} {biggest.question_id} ")
    assert f"{biggest.old_verdict} {biggest.old_score:.2f} -> {biggest.new_verdict} {biggest.new_score:.2f}" \
        in listed[0]
    assert any(line.startswith("Graded before by: ") for line in lines)
    assert not any(line.startswith("  #") for line in summary.lines(applied=False, show=0))
