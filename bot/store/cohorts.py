"""Cohorts (named groups inside a community, optionally following a role or user group) and admins.

Every addition and removal of an admin is recorded in `admin_changes` (who, whom, when) in the
same transaction as the change itself.

Cohort names are unique per community ignoring case and surrounding spaces; the name keeps the
spelling it was created with. Joining a cohort one is already in, or leaving one one is not in,
changes nothing and is not an error. A member may be in several cohorts.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.models import Cohort, MemberRef, Platform
from bot.core.ports import AddedAdmin, AdminChange
from bot.store.base import StoreBase
from bot.store.codec import instant, read_instant

MAX_COHORT_NAME = 50


def _clean(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidInput("A cohort needs a name, for example `cohort create name=evening`.")
    if len(cleaned) > MAX_COHORT_NAME:
        raise InvalidInput(f"Cohort names are at most {MAX_COHORT_NAME} characters; choose a shorter one.")
    return cleaned


_COHORT_ROW = (
    "SELECT c.id, c.name, c.role_id, (SELECT COUNT(*) FROM cohort_members cm WHERE cm.cohort = c.id) "
    "FROM cohorts c"
)


class CohortsMixin(StoreBase):
    """Cohort membership and the community's admin list."""

    async def create_cohort(
        self, community: tuple[Platform, str], name: str, role_id: str | None = None
    ) -> Cohort:
        """Create a cohort; Conflict when the community already has one with that name."""
        name = _clean(name)

        def tx(conn: sqlite3.Connection) -> Any:
            community_id = self._community_id(conn, *community)
            return conn.execute(
                "INSERT INTO cohorts (community, name, name_key, role_id, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (community, name_key) DO NOTHING RETURNING id",
                (community_id, name, name.casefold(), role_id, instant(datetime.now(UTC))),
            ).fetchone()

        if await self._db.write(tx) is None:
            raise Conflict(f"A cohort called {name!r} already exists; members join it with `cohort join`.")
        return Cohort(name=name, members=0, role_id=role_id)

    async def _change_membership(self, member: MemberRef, name: str, join: bool) -> Cohort:
        name = _clean(name)

        def tx(conn: sqlite3.Connection) -> Cohort:
            member_id, community_id = self._member_ids(conn, member)
            row = conn.execute(
                _COHORT_ROW + " WHERE c.community = ? AND c.name_key = ?", (community_id, name.casefold())
            ).fetchone()
            if row is None:
                raise NotFound(f"There is no cohort called {name!r}; `cohort list` shows the cohorts.")
            if join:
                conn.execute(
                    "INSERT INTO cohort_members (cohort, member, joined_at) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (row[0], member_id, instant(datetime.now(UTC))),
                )
            else:
                conn.execute(
                    "DELETE FROM cohort_members WHERE cohort = ? AND member = ?", (row[0], member_id)
                )
            row = conn.execute(_COHORT_ROW + " WHERE c.id = ?", (row[0],)).fetchone()
            return Cohort(name=row[1], members=row[3], role_id=row[2])

        return await self._db.write(tx)

    async def join_cohort(self, member: MemberRef, name: str) -> Cohort:
        """Add the member to the cohort (NotFound when it does not exist)."""
        return await self._change_membership(member, name, join=True)

    async def leave_cohort(self, member: MemberRef, name: str) -> Cohort:
        """Remove the member from the cohort (NotFound when it does not exist)."""
        return await self._change_membership(member, name, join=False)

    async def list_cohorts(self, community: tuple[Platform, str]) -> list[Cohort]:
        """The community's cohorts with member counts, by name."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        rows = await self._db.fetchall(
            _COHORT_ROW + " WHERE c.community = ? ORDER BY c.name_key", (community_id,)
        )
        return [Cohort(name=r[1], members=r[3], role_id=r[2]) for r in rows]

    async def member_cohorts(self, member: MemberRef) -> list[str]:
        """Names of the cohorts the member is in, by name."""
        member_id = await self._find_member(member)
        if member_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT c.name FROM cohort_members cm JOIN cohorts c ON c.id = cm.cohort "
            "WHERE cm.member = ? ORDER BY c.name_key",
            (member_id,),
        )
        return [r[0] for r in rows]

    async def add_admin(
        self, community: tuple[Platform, str], user_id: str, by_user_id: str = "", at: datetime | None = None
    ) -> bool:
        """Add an admin and record who added them, in one transaction; False (nothing recorded)
        when the user already was one."""
        when = instant(at or datetime.now(UTC))

        def tx(conn: sqlite3.Connection) -> bool:
            community_id = self._community_id(conn, *community)
            added = conn.execute(
                "INSERT INTO admins (community, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1",
                (community_id, str(user_id)),
            ).fetchone()
            if added is not None:
                self._admin_change(conn, community_id, "add", user_id, by_user_id, when)
            return added is not None

        return await self._db.write(tx)

    async def remove_admin(
        self, community: tuple[Platform, str], user_id: str, by_user_id: str, at: datetime
    ) -> bool:
        """Remove an added admin and record who removed them; False (nothing recorded) when the user
        was not on the list."""

        def tx(conn: sqlite3.Connection) -> bool:
            community_id = self._community_id(conn, *community)
            removed = conn.execute(
                "DELETE FROM admins WHERE community = ? AND user_id = ? RETURNING 1",
                (community_id, str(user_id)),
            ).fetchone()
            if removed is not None:
                self._admin_change(conn, community_id, "remove", user_id, by_user_id, instant(at))
            return removed is not None

        return await self._db.write(tx)

    @staticmethod
    def _admin_change(
        conn: sqlite3.Connection, community_id: int, action: str, user_id: str, by_user_id: str, at: str
    ) -> None:
        conn.execute(
            "INSERT INTO admin_changes (community, action, user_id, by_user, at) VALUES (?, ?, ?, ?, ?)",
            (community_id, action, str(user_id), str(by_user_id), at),
        )

    async def list_admins(self, community: tuple[Platform, str]) -> list[AddedAdmin]:
        """The added admins, with who added them and when (their latest addition), oldest first."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT a.user_id, c.by_user, c.at FROM admins a LEFT JOIN admin_changes c ON c.id = ("
            " SELECT MAX(x.id) FROM admin_changes x"
            " WHERE x.community = a.community AND x.user_id = a.user_id AND x.action = 'add')"
            " WHERE a.community = ? ORDER BY c.at IS NOT NULL, c.id, a.user_id",
            (community_id,),
        )
        return [AddedAdmin(r[0], r[1], read_instant(r[2])) for r in rows]

    async def admin_changes(self, community: tuple[Platform, str], limit: int = 10) -> list[AdminChange]:
        """The latest additions and removals of admins, newest first."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT action, user_id, by_user, at FROM admin_changes WHERE community = ? "
            "ORDER BY id DESC LIMIT ?",
            (community_id, int(limit)),
        )
        return [AdminChange(r[0], r[1], r[2], read_instant(r[3])) for r in rows]

    async def is_admin(self, community: tuple[Platform, str], user_id: str) -> bool:
        """Whether the user was recorded as an admin of the community."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return False
        row = await self._db.fetchone(
            "SELECT 1 FROM admins WHERE community = ? AND user_id = ?", (community_id, str(user_id))
        )
        return row is not None
