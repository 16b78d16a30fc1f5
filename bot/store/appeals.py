"""Appeals against a grade: one open appeal per answer, resolved once by an admin.

Resolving records the decision only; the service regrades through `update_answer_grade`.
`list_appeals` takes status 'open', 'accepted', 'rejected' or 'all'.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.core.models import Appeal, MemberRef, Platform
from bot.store.base import StoreBase
from bot.store.codec import instant

STATUSES = ("open", "accepted", "rejected")
MAX_NOTE = 1000

_APPEAL_SELECT = """
SELECT ap.id, ap.answer, co.platform, co.external_id, m.external_id, m.name, a.question_id, a.body,
       a.score, ap.note, ap.status
FROM appeals ap
JOIN answers a ON a.id = ap.answer
JOIN members m ON m.id = ap.member
JOIN communities co ON co.id = ap.community
"""


def _appeal(r: tuple) -> Appeal:
    return Appeal(
        id=r[0],
        answer_id=r[1],
        member=MemberRef(Platform(r[2]), r[3], r[4], r[5]),
        question_id=r[6],
        reply=r[7],
        score=r[8],
        note=r[9],
        status=r[10],
    )


class AppealsMixin(StoreBase):
    """Members appeal their own answers; admins accept or reject."""

    async def create_appeal(self, answer_id: int, member: MemberRef, note: str) -> Appeal:
        """Open an appeal on the member's own answer (Conflict when one is already open)."""

        def tx(conn: sqlite3.Connection) -> Appeal:
            member_id, community_id = self._member_ids(conn, member)
            answer = conn.execute("SELECT member FROM answers WHERE id = ?", (int(answer_id),)).fetchone()
            if answer is None:
                raise NotFound(f"There is no answer {answer_id}; check the number on your feedback.")
            if answer[0] != member_id:
                raise NotAllowed("You can only appeal your own answers.")
            row = conn.execute(
                "INSERT INTO appeals (answer, member, community, note, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING RETURNING id",
                (int(answer_id), member_id, community_id, str(note)[:MAX_NOTE], instant(datetime.now(UTC))),
            ).fetchone()
            if row is None:
                raise Conflict(f"Answer {answer_id} already has an open appeal; an admin will review it.")
            return _appeal(conn.execute(_APPEAL_SELECT + " WHERE ap.id = ?", (row[0],)).fetchone())

        return await self._db.write(tx)

    async def list_appeals(self, community: tuple[Platform, str], status: str = "open") -> list[Appeal]:
        """The community's appeals with that status (or 'all'), oldest first."""
        if status != "all" and status not in STATUSES:
            raise InvalidInput("Appeal status must be open, accepted, rejected or all.")
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        where, params = "ap.community = ?", [community_id]
        if status != "all":
            where += " AND ap.status = ?"
            params.append(status)
        rows = await self._db.fetchall(f"{_APPEAL_SELECT} WHERE {where} ORDER BY ap.id", params)
        return [_appeal(r) for r in rows]

    async def resolve_appeal(self, appeal_id: int, accepted: bool, resolver: MemberRef) -> Appeal:
        """Accept or reject an open appeal (Conflict when it was already resolved)."""

        def tx(conn: sqlite3.Connection) -> Appeal:
            # One conditional UPDATE decides, so two admins resolving at once (even in two processes)
            # cannot both win.
            resolved = conn.execute(
                "UPDATE appeals SET status = ?, resolved_at = ?, resolver_user = ? "
                "WHERE id = ? AND status = 'open' RETURNING id",
                (
                    "accepted" if accepted else "rejected",
                    instant(datetime.now(UTC)),
                    str(resolver.user_id),
                    int(appeal_id),
                ),
            ).fetchone()
            if resolved is None:
                row = conn.execute("SELECT status FROM appeals WHERE id = ?", (int(appeal_id),)).fetchone()
                if row is None:
                    raise NotFound(f"There is no appeal {appeal_id}; `appeals` lists the open ones.")
                raise Conflict(f"Appeal {appeal_id} was already {row[0]}.")
            return _appeal(conn.execute(_APPEAL_SELECT + " WHERE ap.id = ?", (int(appeal_id),)).fetchone())

        return await self._db.write(tx)
