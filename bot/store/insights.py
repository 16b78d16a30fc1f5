"""Read-only queries behind the dashboard and chart images: activity per day, streaks, topics, history.

Every method reads committed data through the reader connection and returns the plain rows of
`bot.core.reports`; nothing here writes. Counted answers (first in-time answers to daily rounds) are
what community figures measure; a member's own page also shows their practice answers.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, datetime

from bot.core.models import ChannelRef, MemberRef, Platform, RoundStatus
from bot.core.reports import DayActivity, MemberRound, MissedPoint, RoundRecord, ScoredAnswer, TopicResult
from bot.core.streaks import RoundMark, StreakCounters, advance
from bot.store.base import StoreBase
from bot.store.codec import instant, read_instant

Community = tuple[Platform, str]

ROUND_COLUMNS = "co.platform, co.external_id, ch.external_id, ch.name"
ROUND_FROM = "rounds r JOIN channels ch ON ch.id = r.channel JOIN communities co ON co.id = ch.community"


def _channel(platform: str, community: str, channel: str, name: str) -> ChannelRef:
    return ChannelRef(Platform(platform), community, channel, name)


def _missed_counts(rows: list) -> Counter[tuple]:
    """(key, key point) -> misses, from rows of (key, missed JSON list, answers with that list).

    Answers are grouped by their whole list in SQL first: a question has few distinct lists, so this
    parses a few thousand lists however many answers there are. A point listed twice counts once.
    """
    counts: Counter[tuple] = Counter()
    for key, missed, n in rows:
        for point in set(json.loads(missed or "[]")):
            counts[(key, str(point))] += int(n)
    return counts


class InsightsMixin(StoreBase):
    """Dashboard reads over one community."""

    async def find_communities(self, external_id: str) -> list[Community]:
        """Every (platform, id) whose server or workspace id is `external_id`."""
        rows = await self._db.fetchall(
            "SELECT platform, external_id FROM communities WHERE external_id = ? ORDER BY platform",
            (str(external_id),),
        )
        return [(Platform(p), e) for p, e in rows]

    async def find_members(self, community: Community, text: str) -> list[MemberRef]:
        """Members of the community whose user id is `text` or whose name is `text` (any case)."""
        rows = await self._db.fetchall(
            "SELECT m.external_id, m.name FROM members m JOIN communities co ON co.id = m.community "
            "WHERE co.platform = ? AND co.external_id = ? "
            "AND (m.external_id = ? OR lower(m.name) = lower(?)) "
            "ORDER BY m.external_id <> ?, m.id",
            (Platform(community[0]).value, community[1], text, text, text),
        )
        return [MemberRef(Platform(community[0]), community[1], uid, name) for uid, name in rows]

    async def community_size(self, community: Community) -> int:
        """How many members the community has seen."""
        cid = await self._find_community(*community)
        if cid is None:
            return 0
        row = await self._db.fetchone("SELECT COUNT(*) FROM members WHERE community = ?", (cid,))
        return int(row[0])

    async def daily_activity(self, community: Community, since: date) -> list[DayActivity]:
        """Per local date with a posted round since `since`: rounds, members answering, answers, correct.

        Counted answers are unique per member and round, so a day with one round counts its answers;
        only days with several rounds (channels) ask for their distinct members.
        """
        cid = await self._find_community(*community)
        if cid is None:
            return []
        rows = await self._db.fetchall(
            "SELECT r.local_date, COUNT(a.member), "
            "COALESCE(SUM(CASE WHEN a.verdict = 'correct' THEN 1 ELSE 0 END), 0) "
            "FROM rounds r JOIN channels ch ON ch.id = r.channel "
            "LEFT JOIN answers a INDEXED BY answers_counted_by_round ON a.round = r.id AND a.counted = 1 "
            "WHERE ch.community = ? AND r.status <> 'skipped' AND r.local_date >= ? GROUP BY r.id",
            (cid, since.isoformat()),
        )
        days: dict[str, list[int]] = {}
        for local_date, answers, correct in rows:
            day = days.setdefault(local_date, [0, 0, 0])
            day[0] += 1
            day[1] += int(answers)
            day[2] += int(correct)
        shared = [d for d, (rounds, _, _) in days.items() if rounds > 1]
        distinct: dict[str, int] = {}
        if shared:
            distinct = dict(
                await self._db.fetchall(
                    "SELECT r.local_date, COUNT(DISTINCT a.member) FROM rounds r "
                    "JOIN channels ch ON ch.id = r.channel "
                    "JOIN answers a ON a.round = r.id AND a.counted = 1 "
                    f"WHERE ch.community = ? AND r.local_date IN ({','.join('?' * len(shared))}) "
                    "GROUP BY r.local_date",
                    (cid, *shared),
                )
            )
        return [
            DayActivity(date.fromisoformat(d), n, distinct.get(d, answers), answers, correct)
            for d, (n, answers, correct) in sorted(days.items())
        ]

    async def current_streaks(self, community: Community) -> list[int]:
        """Each member's best current streak over the community's channels (members with a fold)."""
        cid = await self._find_community(*community)
        if cid is None:
            return []
        states = await self._db.fetchall(
            "SELECT s.channel, s.member, s.current, s.longest, s.freezes, s.run, s.settled_through "
            "FROM member_streaks s JOIN channels ch ON ch.id = s.channel WHERE ch.community = ?",
            (cid,),
        )
        rounds = await self._db.fetchall(
            "SELECT r.id, r.channel, r.local_date, r.status "
            "FROM rounds r JOIN channels ch ON ch.id = r.channel "
            "WHERE ch.community = ? AND r.status <> 'skipped' ORDER BY r.local_date",
            (cid,),
        )
        answered = await self._db.fetchall(  # only rounds after each member's settled date are read
            "SELECT a.member, a.round FROM member_streaks s JOIN channels ch ON ch.id = s.channel "
            "JOIN rounds r ON r.channel = s.channel AND r.local_date > COALESCE(s.settled_through, '') "
            "JOIN answers a ON a.member = s.member AND a.round = r.id AND a.counted = 1 "
            "WHERE ch.community = ?",
            (cid,),
        )
        done = set(map(tuple, answered))
        by_channel: dict[int, list] = defaultdict(list)
        for rid, channel, local_date, status in rounds:
            by_channel[channel].append((rid, local_date, status))
        best: dict[int, int] = {}
        for channel, member, current, longest, freezes, run, settled in states:
            through = settled or ""
            marks = [
                RoundMark(date.fromisoformat(d), s == "closed", (member, rid) in done)
                for rid, d, s in by_channel[channel]
                if d > through
            ]
            start = StreakCounters(current, longest, freezes, run)
            folded = advance(start, date.fromisoformat(settled) if settled else None, marks).view
            best[member] = max(best.get(member, 0), folded.current)
        return list(best.values())

    async def topic_results(self, community: Community) -> list[TopicResult]:
        """Counted answers and correct ones per question: for every member, then per cohort.

        One grouped read per (question, member) serves both; cohorts are summed from it here.
        """
        cid = await self._find_community(*community)
        if cid is None:
            return []
        rows = await self._db.fetchall(
            "SELECT question_id, member, COUNT(*), SUM(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END) "
            "FROM answers "
            "WHERE community = ? AND counted = 1 GROUP BY question_id, member",
            (cid,),
        )
        cohorts: dict[int, list[str]] = defaultdict(list)
        for member, name in await self._db.fetchall(
            "SELECT cm.member, c.name FROM cohorts c JOIN cohort_members cm ON cm.cohort = c.id "
            "WHERE c.community = ?",
            (cid,),
        ):
            cohorts[member].append(name)
        totals: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0])
        for question, member, answers, correct in rows:
            for name in (None, *cohorts.get(member, ())):
                cell = totals[(name, question)]
                cell[0] += int(answers)
                cell[1] += int(correct)
        return [TopicResult(c, q, n, k) for (c, q), (n, k) in totals.items()]

    async def missed_points(self, community: Community, limit: int = 15) -> list[MissedPoint]:
        """The key points missed most often in counted answers, with their question's answer count."""
        cid = await self._find_community(*community)
        if cid is None:
            return []
        rows = await self._db.fetchall(
            "SELECT question_id, missed, COUNT(*) FROM answers WHERE community = ? AND counted = 1 "
            "GROUP BY question_id, missed",
            (cid,),
        )
        misses = _missed_counts(rows)
        totals: Counter[str] = Counter()
        for question, _, n in rows:
            totals[question] += int(n)
        ranked = sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))[: max(1, int(limit))]
        return [MissedPoint(q, k, n, totals[q]) for (q, k), n in ranked]

    async def member_rounds(self, member: MemberRef) -> list[MemberRound]:
        """Every posted round of the member's community, oldest first, and whether they answered it."""
        member_id = await self._find_member(member) or 0
        rows = await self._db.fetchall(
            f"SELECT {ROUND_COLUMNS}, r.local_date, r.status, EXISTS (SELECT 1 FROM answers a "
            f"WHERE a.member = ? AND a.round = r.id AND a.counted = 1) FROM {ROUND_FROM} "
            "WHERE co.platform = ? AND co.external_id = ? AND r.status <> 'skipped' ORDER BY r.local_date",
            (member_id, Platform(member.platform).value, member.community_id),
        )
        return [
            MemberRound(_channel(*r[:4]), date.fromisoformat(r[4]), RoundStatus(r[5]), bool(r[6]))
            for r in rows
        ]

    async def member_scores(self, member: MemberRef, since: datetime | None = None) -> list[ScoredAnswer]:
        """The member's answers (daily and practice) since `since`, oldest first."""
        member_id = await self._find_member(member)
        if member_id is None:
            return []
        rows = await self._db.fetchall(
            "SELECT a.submitted_at, r.local_date, a.question_id, a.score, a.verdict, a.counted "
            "FROM answers a LEFT JOIN rounds r ON r.id = a.round WHERE a.member = ? AND a.submitted_at >= ? "
            "ORDER BY a.submitted_at, a.id",
            (member_id, instant(since) if since else ""),
        )
        return [
            ScoredAnswer(read_instant(t), date.fromisoformat(d) if d else None, q, float(s), v, bool(c))
            for t, d, q, s, v, c in rows
        ]

    async def round_records(self, community: Community, limit: int = 60) -> list[RoundRecord]:
        """The latest rounds with a question, newest first, with their counted answers' figures."""
        rows = await self._db.fetchall(
            f"SELECT r.id, {ROUND_COLUMNS}, r.local_date, r.question_id, r.status, COUNT(a.id), "
            "COALESCE(SUM(CASE WHEN a.verdict = 'correct' THEN 1 ELSE 0 END), 0), COALESCE(AVG(a.score), 0) "
            f"FROM {ROUND_FROM} LEFT JOIN answers a INDEXED BY answers_counted_by_round "
            "ON a.round = r.id AND a.counted = 1 WHERE r.id IN (SELECT r.id FROM "
            f"{ROUND_FROM} WHERE co.platform = ? AND co.external_id = ? AND r.question_id IS NOT NULL "
            "AND r.status <> 'skipped' ORDER BY r.local_date DESC, r.id DESC LIMIT ?) "
            "GROUP BY r.id, ch.id, co.id ORDER BY r.local_date DESC, r.id DESC",
            (Platform(community[0]).value, community[1], max(1, int(limit))),
        )
        if not rows:
            return []
        ids = [r[0] for r in rows]
        grouped = await self._db.fetchall(
            "SELECT round, missed, COUNT(*) FROM answers "
            f"WHERE counted = 1 AND round IN ({','.join('?' * len(ids))}) GROUP BY round, missed",
            ids,
        )
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for (rid, point), n in _missed_counts(grouped).items():
            counts[rid][point] = n

        def most(rid: int) -> str | None:
            found = counts.get(rid)
            return min(found.items(), key=lambda kv: (-kv[1], kv[0]))[0] if found else None

        return [
            RoundRecord(
                rid,
                _channel(p, c, ch, name),
                date.fromisoformat(d),
                q,
                RoundStatus(s),
                int(n),
                int(k),
                float(mean),
                most(rid),
            )
            for rid, p, c, ch, name, d, q, s, n, k, mean in rows
        ]
