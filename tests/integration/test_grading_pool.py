"""Grading in worker processes (STUDYBOT_GRADING_WORKERS): same grades as in the bot's process,
refusals raised the same way, and no answer lost or left waiting when a worker dies."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from bot.config import auto_grading_workers, parse_grading_workers
from bot.content.loader import load_bank
from bot.core.errors import NonAnswer
from bot.core.grading_pool import GradingPool
from bot.core.models import MemberRef, Platform
from bot.core.question_types import grade_attempt
from tests.integration.rounds_support import ADMIN, CHANNEL, open_world
from tests.unit.test_question_types import SINGLE

ROOT = Path(__file__).resolve().parents[2]
BANK = load_bank([ROOT / "content"])


def replies():
    """(question, reply) pairs of the bundled content: its example replies and model answers."""
    for question in BANK.questions()[:12]:
        for text in [e.reply for e in question.examples][:3] or [question.answer]:
            yield question, text


async def test_workers_grade_exactly_as_the_bots_own_process():
    pool = GradingPool(2)
    try:
        work = [*replies(), (SINGLE, "b"), (SINGLE, "2")]
        got = await asyncio.gather(*(pool.grade_attempt(q, t) for q, t in work))
        assert got == [grade_attempt(q, t) for q, t in work]
        assert got[-1][0] == "2"  # a choice reply comes back in stored form (the option number)
        assert pool.workers == 2
    finally:
        pool.close()
    assert pool.workers == 0


async def test_a_non_answer_is_refused_with_the_same_error_through_a_worker():
    question = BANK.questions()[0]
    pool = GradingPool(1)
    try:
        with pytest.raises(NonAnswer) as through_pool:
            await pool.grade_attempt(question, "idk")
        with pytest.raises(NonAnswer) as here:
            grade_attempt(question, "idk")
        assert (through_pool.value.reason, str(through_pool.value)) == (here.value.reason, str(here.value))
        with pytest.raises(NonAnswer, match="option"):
            await pool.grade_attempt(SINGLE, "7")  # not an option of the question
    finally:
        pool.close()


async def test_a_worker_killed_mid_burst_loses_no_grade_and_is_started_again():
    pool = GradingPool(1)
    try:
        work = list(replies()) * 8
        await pool.grade_attempt(*work[0])  # the worker is up
        (worker,) = pool._workers
        burst = [asyncio.ensure_future(pool.grade_attempt(q, t)) for q, t in work]
        await asyncio.sleep(0)  # the requests are in the worker's pipe
        os.kill(worker.process.pid, signal.SIGKILL)
        got = await asyncio.wait_for(asyncio.gather(*burst), timeout=60)
        assert got == [grade_attempt(q, t) for q, t in work]
        assert pool.restarts == 1 and pool.workers == 1
        assert await pool.grade_attempt(*work[1]) == grade_attempt(*work[1])  # the new worker grades
    finally:
        pool.close()


def test_the_setting_takes_a_count_or_auto_and_refuses_anything_else_clearly():
    assert parse_grading_workers("0") == 0
    assert parse_grading_workers(" 3 ") == 3
    assert parse_grading_workers(None) == parse_grading_workers("AUTO") == auto_grading_workers()
    assert auto_grading_workers() == (1 if len(os.sched_getaffinity(0)) >= 2 else 0)
    for bad in ("two", "-1", "1.5", "65"):
        with pytest.raises(ValueError, match=r"STUDYBOT_GRADING_WORKERS=.* must be a whole number"):
            parse_grading_workers(bad)


async def test_answers_through_the_service_are_graded_by_workers_and_recorded(tmp_path):
    world = await open_world(tmp_path / "a.db", "2026-03-02T09:00+00:00")
    world.service.grading = GradingPool(1)
    try:
        await world.service.setup(CHANNEL, ADMIN, {"time": "09:00", "days": "daily"})
        round_ = await world.service.post_now(CHANNEL, ADMIN)
        question = world.service.bank.question(round_.question_id)
        text = question.answer
        members = [MemberRef(Platform.CONSOLE, "local", f"m{i}", f"m{i}") for i in range(10)]
        got = await asyncio.gather(*(world.service.submit_answer(m, round_.id, text) for m in members))
        expected = grade_attempt(question, text)[1]
        assert all(f.counted and f.grade == expected for f in got)
        assert await world.store.answer_count(round_.id) == 10
        with pytest.raises(NonAnswer):
            await world.service.submit_answer(MemberRef(Platform.CONSOLE, "local", "x"), round_.id, "idk")
        assert await world.store.answer_count(round_.id) == 10
        assert world.service.grading.workers == 1
    finally:
        world.service.grading.close()
        await world.store.close()
