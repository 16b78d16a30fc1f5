"""Per-member spaced-repetition state and platform event de-duplication.

`first_delivery` remembers (platform, event id) pairs; every 500th call forgets those older than
3 days (platforms retry within minutes, so older ids cannot come back). The reply given to a
delivery can be kept with it (`remember_reply`), so a repeat is answered as the first one was.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from bot.core.models import MemberRef, Platform
from bot.core.ports import ReviewState
from bot.store.base import StoreBase
from bot.store.codec import instant, read_instant

PRUNE_EVERY = 500
KEEP_EVENTS = timedelta(days=3)


def current_review(conn: sqlite3.Connection, member_id: int, question_id: str) -> ReviewState | None:
    """Inside a transaction: the member's review state for one question, or None."""
    row = conn.execute(
        "SELECT card, due, last_score, reviews FROM reviews WHERE member = ? AND question_id = ?",
        (member_id, question_id),
    ).fetchone()
    if row is None:
        return None
    return ReviewState(question_id, row[0], read_instant(row[1]), row[2], row[3])


def put_review(conn: sqlite3.Connection, member_id: int, state: ReviewState) -> None:
    """Inside a transaction: create or replace the member's review state for one question."""
    conn.execute(
        "INSERT INTO reviews (member, question_id, card, due, last_score, reviews) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member, question_id) DO UPDATE SET "
        "card = excluded.card, due = excluded.due, last_score = excluded.last_score, "
        "reviews = excluded.reviews",
        (
            member_id,
            state.question_id,
            state.card,
            instant(state.due),
            float(state.last_score),
            int(state.reviews),
        ),
    )


class ReviewsMixin(StoreBase):
    """Review cards for /quiz and the processed-event table."""

    _deliveries = 0

    async def reviews(self, member: MemberRef) -> dict[str, ReviewState]:
        """The member's review state per question id."""
        member_id = await self._find_member(member)
        if member_id is None:
            return {}
        rows = await self._db.fetchall(
            "SELECT question_id, card, due, last_score, reviews FROM reviews WHERE member = ?", (member_id,)
        )
        return {
            r[0]: ReviewState(
                question_id=r[0], card=r[1], due=read_instant(r[2]), last_score=r[3], reviews=r[4]
            )
            for r in rows
        }

    async def save_review(self, member: MemberRef, state: ReviewState) -> None:
        """Create or replace the member's review state for one question."""

        def tx(conn: sqlite3.Connection) -> None:
            member_id, _ = self._member_ids(conn, member)
            put_review(conn, member_id, state)

        await self._db.write(tx)

    async def first_delivery(self, platform: Platform, event_id: str) -> bool:
        """True the first time an event id is seen, False for every repeat."""
        now = datetime.now(UTC)
        self._deliveries += 1
        prune = self._deliveries % PRUNE_EVERY == 0

        def tx(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "INSERT INTO deliveries (platform, event_id, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING 1",
                (Platform(platform).value, str(event_id), instant(now)),
            ).fetchone()
            if prune:
                conn.execute("DELETE FROM deliveries WHERE seen_at < ?", (instant(now - KEEP_EVENTS),))
            return row is not None

        return await self._db.write(tx)

    async def remember_reply(self, platform: Platform, event_id: str, reply: str) -> None:
        """Keep the reply given to a delivery, so a repeat of it is answered the same way."""

        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE deliveries SET reply = ? WHERE platform = ? AND event_id = ?",
                (str(reply), Platform(platform).value, str(event_id)),
            )

        await self._db.write(tx)

    async def recorded_reply(self, platform: Platform, event_id: str) -> str | None:
        """The reply kept for a delivery; None while the first delivery is still being handled."""
        row = await self._db.fetchone(
            "SELECT reply FROM deliveries WHERE platform = ? AND event_id = ?",
            (Platform(platform).value, str(event_id)),
        )
        return None if row is None else row[0]

    async def forget_delivery(self, platform: Platform, event_id: str) -> None:
        """Forget a delivery whose handling failed, so that sending it again is handled afresh."""

        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM deliveries WHERE platform = ? AND event_id = ?",
                (Platform(platform).value, str(event_id)),
            )

        await self._db.write(tx)
