"""A seeded community for dashboard tests: a real SQLite file with rounds, answers, cohorts and reviews.

Three weeks of daily rounds in one Discord channel; six members answer with scores that differ by
member, some days are missed, two cohorts compete, and one member has reviews due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.core.clocks import SimulatedClock
from bot.core.links import LinkSigner
from bot.core.models import AnswerDraft, ChannelRef, Difficulty, Grade, MemberRef, Platform, Schedule, Verdict
from bot.core.ports import ReviewState
from bot.core.service import StudyService
from bot.store import open_store
from tests.integration.rounds_support import BANK

GUILD = "guild-7"
COMMUNITY = (Platform.DISCORD, GUILD)
CHANNEL = ChannelRef(Platform.DISCORD, GUILD, "chan-1", "study")
FIRST_DAY = date(2026, 3, 2)  # a Monday
DAYS = 21
NOW = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)  # the last round (Sunday 22nd) is still open
NAMES = ("ada", "bo", "cy", "di", "eve", "fin")
SKILL = {"ada": 0.95, "bo": 0.8, "cy": 0.6, "di": 0.5, "eve": 0.3, "fin": 0.9}
MISSES = {"ada": set(), "bo": {5}, "cy": {3, 4}, "di": {1, 8, 9, 15}, "eve": {2, 6, 10, 12, 18}, "fin": {19}}
COHORTS = {"alpha": ("ada", "bo", "cy"), "beta": ("di", "eve", "fin")}
SIGNING_KEY = b"dashboard-tests-signing-key-0123"


def member(name: str) -> MemberRef:
    return MemberRef(Platform.DISCORD, GUILD, f"U{name}", name.capitalize())


def _grade(score: float, question_id: str) -> Grade:
    verdict = Verdict.CORRECT if score >= 0.75 else Verdict.PARTIAL if score >= 0.35 else Verdict.INCORRECT
    question = BANK.question(question_id)
    points = [k.text for k in question.key_points] if question else []
    missed = tuple(points[1:] if score >= 0.5 else points)
    covered = tuple(p for p in points if p not in missed)
    return Grade(score, verdict, covered, missed, grader_version="seed")


@dataclass
class Seeded:
    service: StudyService
    clock: SimulatedClock
    db: Path

    @property
    def store(self):
        return self.service.store


async def seed(db: Path) -> Seeded:
    """Open a store on `db`, fill it, and return a service whose dashboard signs with SIGNING_KEY."""
    store = await open_store(db)
    clock = SimulatedClock(NOW)
    service = StudyService(store, BANK, clock, default_tz="UTC", grace=timedelta(hours=6))
    service.configure_dashboard(lambda: LinkSigner(SIGNING_KEY), "http://dash.test")
    await store.save_schedule(Schedule(channel=CHANNEL, tz="UTC", days=frozenset(range(7))))
    for cohort, names in COHORTS.items():
        await store.create_cohort(COMMUNITY, cohort)
        for name in names:
            await store.join_cohort(member(name), cohort)
    questions = [q.id for q in BANK.questions(())]
    for n in range(DAYS):
        day = FIRST_DAY + timedelta(days=n)
        question = questions[n % len(questions)]
        opened = datetime.combine(day, time(9), tzinfo=UTC)
        rnd = await store.claim_round(CHANNEL, day, question, opened, opened + timedelta(hours=23))
        for index, name in enumerate(NAMES):
            if n in MISSES[name] or (name == "ada" and n == DAYS - 1):
                continue
            score = max(0.0, min(1.0, SKILL[name] - 0.1 * ((n + index) % 3)))
            await store.record_answer(
                AnswerDraft(
                    member=member(name),
                    question_id=question,
                    difficulty=Difficulty.BEGINNER,
                    text="seeded answer",
                    grade=_grade(score, question),
                    submitted_at=opened + timedelta(minutes=10 + index),
                    round_id=rnd.id,
                )
            )
        if n < DAYS - 1:
            await store.close_round(rnd.id, opened + timedelta(hours=23))
    for question, due in (("t-01", NOW - timedelta(days=1)), ("t-04", NOW + timedelta(days=2))):
        await store.save_review(member("cy"), ReviewState(question, "{}", due, 0.4, 2))
    return Seeded(service, clock, db)


def token_of(url: str) -> str:
    """The `t=` token of a dashboard link."""
    found = re.search(r"[?&]t=([^&]+)", url)
    assert found, url
    return found.group(1)
