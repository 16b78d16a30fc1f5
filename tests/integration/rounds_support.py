"""Set-up for service and scheduler tests: a real store (SQLite or PostgreSQL), a bank, a fake platform."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.clocks import SimulatedClock
from bot.core.models import (
    Actor,
    ChannelRef,
    ContentBank,
    Difficulty,
    KeyPoint,
    MemberRef,
    Pack,
    Platform,
    Question,
)
from bot.core.ports import PrivateNote, RoundPost, RoundSummary
from bot.core.service import StudyService
from bot.store import open_store


def _question(n: int, topic: str) -> Question:
    return Question(
        id=f"t-{n:02d}",
        prompt=f"Explain idea number {n}.",
        difficulty=Difficulty.BEGINNER if n % 2 else Difficulty.ADVANCED,
        answer=f"Idea {n} reduces overfitting by adding noise to training.",
        topics=(topic,),
        key_points=(
            KeyPoint("reduces overfitting", ("reduces overfitting", "less overfitting")),
            KeyPoint("adds noise during training", ("adds noise", "random noise")),
        ),
        hints=(f"Think about idea {n}.", "It is about generalisation."),
        pack_id="test",
    )


BANK = ContentBank(
    packs=(
        Pack("test", "Test pack", "1", "CC0", "tests",
             tuple(_question(n, "cnn" if n <= 3 else "rnn") for n in range(1, 7))),
        Pack("extra", "Extra pack", "1", "CC0", "tests", (_question(7, "gan"),)),
    )
)
CHANNEL = ChannelRef(Platform.CONSOLE, "local", "general", "general")
ADMIN = Actor(MemberRef(Platform.CONSOLE, "local", "lead", "lead"), is_admin=True)
MEMBER = MemberRef(Platform.CONSOLE, "local", "ana", "ana")


@dataclass
class RecordingPlatform:
    """A platform double: records posts, counts, reveals and notices; can be slow or fail."""

    platform: Platform = Platform.CONSOLE
    delay: float = 0.0
    slow_channels: dict[str, float] = field(default_factory=dict)
    failing_channels: set[str] = field(default_factory=set)
    posts: list[RoundPost] = field(default_factory=list)
    counts: list[tuple[int, int]] = field(default_factory=list)
    reveals: list[RoundSummary] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    private: list[PrivateNote] = field(default_factory=list)
    closed_dms: set[str] = field(default_factory=set)  # member ids whose private messages fail
    private_attempts: int = 0

    async def post_round(self, post: RoundPost) -> str:
        key = post.channel.channel_id
        self.attempts[key] = self.attempts.get(key, 0) + 1
        await asyncio.sleep(self.slow_channels.get(key, self.delay))
        if key in self.failing_channels:
            raise ConnectionError(f"channel {key} is unreachable")
        self.posts.append(post)
        return f"msg-{post.round_id}"

    async def update_answer_count(self, channel, message_ref, round_id, answered) -> None:
        self.counts.append((round_id, answered))

    async def post_round_closed(self, summary: RoundSummary) -> None:
        self.reveals.append(summary)

    async def send_notice(self, channel, text) -> None:
        self.notices.append((channel.channel_id, text))

    async def send_private(self, note: PrivateNote) -> None:
        self.private_attempts += 1
        if note.member.user_id in self.closed_dms:
            raise PermissionError(f"{note.member.user_id} does not accept direct messages")
        self.private.append(note)


@dataclass
class World:
    service: StudyService
    clock: SimulatedClock
    platform: RecordingPlatform

    @property
    def store(self):
        return self.service.store

    def at(self, iso: str) -> None:
        self.clock.set(datetime.fromisoformat(iso))

    def later(self, **delta: float) -> None:
        self.clock.set(self.clock.now() + timedelta(**delta))


async def open_world(db: Path | str, now: str, platform: RecordingPlatform | None = None,
                     grace_hours: float = 6) -> World:
    """A service on a real database file at `db`, its clock at `now` (ISO with offset)."""
    store = await open_store(db)
    clock = SimulatedClock(datetime.fromisoformat(now))
    service = StudyService(store, BANK, clock, default_tz="UTC", grace=timedelta(hours=grace_hours))
    platform = platform or RecordingPlatform()
    service.register_messenger(platform)
    return World(service, clock, platform)


def channel(name: str) -> ChannelRef:
    return ChannelRef(Platform.CONSOLE, "local", name, name)
