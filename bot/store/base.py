"""Shared plumbing of the SQLite store: the database handle and the identity rows.

Communities are keyed by (platform, community id), channels by (community, channel id) and members
by (community, user id). Channel and member names are refreshed on every write that mentions them
(an empty name never overwrites a known one).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.core.models import ChannelRef, MemberRef, Platform, Round, RoundStatus
from bot.store.codec import read_date, read_instant
from bot.store.db import Database

ROUND_SELECT = """
SELECT r.id, r.local_date, r.question_id, r.status, r.opened_at, r.closes_at, r.message_ref,
       co.platform, co.external_id, ch.external_id, ch.name
FROM rounds r JOIN channels ch ON ch.id = r.channel JOIN communities co ON co.id = ch.community
"""


def round_from_row(row: Any) -> Round:
    """A Round from a ROUND_SELECT row."""
    rid, local_date, question_id, status, opened_at, closes_at, message_ref, plat, comm, chan, name = row
    return Round(
        id=rid,
        channel=ChannelRef(Platform(plat), comm, chan, name),
        local_date=read_date(local_date),
        question_id=question_id,
        status=RoundStatus(status),
        opened_at=read_instant(opened_at),
        closes_at=read_instant(closes_at),
        message_ref=message_ref,
    )


class StoreBase:
    """Holds the Database; resolves references to row ids inside and outside transactions."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def close(self) -> None:
        """Close the connections (waits for the write in progress)."""
        await self._db.close()

    # --- inside a write transaction: create or refresh ---------------------------------------
    @staticmethod
    def _lock_fold(conn: sqlite3.Connection, channel_id: int, member_id: int) -> bool:
        """Serialise one member's answers in one channel; True when a lock was taken (SQLite's
        writer is already alone, so nothing is taken here; PostgreSQL's store takes one)."""
        return False

    @staticmethod
    def _community_id(conn: sqlite3.Connection, platform: Platform | str, external: str) -> int:
        key = (Platform(platform).value, str(external))
        find = "SELECT id FROM communities WHERE platform = ? AND external_id = ?"
        row = conn.execute(find, key).fetchone()
        if row is None:  # looked up first: the common case writes nothing
            row = conn.execute(
                "INSERT INTO communities (platform, external_id) VALUES (?, ?) "
                "ON CONFLICT (platform, external_id) DO UPDATE SET platform = excluded.platform "
                "RETURNING id",  # another process may have created it since the look-up
                key,
            ).fetchone()
        return int(row[0])

    def _channel_id(self, conn: sqlite3.Connection, channel: ChannelRef) -> int:
        community = self._community_id(conn, channel.platform, channel.community_id)
        row = conn.execute(
            "INSERT INTO channels (community, external_id, name) VALUES (?, ?, ?) "
            "ON CONFLICT (community, external_id) DO UPDATE SET "
            "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE channels.name END RETURNING id",
            (community, str(channel.channel_id), channel.name or ""),
        ).fetchone()
        return int(row[0])

    def _member_ids(self, conn: sqlite3.Connection, member: MemberRef) -> tuple[int, int]:
        """(member id, community id), creating or renaming the member (a known name writes nothing).

        The common case (both known, name unchanged) is one statement."""
        found = conn.execute(
            "SELECT co.id, m.id, m.name FROM communities co LEFT JOIN members m "
            "ON m.community = co.id AND m.external_id = ? WHERE co.platform = ? AND co.external_id = ?",
            (str(member.user_id), Platform(member.platform).value, str(member.community_id)),
        ).fetchone()
        if found is not None and found[1] is not None and (not member.name or member.name == found[2]):
            return int(found[1]), int(found[0])
        community = (
            int(found[0])
            if found is not None
            else self._community_id(conn, member.platform, member.community_id)
        )
        row = conn.execute(
            "INSERT INTO members (community, external_id, name) VALUES (?, ?, ?) "
            "ON CONFLICT (community, external_id) DO UPDATE SET "
            "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE members.name END RETURNING id",
            (community, str(member.user_id), member.name or ""),
        ).fetchone()
        return int(row[0]), community

    # --- read side: look up without creating --------------------------------------------------
    async def _find_community(self, platform: Platform | str, external: str) -> int | None:
        row = await self._db.fetchone(
            "SELECT id FROM communities WHERE platform = ? AND external_id = ?",
            (Platform(platform).value, str(external)),
        )
        return None if row is None else int(row[0])

    async def _find_channel(self, channel: ChannelRef) -> int | None:
        row = await self._db.fetchone(
            "SELECT ch.id FROM channels ch JOIN communities co ON co.id = ch.community "
            "WHERE co.platform = ? AND co.external_id = ? AND ch.external_id = ?",
            (Platform(channel.platform).value, str(channel.community_id), str(channel.channel_id)),
        )
        return None if row is None else int(row[0])

    async def _find_member(self, member: MemberRef) -> int | None:
        row = await self._db.fetchone(
            "SELECT m.id FROM members m JOIN communities co ON co.id = m.community "
            "WHERE co.platform = ? AND co.external_id = ? AND m.external_id = ?",
            (Platform(member.platform).value, str(member.community_id), str(member.user_id)),
        )
        return None if row is None else int(row[0])
