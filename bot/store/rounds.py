"""Schedules and rounds: one round per channel and local date, claimed exactly once.

`claim_round` and `skip_day` insert with ON CONFLICT DO NOTHING on the unique (channel, local_date)
key, so exactly one caller wins even across processes sharing the file. A skipped day is a round
row with status 'skipped' and no question; it never counts for streaks. Claiming a date earlier
than an existing posted round invalidates the channel's stored streak folds (they are rebuilt
from history on next use).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime

from bot.core.errors import NotFound
from bot.core.models import ChannelRef, Platform, Round, Schedule
from bot.core.scoring import zone
from bot.store.base import ROUND_SELECT, StoreBase, round_from_row
from bot.store.codec import instant, opt_instant, read_schedule, schedule_row

_SCHEDULE_SELECT = """
SELECT s.post_time, s.tz, s.days, s.packs, s.question_order, s.answers, s.paused, s.close_time,
       s.grace_seconds, s.locale, co.platform, co.external_id, ch.external_id, ch.name
FROM schedules s JOIN channels ch ON ch.id = s.channel JOIN communities co ON co.id = ch.community
"""


def _schedule(row: tuple) -> Schedule:
    platform, community, channel, name = row[10:]
    return read_schedule(tuple(row[:10]), ChannelRef(Platform(platform), community, channel, name))


class RoundsMixin(StoreBase):
    """Schedules per channel and the rounds posted (or skipped) on their local dates."""

    async def save_schedule(self, schedule: Schedule) -> Schedule:
        """Create or replace the channel's schedule; returns it as stored."""
        zone(schedule.tz)

        def tx(conn: sqlite3.Connection) -> Schedule:
            channel_id = self._channel_id(conn, schedule.channel)
            conn.execute(
                "INSERT INTO schedules (channel, post_time, tz, days, packs, question_order, "
                "answers, paused, close_time, grace_seconds, locale, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE SET "
                "post_time = excluded.post_time, tz = excluded.tz, days = excluded.days, "
                "packs = excluded.packs, question_order = excluded.question_order, "
                "answers = excluded.answers, paused = excluded.paused, close_time = excluded.close_time, "
                "grace_seconds = excluded.grace_seconds, locale = excluded.locale, "
                "updated_at = excluded.updated_at",
                schedule_row(schedule, channel_id, datetime.now(UTC)),
            )
            return _schedule(
                conn.execute(_SCHEDULE_SELECT + " WHERE s.channel = ?", (channel_id,)).fetchone()
            )

        return await self._db.write(tx)

    async def get_schedule(self, channel: ChannelRef) -> Schedule | None:
        """The channel's schedule, or None when it has never been set up."""
        row = await self._db.fetchone(
            _SCHEDULE_SELECT + " WHERE co.platform = ? AND co.external_id = ? AND ch.external_id = ?",
            (Platform(channel.platform).value, str(channel.community_id), str(channel.channel_id)),
        )
        return None if row is None else _schedule(row)

    async def list_schedules(self) -> list[Schedule]:
        """Every channel schedule (paused ones included)."""
        rows = await self._db.fetchall(_SCHEDULE_SELECT + " ORDER BY s.channel")
        return [_schedule(r) for r in rows]

    async def claim_round(
        self,
        channel: ChannelRef,
        local_date: date,
        question_id: str,
        opened_at: datetime,
        closes_at: datetime | None,
    ) -> Round | None:
        """Create the open round for that day, or return None when that day already has a round."""

        def tx(conn: sqlite3.Connection) -> Round | None:
            channel_id = self._channel_id(conn, channel)
            row = conn.execute(
                "INSERT INTO rounds (channel, local_date, question_id, status, opened_at, closes_at, "
                "post_lease) VALUES (?, ?, ?, 'open', ?, ?, ?) "
                "ON CONFLICT (channel, local_date) DO NOTHING RETURNING id",
                (channel_id, local_date.isoformat(), question_id, instant(opened_at),
                 opt_instant(closes_at), time.time()),
            ).fetchone()
            if row is None:
                return None
            later = conn.execute(
                "SELECT 1 FROM rounds WHERE channel = ? AND local_date > ? AND status <> 'skipped' LIMIT 1",
                (channel_id, local_date.isoformat()),
            ).fetchone()
            if later is not None:
                conn.execute(
                    "UPDATE member_streaks SET current = 0, longest = 0, freezes = 0, run = 0, "
                    "settled_through = NULL WHERE channel = ?",
                    (channel_id,),
                )
            return round_from_row(conn.execute(ROUND_SELECT + " WHERE r.id = ?", (row[0],)).fetchone())

        return await self._db.write(tx)

    async def skip_day(self, channel: ChannelRef, local_date: date, reason: str) -> bool:
        """Record a day as skipped (no post, no streak effect). False when the day already has a round."""

        def tx(conn: sqlite3.Connection) -> bool:
            channel_id = self._channel_id(conn, channel)
            row = conn.execute(
                "INSERT INTO rounds (channel, local_date, status, skip_reason) VALUES (?, ?, 'skipped', ?) "
                "ON CONFLICT (channel, local_date) DO NOTHING RETURNING id",
                (channel_id, local_date.isoformat(), str(reason)[:500]),
            ).fetchone()
            return row is not None

        return await self._db.write(tx)

    async def set_round_message(self, round_id: int, message_ref: str) -> None:
        """Remember the platform message that shows the round (edits and threads use it)."""

        def tx(conn: sqlite3.Connection) -> None:
            cursor = conn.execute(
                "UPDATE rounds SET message_ref = ? WHERE id = ?", (str(message_ref), int(round_id))
            )
            if cursor.rowcount == 0:
                raise NotFound(f"There is no round {round_id}.")

        await self._db.write(tx)

    async def take_over_post(self, round_id: int, stale_seconds: float) -> bool:
        """Take the posting lease of an unposted round whose lease (wall clock) is older than
        `stale_seconds`; True only for the one process that took it."""

        def tx(conn: sqlite3.Connection) -> bool:
            now = time.time()
            cursor = conn.execute(
                "UPDATE rounds SET post_lease = ? WHERE id = ? AND status = 'open' "
                "AND message_ref IS NULL AND post_lease <= ?",
                (now, int(round_id), now - float(stale_seconds)),
            )
            return cursor.rowcount == 1

        return await self._db.write(tx)

    async def get_round(self, round_id: int) -> Round | None:
        """The round with that id, or None."""
        row = await self._db.fetchone(ROUND_SELECT + " WHERE r.id = ?", (int(round_id),))
        return None if row is None else round_from_row(row)

    async def round_on(self, channel: ChannelRef, local_date: date) -> Round | None:
        """The channel's round (open, closed or skipped) on that local date, or None."""
        row = await self._db.fetchone(
            ROUND_SELECT + " WHERE co.platform = ? AND co.external_id = ? AND ch.external_id = ? "
            "AND r.local_date = ?",
            (
                Platform(channel.platform).value,
                str(channel.community_id),
                str(channel.channel_id),
                local_date.isoformat(),
            ),
        )
        return None if row is None else round_from_row(row)

    async def open_rounds(self, channel: ChannelRef | None = None) -> list[Round]:
        """Open rounds, oldest first; all channels when `channel` is None."""
        if channel is None:
            rows = await self._db.fetchall(
                ROUND_SELECT + " WHERE r.status = 'open' ORDER BY r.local_date, r.id"
            )
        else:
            rows = await self._db.fetchall(
                ROUND_SELECT + " WHERE r.status = 'open' AND co.platform = ? AND co.external_id = ? "
                "AND ch.external_id = ? ORDER BY r.local_date",
                (Platform(channel.platform).value, str(channel.community_id), str(channel.channel_id)),
            )
        return [round_from_row(r) for r in rows]

    async def close_round(self, round_id: int, closed_at: datetime) -> bool:
        """Mark a round closed; True only for the caller that closed it."""

        def tx(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
                (instant(closed_at), int(round_id)),
            )
            return cursor.rowcount == 1

        return await self._db.write(tx)

    async def channel_rounds(self, channel: ChannelRef) -> list[Round]:
        """Every round of the channel, skipped days included, oldest first."""
        rows = await self._db.fetchall(
            ROUND_SELECT + " WHERE co.platform = ? AND co.external_id = ? AND ch.external_id = ? "
            "ORDER BY r.local_date",
            (Platform(channel.platform).value, str(channel.community_id), str(channel.channel_id)),
        )
        return [round_from_row(r) for r in rows]

    async def unposted_rounds(self) -> list[Round]:
        """Open rounds whose post never got a message reference (a crash between claim and post)."""
        rows = await self._db.fetchall(
            ROUND_SELECT + " WHERE r.status = 'open' AND r.message_ref IS NULL ORDER BY r.local_date, r.id"
        )
        return [round_from_row(r) for r in rows]
