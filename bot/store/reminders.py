"""Reminder choices, channel defaults, the ledger of private notes, and what freeze notes read.

A note is claimed (one row, status 'sending') before the platform call and settled afterwards to
'sent' or 'failed'. The primary key (kind, round, member) makes each note exactly-once across
restarts and processes: a crash between claim and send loses that one note rather than doubling it.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta

from bot.core.models import ChannelRef, MemberRef, Platform, Round
from bot.core.reminder_rules import ChannelReminders, ReminderPref
from bot.core.streaks import RoundMark
from bot.store import streak_state
from bot.store.base import ROUND_SELECT, StoreBase, round_from_row
from bot.store.codec import instant

PREF_SELECT = """
SELECT p.enabled, p.before_minutes, p.at_time, co.platform, co.external_id, m.external_id, m.name,
       ch.external_id, ch.name
FROM reminder_prefs p JOIN members m ON m.id = p.member JOIN channels ch ON ch.id = p.channel
JOIN communities co ON co.id = ch.community
"""


def _pref(row: tuple) -> ReminderPref:
    enabled, minutes, at_time, plat, comm, user, name, chan, chan_name = row
    platform = Platform(plat)
    return ReminderPref(
        member=MemberRef(platform, comm, user, name),
        channel=ChannelRef(platform, comm, chan, chan_name),
        enabled=bool(enabled),
        before=None if minutes is None else timedelta(minutes=minutes),
        at=None if at_time is None else time.fromisoformat(at_time),
    )


def _minutes(lead: timedelta | None) -> int | None:
    return None if lead is None else int(lead.total_seconds() // 60)


class RemindersMixin(StoreBase):
    """Reminder settings and the exactly-once ledger of private notes."""

    async def set_reminder(self, pref: ReminderPref, at: datetime) -> None:
        """Create or replace a member's reminder choice for a channel."""

        def tx(conn: sqlite3.Connection) -> None:
            member_id, _ = self._member_ids(conn, pref.member)
            conn.execute(
                "INSERT INTO reminder_prefs (channel, member, enabled, before_minutes, at_time, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, member) DO UPDATE SET "
                "enabled = excluded.enabled, before_minutes = excluded.before_minutes, "
                "at_time = excluded.at_time, updated_at = excluded.updated_at",
                (
                    self._channel_id(conn, pref.channel),
                    member_id,
                    int(pref.enabled),
                    _minutes(pref.before),
                    None if pref.at is None else pref.at.strftime("%H:%M"),
                    instant(at),
                ),
            )

        await self._db.write(tx)

    async def get_reminder(self, channel: ChannelRef, member: MemberRef) -> ReminderPref | None:
        """The member's choice for the channel; None when they never chose."""
        channel_id, member_id = await self._find_channel(channel), await self._find_member(member)
        if channel_id is None or member_id is None:
            return None
        row = await self._db.fetchone(
            f"{PREF_SELECT} WHERE p.channel = ? AND p.member = ?", (channel_id, member_id)
        )
        return None if row is None else _pref(row)

    async def reminder_subscribers(self, channel: ChannelRef) -> list[ReminderPref]:
        """Members with reminders on in the channel."""
        channel_id = await self._find_channel(channel)
        if channel_id is None:
            return []
        rows = await self._db.fetchall(
            f"{PREF_SELECT} WHERE p.channel = ? AND p.enabled = 1 ORDER BY m.id", (channel_id,)
        )
        return [_pref(r) for r in rows]

    async def reminder_channels(self) -> list[ChannelRef]:
        """Channels where at least one member has reminders on."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT co.platform, co.external_id, ch.external_id, ch.name FROM reminder_prefs p "
            "JOIN channels ch ON ch.id = p.channel JOIN communities co ON co.id = ch.community "
            "WHERE p.enabled = 1"
        )
        return [ChannelRef(Platform(plat), comm, chan, name) for plat, comm, chan, name in rows]

    async def set_channel_reminders(
        self, channel: ChannelRef, setting: ChannelReminders, at: datetime
    ) -> None:
        """Set the channel's default lead time, or turn reminders off there."""

        def tx(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO channel_reminders (channel, before_minutes, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (channel) DO UPDATE SET before_minutes = excluded.before_minutes, "
                "updated_at = excluded.updated_at",
                (
                    self._channel_id(conn, channel),
                    _minutes(setting.before) if setting.enabled else None,
                    instant(at),
                ),
            )

        await self._db.write(tx)

    async def channel_reminders(self, channel: ChannelRef) -> ChannelReminders:
        """The channel's default (on, DEFAULT_BEFORE, when an admin never set one)."""
        channel_id = await self._find_channel(channel)
        row = (
            None
            if channel_id is None
            else await self._db.fetchone(
                "SELECT before_minutes FROM channel_reminders WHERE channel = ?", (channel_id,)
            )
        )
        if row is None:
            return ChannelReminders()
        return (
            ChannelReminders(False) if row[0] is None else ChannelReminders(True, timedelta(minutes=row[0]))
        )

    async def claim_notice(self, kind: str, round_id: int, member: MemberRef, at: datetime) -> bool:
        """Claim the one note of this kind for (round, member); False when it was claimed before."""

        def tx(conn: sqlite3.Connection) -> bool:
            member_id, _ = self._member_ids(conn, member)
            row = conn.execute(
                "INSERT INTO member_notices (kind, round, member, status, claimed_at) "
                "VALUES (?, ?, ?, 'sending', ?) ON CONFLICT DO NOTHING RETURNING 1",
                (kind, int(round_id), member_id, instant(at)),
            ).fetchone()
            return row is not None

        return await self._db.write(tx)

    async def settle_notice(
        self, kind: str, round_id: int, member: MemberRef, status: str, detail: str
    ) -> None:
        """Record how a claimed note went: 'sent', or 'failed' with the reason."""

        def tx(conn: sqlite3.Connection) -> None:
            member_id, _ = self._member_ids(conn, member)
            conn.execute(
                "UPDATE member_notices SET status = ?, detail = ? "
                "WHERE kind = ? AND round = ? AND member = ?",
                (status, detail[:500], kind, int(round_id), member_id),
            )

        await self._db.write(tx)

    async def noticed(self, kind: str, round_id: int) -> set[str]:
        """User ids of the members whose note of this kind for the round was already claimed."""
        rows = await self._db.fetchall(
            "SELECT m.external_id FROM member_notices n JOIN members m ON m.id = n.member "
            "WHERE n.kind = ? AND n.round = ?",
            (kind, int(round_id)),
        )
        return {str(r[0]) for r in rows}

    async def notice_status(self, kind: str, round_id: int, member: MemberRef) -> str | None:
        """'sending', 'sent' or 'failed' for a claimed note; None when there is none."""
        member_id = await self._find_member(member)
        row = (
            None
            if member_id is None
            else await self._db.fetchone(
                "SELECT status FROM member_notices WHERE kind = ? AND round = ? AND member = ?",
                (kind, int(round_id), member_id),
            )
        )
        return None if row is None else str(row[0])

    async def unchecked_closed_rounds(self, since: datetime) -> list[Round]:
        """Rounds closed at or after `since` whose freeze uses nobody looked at yet, oldest first."""
        rows = await self._db.fetchall(
            f"{ROUND_SELECT} WHERE r.status = 'closed' AND r.closed_at >= ? AND r.question_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM round_notice_checks c WHERE c.round = r.id) ORDER BY r.closed_at",
            (instant(since),),
        )
        return [round_from_row(r) for r in rows]

    async def claim_round_checks(self, round_ids: list[int], at: datetime) -> set[int]:
        """Claim looking at closed rounds' freeze uses, in one transaction; the ids this caller got."""

        def tx(conn: sqlite3.Connection) -> set[int]:
            claimed = set()
            for round_id in round_ids:
                row = conn.execute(
                    "INSERT INTO round_notice_checks (round, checked_at) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING RETURNING round",
                    (int(round_id), instant(at)),
                ).fetchone()
                if row is not None:
                    claimed.add(int(row[0]))
            return claimed

        return await self._db.write(tx) if round_ids else set()

    async def freeze_candidates(self, channel: ChannelRef, min_counted: int) -> list[MemberRef]:
        """Members with at least `min_counted` counted answers in the channel (only they can hold freezes)."""
        channel_id = await self._find_channel(channel)
        if channel_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT m.external_id, m.name FROM answers a JOIN rounds r ON r.id = a.round "
            "JOIN members m ON m.id = a.member WHERE r.channel = ? AND a.counted = 1 "
            "GROUP BY m.id HAVING COUNT(*) >= ? ORDER BY m.id",
            (channel_id, int(min_counted)),
        )
        return [
            MemberRef(Platform(channel.platform), channel.community_id, user, name) for user, name in rows
        ]

    async def streak_marks(self, channel: ChannelRef, member: MemberRef) -> list[RoundMark]:
        """Every posted round of the channel as the member's streak sees it, oldest first."""
        channel_id, member_id = await self._find_channel(channel), await self._find_member(member)
        if channel_id is None or member_id is None:
            return []
        rows = await self._db.fetchall(streak_state.ROUNDS_SQL, (member_id, channel_id, ""))
        return [
            RoundMark(local_date=date.fromisoformat(day), closed=status == "closed", answered=bool(answered))
            for _, day, status, answered in rows
        ]
