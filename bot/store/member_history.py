"""A member's own answers, newest first, for /today, /history and /progress."""

from __future__ import annotations

from bot.core.models import MemberRef
from bot.core.ports import AnswerRow
from bot.store.answers import _ANSWER_SELECT, _row
from bot.store.base import StoreBase


class MemberHistoryMixin(StoreBase):
    """Reads of one member's answers."""

    async def member_answers(
        self, member: MemberRef, *, round_id: int | None = None, limit: int | None = None
    ) -> list[AnswerRow]:
        """The member's answers (practice included), newest first; only one round's with `round_id`."""
        member_id = await self._find_member(member)
        if member_id is None:
            return []
        where, params = ["a.member = ?"], [member_id]
        if round_id is not None:
            where.append("a.round = ?")
            params.append(int(round_id))
        sql = f"{_ANSWER_SELECT} WHERE {' AND '.join(where)} ORDER BY a.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_row(r) for r in await self._db.fetchall(sql, params)]
