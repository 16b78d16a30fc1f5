"""Leaderboards, cohort totals and streak look-ups over the maintained aggregates.

Boards rank counted answers' points per member: all-time from `member_totals`, a week or month from
`member_periods` when the aggregate provably equals "answers since `since`" (the community's only
period start near and after `since` is `since` itself), otherwise by scanning answers since `since`
(exact, slower). Ties share a rank and are ordered by when the member first appeared. A member with
no counted answer in the period has no row: `me` is None and `neighbours` empty. The streak column
is the member's best current streak across the community's channels, read for every shown member in
one query. A rank is 1 + the members above, summed over the board's points histogram
(`board_points`), so it costs the same for the leader and for the last; cohort standings read the
cohorts' own aggregates (`cohort_periods`). All of them are kept by `bot/store/aggregates.py`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.core.errors import NotFound
from bot.core.models import (
    ChannelRef,
    CohortStanding,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    Standing,
    StreakState,
)
from bot.core.scoring import shared_ranks
from bot.store import streak_state
from bot.store.base import StoreBase
from bot.store.codec import instant

Row = tuple[int, int, int, int]  # member id, points, answers, correct


class StandingsMixin(StoreBase):
    """Streaks, leaderboards and cohort comparisons."""

    async def member_streak(self, channel: ChannelRef, member: MemberRef, today: date) -> StreakState:
        """The member's streak in the channel with today's status for the local day `today`."""
        channel_id = await self._find_channel(channel)
        if channel_id is None:
            return StreakState()
        member_id = await self._find_member(member) or 0
        return await streak_state.read_state(self._db, channel_id, member_id, today)

    async def _exact_period(self, community_id: int, since: datetime, kinds: tuple[Period, ...]) -> tuple:
        """(kind, start) whose aggregate equals "counted answers since `since`", or ()."""
        key = instant(since)
        for kind in kinds:
            rows = await self._db.fetchall(
                "SELECT start FROM community_periods WHERE community = ? AND kind = ? AND start >= ?",
                (community_id, str(kind), instant(since - timedelta(days=2))),
            )
            if [r[0] for r in rows] == [key]:
                return (str(kind), key)
        return ()

    async def _cohort_id(self, community_id: int, name: str) -> tuple[int, str]:
        row = await self._db.fetchone(
            "SELECT id, name FROM cohorts WHERE community = ? AND name_key = ?",
            (community_id, name.strip().casefold()),
        )
        if row is None:
            raise NotFound(f"There is no cohort called {name!r}; `cohort list` shows the cohorts.")
        return int(row[0]), row[1]

    async def leaderboard(
        self,
        community: tuple[Platform, str],
        period: Period,
        since: datetime | None,
        cohort: str | None,
        member: MemberRef | None,
        limit: int = 10,
    ) -> Leaderboard:
        """Top `limit` rows, the caller's row and the rows just above and below it."""
        period = Period(period)
        community_id = await self._find_community(*community)
        if community_id is None:
            if cohort is not None:
                raise NotFound(f"There is no cohort called {cohort!r}; `cohort list` shows the cohorts.")
            return Leaderboard(period, cohort, ())
        cohort_id, cohort_name = None, None
        if cohort is not None:
            cohort_id, cohort_name = await self._cohort_id(community_id, cohort)
        member_id = None if member is None else await self._find_member(member)
        limit = max(1, int(limit))
        if since is None:
            where, params = "t.community = ?", [community_id]
            top, me, near = await self._ranked_by_index(
                "member_totals", where, params, cohort_id, limit, member_id, (community_id, "all", "")
            )
        elif exact := await self._exact_period(community_id, since, (period,)):
            where, params = "t.community = ? AND t.kind = ? AND t.start = ?", [community_id, *exact]
            top, me, near = await self._ranked_by_index(
                "member_periods", where, params, cohort_id, limit, member_id, (community_id, *exact)
            )
        else:
            top, me, near = await self._ranked_by_scan(community_id, since, cohort_id, limit, member_id)
        shown = {r[0] for r in (*top, *near)}
        refs = await self._member_refs(shown)
        streaks = await streak_state.best_streaks(self._db, shown)

        def standing(row: tuple[int, int, int, int, int]) -> Standing:
            mid, pts, answers, correct, rank = row
            return Standing(rank, refs[mid], pts, answers, correct, streaks[mid])

        mine = None if me is None else standing(me)
        return Leaderboard(
            period=period,
            cohort=cohort_name,
            rows=tuple(standing(r) for r in top),
            me=mine,
            neighbours=tuple(standing(r) for r in near),
        )

    async def _ranked_by_index(
        self,
        table: str,
        where: str,
        params: list,
        cohort_id: int | None,
        limit: int,
        member_id: int | None,
        board: tuple[int, str, str],
    ) -> tuple[list, tuple | None, list]:
        if cohort_id is not None:
            where += " AND t.member IN (SELECT member FROM cohort_members WHERE cohort = ?)"
            params = [*params, cohort_id]
        cols = f"SELECT t.member, t.points, t.answers, t.correct FROM {table} t WHERE {where}"
        rows = await self._db.fetchall(f"{cols} ORDER BY t.points DESC, t.member LIMIT ?", [*params, limit])
        ranks = shared_ranks([r[1] for r in rows])
        top = [(*r, rank) for r, rank in zip(rows, ranks, strict=True)]
        if member_id is None:
            return top, None, []
        mine = await self._db.fetchone(f"{cols} AND t.member = ?", [*params, member_id])
        if mine is None:
            return top, None, []

        async def rank_of(pts: int) -> int:
            """1 + the members with more points: known from the top rows, else summed over the
            board's points histogram (a few hundred values at most), or counted inside a cohort."""
            known = next((r[4] for r in top if r[1] == pts), None)
            if known is not None:
                return known
            if cohort_id is None:
                row = await self._db.fetchone(
                    "SELECT COALESCE(SUM(members), 0) FROM board_points "
                    "WHERE community = ? AND kind = ? AND start = ? AND points > ?",
                    [*board, pts],
                )
            else:
                row = await self._db.fetchone(
                    f"SELECT COUNT(*) FROM {table} t WHERE {where} AND t.points > ?", [*params, pts]
                )
            return 1 + int(row[0])

        pts = mine[1]
        rank = await rank_of(pts)
        me = (*mine, rank)
        # Two index-range probes per side: ties first (same points, by member), then the next value.
        above = await self._db.fetchone(
            f"{cols} AND t.points = ? AND t.member < ? ORDER BY t.member DESC LIMIT 1",
            [*params, pts, member_id],
        ) or await self._db.fetchone(
            f"{cols} AND t.points > ? ORDER BY t.points ASC, t.member DESC LIMIT 1", [*params, pts]
        )
        below = await self._db.fetchone(
            f"{cols} AND t.points = ? AND t.member > ? ORDER BY t.member ASC LIMIT 1",
            [*params, pts, member_id],
        ) or await self._db.fetchone(
            f"{cols} AND t.points < ? ORDER BY t.points DESC, t.member ASC LIMIT 1", [*params, pts]
        )
        near: list = []
        if above is not None:
            near.append((*above, await rank_of(above[1])))
        near.append(me)
        if below is not None:
            near.append((*below, await rank_of(below[1])))
        return top, me, near

    async def _ranked_by_scan(
        self, community_id: int, since: datetime, cohort_id: int | None, limit: int, member_id: int | None
    ) -> tuple[list, tuple | None, list]:
        scope, params = "", [community_id, instant(since)]
        if cohort_id is not None:
            scope = " AND member IN (SELECT member FROM cohort_members WHERE cohort = ?)"
            params.append(cohort_id)
        rows = await self._db.fetchall(
            "SELECT member, SUM(points) AS p, COUNT(*), SUM(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END) "
            "FROM answers "
            f"WHERE community = ? AND counted = 1 AND submitted_at >= ?{scope} "
            "GROUP BY member ORDER BY p DESC, member",
            params,
        )
        ranks = shared_ranks([r[1] for r in rows])
        ranked = [(*r, rank) for r, rank in zip(rows, ranks, strict=True)]
        index = next((i for i, r in enumerate(ranked) if r[0] == member_id), None)
        if index is None:
            return ranked[:limit], None, []
        return ranked[:limit], ranked[index], ranked[max(0, index - 1) : index + 2]

    async def _member_refs(self, member_ids: set[int]) -> dict[int, MemberRef]:
        if not member_ids:
            return {}
        marks = ",".join("?" * len(member_ids))
        rows = await self._db.fetchall(
            "SELECT m.id, co.platform, co.external_id, m.external_id, m.name FROM members m "
            f"JOIN communities co ON co.id = m.community WHERE m.id IN ({marks})",
            sorted(member_ids),
        )
        return {r[0]: MemberRef(Platform(r[1]), r[2], r[3], r[4]) for r in rows}

    async def cohort_standings(
        self, community: tuple[Platform, str], since: datetime | None
    ) -> list[CohortStanding]:
        """Every cohort's totals over its current members (all time, or since `since`), ranked."""
        community_id = await self._find_community(*community)
        if community_id is None:
            return []
        if since is None:
            exact: tuple = ("all", "")
        else:
            exact = await self._exact_period(community_id, since, (Period.WEEK, Period.MONTH))
        if exact:
            rows = await self._db.fetchall(
                "SELECT c.name, c.members, COALESCE(p.points, 0), COALESCE(p.answers, 0), "
                "COALESCE(p.correct, 0) FROM cohorts c LEFT JOIN cohort_periods p "
                "ON p.cohort = c.id AND p.kind = ? AND p.start = ? "
                "WHERE c.community = ? ORDER BY 3 DESC, c.name_key",
                [*exact, community_id],
            )
        else:
            rows = await self._db.fetchall(
                "SELECT c.name, c.members, COALESCE(SUM(t.points), 0), COALESCE(SUM(t.answers), 0), "
                "COALESCE(SUM(t.correct), 0) FROM cohorts c "
                "LEFT JOIN cohort_members cm ON cm.cohort = c.id "
                "LEFT JOIN (SELECT member, SUM(points) AS points, COUNT(*) AS answers, "
                "SUM(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END) AS correct "
                "FROM answers WHERE community = ? AND counted = 1 "
                "AND submitted_at >= ? GROUP BY member) t ON t.member = cm.member "
                "WHERE c.community = ? GROUP BY c.id ORDER BY 3 DESC, c.name_key",
                [community_id, instant(since), community_id],
            )
        ranks = shared_ranks([r[2] for r in rows])
        return [
            CohortStanding(
                rank=rank, cohort=name, points=pts, answers=answers, correct=correct, members=members
            )
            for (name, members, pts, answers, correct), rank in zip(rows, ranks, strict=True)
        ]
