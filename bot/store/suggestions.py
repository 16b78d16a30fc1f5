"""Suggested questions: pending rows members add, reviewed once by an admin, audited.

The limit of pending suggestions per member is checked in the same transaction as the insert, under
a per-member lock on PostgreSQL (`_lock_author`). A
review is one conditional UPDATE (`WHERE status = 'pending'`), so two admins (even in two processes)
cannot both decide; the audit row (`admin_changes`) is written in that transaction.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from bot.core.models import MemberRef, Platform
from bot.core.suggestion_models import APPROVED, PENDING, STATUSES, AuthorCount, Community, Suggestion
from bot.store.base import StoreBase
from bot.store.codec import instant, read_instant

_SELECT = """
SELECT s.id, co.platform, co.external_id, m.external_id, m.name, s.channel_id, s.status, s.question,
       s.created_at, s.reviewer, s.reason
FROM suggestions s
JOIN communities co ON co.id = s.community
LEFT JOIN members m ON m.id = s.author
"""
_AUDIT = "INSERT INTO admin_changes (community, action, user_id, by_user, at) VALUES (?, ?, ?, ?, ?)"


def _suggestion(r: Any) -> Suggestion:
    platform = Platform(r[1])
    author = MemberRef(platform, r[2], r[3], r[4] or "") if r[3] is not None else None
    return Suggestion(id=int(r[0]), community=(platform, r[2]), author=author, channel_id=r[5],
                      status=r[6], question=json.loads(r[7]), created_at=read_instant(r[8]),
                      reviewer=r[9] or "", reason=r[10] or "")


def _encode(question: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in question.items() if k != "id"}, ensure_ascii=False)


class SuggestionsMixin(StoreBase):
    """Members suggest questions; admins approve, reject or edit them; approved ones form a pack."""

    async def add_suggestion(self, author: MemberRef, channel_id: str, question: dict[str, Any],
                             at: datetime, max_pending: int) -> Suggestion | None:
        """Store a pending suggestion; None (nothing stored) when the author has `max_pending` already."""

        def tx(conn: sqlite3.Connection) -> Suggestion | None:
            member_id, community_id = self._member_ids(conn, author)
            self._lock_author(conn, member_id)
            pending = conn.execute("SELECT COUNT(*) FROM suggestions WHERE author = ? AND status = ?",
                                   (member_id, PENDING)).fetchone()[0]
            if pending >= max_pending:
                return None
            row = conn.execute(
                "INSERT INTO suggestions (community, author, channel_id, status, prompt, question, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (community_id, member_id, str(channel_id), PENDING, str(question.get("prompt", "")),
                 _encode(question), instant(at)),
            ).fetchone()
            return _suggestion(conn.execute(_SELECT + " WHERE s.id = ?", (int(row[0]),)).fetchone())

        return await self._db.write(tx)

    async def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        row = await self._db.fetchone(_SELECT + " WHERE s.id = ?", (int(suggestion_id),))
        return None if row is None else _suggestion(row)

    async def list_suggestions(self, community: Community, status: str | None = None) -> list[Suggestion]:
        """The community's suggestions with that status (every status with None), oldest first."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        where, params = "s.community = ?", [community_id]
        if status is not None:
            if status not in STATUSES:
                raise ValueError(f"unknown suggestion status {status!r}")
            where += " AND s.status = ?"
            params.append(status)
        rows = await self._db.fetchall(f"{_SELECT} WHERE {where} ORDER BY s.id", params)
        return [_suggestion(r) for r in rows]

    async def edit_suggestion(self, suggestion_id: int, question: dict[str, Any], by_user: str,
                              at: datetime) -> bool:
        """Replace a pending suggestion's question, audited; False when it is not pending any more."""

        def tx(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "UPDATE suggestions SET question = ?, prompt = ? WHERE id = ? AND status = ? "
                "RETURNING community, author",
                (_encode(question), str(question.get("prompt", "")), int(suggestion_id), PENDING),
            ).fetchone()
            if row is None:
                return False
            conn.execute(_AUDIT, (row[0], "edit-suggestion", self._author_key(conn, row[1]), str(by_user),
                                  instant(at)))
            return True

        return await self._db.write(tx)

    async def review_suggestion(self, suggestion_id: int, status: str, by_user: str, reason: str,
                                at: datetime) -> bool:
        """Approve or reject a pending suggestion, audited; False when it was already reviewed."""

        def tx(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "UPDATE suggestions SET status = ?, reviewed_at = ?, reviewer = ?, reason = ? "
                "WHERE id = ? AND status = ? RETURNING community, author",
                (status, instant(at), str(by_user), str(reason), int(suggestion_id), PENDING),
            ).fetchone()
            if row is None:
                return False
            action = "approve-suggestion" if status == APPROVED else "reject-suggestion"
            conn.execute(_AUDIT, (row[0], action, self._author_key(conn, row[1]), str(by_user), instant(at)))
            return True

        return await self._db.write(tx)

    async def import_questions(self, community: Community, questions: list[dict[str, Any]], by_user: str,
                               at: datetime) -> list[int]:
        """Add questions to the community's pack as approved rows without an author; their ids."""

        def tx(conn: sqlite3.Connection) -> list[int]:
            community_id = self._community_id(conn, *community)
            ids = []
            for question in questions:
                row = conn.execute(
                    "INSERT INTO suggestions (community, author, channel_id, status, prompt, question, "
                    "created_at, reviewed_at, reviewer) VALUES (?, NULL, '', ?, ?, ?, ?, ?, ?) RETURNING id",
                    (community_id, APPROVED, str(question.get("prompt", "")), _encode(question), instant(at),
                     instant(at), str(by_user)),
                ).fetchone()
                ids.append(int(row[0]))
            if ids:
                conn.execute(_AUDIT, (community_id, "import-questions", f"{len(ids)} questions", str(by_user),
                                      instant(at)))
            return ids

        return await self._db.write(tx)

    async def author_counts(self, community: Community) -> list[AuthorCount]:
        """Approved suggestions per member, most first (ties by name)."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT m.external_id, m.name, COUNT(*) AS n FROM suggestions s "
            "JOIN members m ON m.id = s.author WHERE s.community = ? AND s.status = ? "
            "GROUP BY m.id, m.external_id, m.name "
            "ORDER BY n DESC, m.name, m.external_id",
            (community_id, APPROVED),
        )
        platform, external = Platform(community[0]), community[1]
        return [AuthorCount(MemberRef(platform, external, r[0], r[1] or ""), int(r[2])) for r in rows]

    @staticmethod
    def _lock_author(conn: sqlite3.Connection, member_id: int) -> bool:
        """Serialise one member's suggestions, so the pending limit holds; SQLite's single writer
        already does (nothing taken here), PostgreSQL's store takes an advisory lock."""
        return False

    @staticmethod
    def _author_key(conn: sqlite3.Connection, member_id: int | None) -> str:
        if member_id is None:
            return ""
        row = conn.execute("SELECT external_id FROM members WHERE id = ?", (member_id,)).fetchone()
        return str(row[0]) if row else ""
