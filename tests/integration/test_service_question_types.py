"""Question types and fair points on a real database: picks, short answers, refusals, the reveal, packs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rounds_support import ADMIN, CHANNEL, MEMBER, RecordingPlatform

from bot.cli.regrade import regrade
from bot.content.loader import load_bank
from bot.core.clocks import SimulatedClock
from bot.core.errors import NonAnswer
from bot.core.grading import GRADER_VERSION
from bot.core.models import MemberRef, Period, Platform, Verdict
from bot.core.question_types import grade_any
from bot.core.service import StudyService
from bot.store import open_store

ROOT = Path(__file__).resolve().parents[2]
TYPES = ROOT / "tests" / "fixtures" / "content" / "types"
BEA = MemberRef(Platform.CONSOLE, "local", "bea", "bea")
CY = MemberRef(Platform.CONSOLE, "local", "cy", "cy")


async def service_on(tmp_path: Path, content: Path, packs: str) -> tuple[StudyService, RecordingPlatform]:
    store = await open_store(tmp_path / "study.db")
    clock = SimulatedClock(datetime.fromisoformat("2026-03-02T09:00+00:00"))
    service = StudyService(store, load_bank([content]), clock, default_tz="UTC", grace=timedelta(hours=6))
    platform = RecordingPlatform()
    service.register_messenger(platform)
    await service.setup(
        CHANNEL, ADMIN, {"time": "09:00", "days": "daily", "packs": packs, "order": "sequential"}
    )
    return service, platform


async def test_a_non_answer_is_refused_stores_nothing_and_keeps_the_attempt(tmp_path):
    service, _ = await service_on(tmp_path, TYPES, "types")
    round_ = await service.post_now(CHANNEL, ADMIN)
    for reply in ("idk", "no idea", "7"):
        with pytest.raises(NonAnswer, match="No attempt used"):
            await service.submit_answer(MEMBER, round_.id, reply)
    assert await service.store.answer_count(round_.id) == 0
    assert [row async for row in service.store.iter_answers()] == []
    counted = await service.submit_answer(MEMBER, round_.id, "2")
    assert counted.counted and counted.grade.verdict == Verdict.CORRECT and counted.points == 10
    await service.store.close()


async def test_an_incorrect_pick_keeps_the_streak_but_earns_no_points(tmp_path):
    service, _ = await service_on(tmp_path, TYPES, "types")
    round_ = await service.post_now(CHANNEL, ADMIN)
    wrong = await service.submit_answer(BEA, round_.id, "1")
    assert wrong.counted and wrong.grade.verdict == Verdict.INCORRECT
    assert wrong.points == 0 and wrong.streak is not None and wrong.streak.current == 1
    assert "Unbounded above" in (wrong.grade.note or "") and "Sigmoid (right)" in (wrong.grade.note or "")
    board = await service.leaderboard(CHANNEL, BEA, Period.ALL, None)
    assert [(r.member.user_id, r.points, r.answers, r.correct) for r in board.rows] == [("bea", 0, 1, 0)]
    await service.store.close()


async def test_the_reveal_of_a_choice_question_counts_the_counted_picks(tmp_path):
    service, platform = await service_on(tmp_path, TYPES, "types")
    round_ = await service.post_now(CHANNEL, ADMIN)
    await service.submit_answer(MEMBER, round_.id, "b")
    await service.submit_answer(BEA, round_.id, "/answer 1")
    await service.submit_answer(CY, round_.id, "Sigmoid")
    await service.submit_answer(CY, round_.id, "3")  # a second answer is practice: not in the picks
    stored = sorted([row.text async for row in service.store.iter_answers()])
    assert stored == ["1", "2", "2", "3"]
    summary = await service.close_round(round_.id)
    assert summary is not None and summary.picks == (1, 2, 0)
    assert platform.reveals[-1].picks == (1, 2, 0)
    assert summary.stats.answers == 3 and summary.stats.correct == 2
    await service.store.close()


async def test_a_short_question_takes_aliases_and_refuses_a_shrug(tmp_path):
    service, _ = await service_on(tmp_path, TYPES, "types")
    quiz = await service.quiz(MEMBER, "activations", "beginner")
    while quiz.question.id != "t-short":  # practise until the short question comes up
        await service.submit_quiz_answer(MEMBER, quiz.question.id, "2" if quiz.question.options else "zero")
        quiz = await service.quiz(MEMBER, "activations", "beginner")
    with pytest.raises(NonAnswer, match="Reply with a word, a term or a number"):
        await service.submit_quiz_answer(MEMBER, "t-short", "dunno")
    result = await service.submit_quiz_answer(MEMBER, "t-short", "zero")
    assert result.grade.verdict == Verdict.CORRECT and result.points == 0 and result.practice_reason == "quiz"
    await service.store.close()


async def test_the_quick_pack_can_be_chosen_for_a_channel_and_practised_with_quiz(tmp_path):
    service, platform = await service_on(tmp_path, ROOT / "content", "deep-learning-quick")
    round_ = await service.post_now(CHANNEL, ADMIN)
    assert platform.posts[-1].question.id == "dq-01"
    feedback = await service.submit_answer(MEMBER, round_.id, "1")
    assert feedback.grade.verdict == Verdict.CORRECT and feedback.counted
    quiz = await service.quiz(MEMBER, "activations", "intermediate")
    assert quiz.question.id == "dq-03"
    practice = await service.submit_quiz_answer(MEMBER, "dq-03", "1")
    assert practice.grade.verdict == Verdict.CORRECT
    await service.store.close()


async def test_regrade_takes_the_points_of_earlier_incorrect_answers_off_the_board(tmp_path):
    service, _ = await service_on(tmp_path, TYPES, "types")
    round_ = await service.post_now(CHANNEL, ADMIN)
    wrong = await service.submit_answer(BEA, round_.id, "1")
    # as an older version stored it: an incorrect answer with points
    await service.store.update_answer_grade(wrong.answer_id, 0.3, "incorrect", 3, "2.0.0")
    before = await service.leaderboard(CHANNEL, BEA, Period.ALL, None)
    assert [r.points for r in before.rows] == [3]
    summary = await regrade(service.store, service.bank, grade_any, GRADER_VERSION, apply=True)
    assert summary.points_delta == -3 and summary.written == 1
    after = await service.leaderboard(CHANNEL, BEA, Period.ALL, None)
    assert [(r.points, r.answers) for r in after.rows] == [(0, 1)]
    await service.store.close()
