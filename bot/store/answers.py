"""Answers: exactly-once counting with points and streak in one transaction, stats, export, regrade.

An answer counts when the draft is countable, names a round that was posted (not skipped) and the
member has no counted answer for that round yet; the check runs inside the write transaction
(BEGIN IMMEDIATE), and a unique partial index on counted answers per member and round backs it, so
two identical submissions at once yield exactly one counted answer. Everything else is practice
with 0 points. One write holds everything an answer changes: the answer row, the stored streak
fold, the member's totals and week/month aggregates (keyed by the period start in the round's
schedule zone), the aggregates of the member's cohorts, the round's live count (`rounds.answered`,
so the count is read, never scanned) and, when asked, the member's spaced-repetition state.
Leaderboard `answers` and `correct` count counted answers only.

On PostgreSQL (several writers) the same write is one READ COMMITTED transaction whose row locks
replace SQLite's single writer: upsert the member (locks its row), `SELECT ... FOR UPDATE` the
member's `member_streaks` row for the channel (serialises one member's answers in a channel, so the
"already counted" check and the streak fold see each other), insert the answer (the unique partial
index stays the last word on exactly-once), lock and replace the review row, then the shared hot
rows last and in a fixed order (member aggregates, cohort rows by cohort id, the round's counter)
so their locks are held only until COMMIT and two answers never wait on each other in a cycle.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from functools import lru_cache

from bot.core.errors import NotFound
from bot.core.models import (
    AnswerDraft,
    ChannelRef,
    MemberRef,
    Period,
    Platform,
    RecordedAnswer,
    RoundStats,
    Verdict,
)
from bot.core.ports import AnswerRow, ReviewUpdate
from bot.core.scoring import local_midnight, period_start, points, zone
from bot.core.streaks import to_state
from bot.store import aggregates, streak_state
from bot.store.base import StoreBase
from bot.store.codec import instant, read_date, read_instant
from bot.store.reviews import current_review, put_review

PAGE = 1000
PERIOD_KINDS = (Period.WEEK, Period.MONTH)

_ANSWER_SELECT = """
SELECT a.id, co.platform, co.external_id, m.external_id, m.name, ch.external_id, ch.name, a.round,
       r.local_date, a.question_id, a.body, a.score, a.verdict, a.points, a.counted, a.grader_version,
       a.submitted_at, a.source
FROM answers a
JOIN members m ON m.id = a.member
JOIN communities co ON co.id = a.community
LEFT JOIN rounds r ON r.id = a.round
LEFT JOIN channels ch ON ch.id = r.channel
"""


@lru_cache(maxsize=256)
def _period_keys(day: date, tz: str) -> tuple[tuple[str, str], ...]:
    """The week and month keys of an answer given on local `day` in `tz` (the same for every
    answer of that day, so computed once)."""
    midnight = local_midnight(day, zone(tz))
    return tuple((str(p), instant(period_start(p, midnight, tz))) for p in PERIOD_KINDS)


def _row(r: tuple) -> AnswerRow:
    platform = Platform(r[1])
    return AnswerRow(
        id=r[0],
        member=MemberRef(platform, r[2], r[3], r[4]),
        channel=None if r[5] is None else ChannelRef(platform, r[2], r[5], r[6]),
        round_id=r[7],
        local_date=read_date(r[8]),
        question_id=r[9],
        text=r[10],
        score=r[11],
        verdict=r[12],
        points=r[13],
        counted=bool(r[14]),
        grader_version=r[15],
        submitted_at=read_instant(r[16]),
        source=r[17],
    )


class AnswersMixin(StoreBase):
    """Recording answers and reading them back."""

    async def record_answer(self, draft: AnswerDraft, review: ReviewUpdate | None = None) -> RecordedAnswer:
        """Store an answer; the first countable one per member and round counts (see module doc).

        With `review`, the member's review state for the question becomes `review(current state)`
        in the same write.
        """
        return await self._db.write(lambda conn: self._record(conn, draft, review))

    def _record(
        self, conn: sqlite3.Connection, draft: AnswerDraft, review: ReviewUpdate | None
    ) -> RecordedAnswer:
        submitted = draft.submitted_at
        if submitted.tzinfo is None:
            submitted = submitted.replace(tzinfo=UTC)
        verdict = Verdict(draft.grade.verdict).value
        member_id, community_id = self._member_ids(conn, draft.member)
        found = None
        if draft.round_id is not None:
            found = conn.execute(
                "SELECT r.id, r.channel, r.local_date, r.status, s.tz, EXISTS (SELECT 1 FROM answers a "
                "WHERE a.member = ? AND a.round = r.id AND a.counted = 1) FROM rounds r "
                "LEFT JOIN schedules s ON s.channel = r.channel WHERE r.id = ?",
                (member_id, int(draft.round_id)),
            ).fetchone()
            if found is None:
                raise NotFound(f"There is no round {draft.round_id}; answer the current question instead.")
        if found is not None and self._lock_fold(conn, found[1], member_id):
            found = (*found[:5], self._counted_already(conn, member_id, found[0]))  # after the lock
        posted = found is not None and found[3] != "skipped"
        counts = bool(draft.countable and posted and not found[5])
        streak, earned, keys = None, 0, {}
        if posted:
            round_id, channel_id, local_date, _, tz, _ = found
            answering = (round_id, read_date(local_date)) if counts else None
            done, marks = streak_state.progress(conn, channel_id, member_id, answering)
            today = submitted.astimezone(zone(tz or "UTC")).date()
            streak = to_state(done.view, streak_state.status_on(conn, channel_id, member_id, today, marks))
            if counts:
                earned = points(draft.grade.score, draft.difficulty, done.view.current, draft.grade.verdict)
                streak_state.save(conn, channel_id, member_id, done)
                keys = dict(_period_keys(today, tz or "UTC"))
        row = conn.execute(
            "INSERT INTO answers (member, community, round, question_id, difficulty, body, score, "
            "verdict, missed, points, counted, grader_version, source, submitted_at, week_key, "
            "month_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                member_id,
                community_id,
                None if found is None else found[0],
                draft.question_id,
                str(draft.difficulty),
                draft.text,
                float(draft.grade.score),
                verdict,
                json.dumps(list(draft.grade.missed)),
                earned,
                int(counts),
                draft.grade.grader_version,
                draft.source,
                instant(submitted),
                keys.get(Period.WEEK.value),
                keys.get(Period.MONTH.value),
            ),
        ).fetchone()
        answered = None
        if counts:
            correct = int(verdict == Verdict.CORRECT.value)
            aggregates.add(conn, member_id, community_id, keys, earned, 1, correct)
            (answered,) = conn.execute(
                "UPDATE rounds SET answered = answered + 1 WHERE id = ? RETURNING answered", (found[0],)
            ).fetchone()
        if review is not None:
            put_review(conn, member_id, review(current_review(conn, member_id, draft.question_id)))
        return RecordedAnswer(
            answer_id=int(row[0]), counted=counts, points=earned, streak=streak, answered=answered
        )

    @staticmethod
    def _counted_already(conn: sqlite3.Connection, member_id: int, round_id: int) -> bool:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM answers WHERE member = ? AND round = ? AND counted = 1)",
            (member_id, round_id),
        ).fetchone()
        return bool(row[0])

    async def update_answer_grade(
        self, answer_id: int, score: float, verdict: str, points: int, grader_version: str
    ) -> None:
        """Regrade an answer; a counted one moves its totals by the difference (practice keeps 0 points)."""
        verdict = Verdict(verdict).value

        def tx(conn: sqlite3.Connection) -> None:
            old = conn.execute(
                "SELECT member, community, counted, points, verdict, week_key, month_key "
                "FROM answers WHERE id = ?",
                (int(answer_id),),
            ).fetchone()
            if old is None:
                raise NotFound(f"There is no answer {answer_id}.")
            member_id, community_id, counted, old_points, old_verdict, week, month = old
            new_points = int(points) if counted else 0
            conn.execute(
                "UPDATE answers SET score = ?, verdict = ?, points = ?, grader_version = ? WHERE id = ?",
                (float(score), verdict, new_points, grader_version, int(answer_id)),
            )
            if counted:
                d_correct = int(verdict == "correct") - int(old_verdict == "correct")
                keys = {k: v for k, v in (("week", week), ("month", month)) if v}
                aggregates.add(conn, member_id, community_id, keys, new_points - old_points, 0, d_correct)

        await self._db.write(tx)

    async def round_stats(self, round_id: int) -> RoundStats:
        """Counted answers of a round, how many were correct, and the key point missed most often."""
        rows = await self._db.fetchall(
            "SELECT verdict, missed FROM answers WHERE round = ? AND counted = 1", (int(round_id),)
        )
        missed: Counter[str] = Counter()
        for _, items in rows:
            missed.update(set(json.loads(items)))
        most = min(missed.items(), key=lambda kv: (-kv[1], kv[0]))[0] if missed else None
        return RoundStats(
            answers=len(rows), correct=sum(1 for v, _ in rows if v == "correct"), most_missed=most
        )

    async def answer_count(self, round_id: int) -> int:
        """How many members have a counted answer for the round (the counter kept on the round)."""
        row = await self._db.fetchone("SELECT answered FROM rounds WHERE id = ?", (int(round_id),))
        return 0 if row is None else int(row[0])

    async def question_scores(self, channel: ChannelRef) -> dict[str, list[float]]:
        """Counted scores per question asked in the channel, oldest first."""
        channel_id = await self._find_channel(channel)
        if channel_id is None:
            return {}
        rows = await self._db.fetchall(
            "SELECT a.question_id, a.score FROM rounds r JOIN answers a ON a.round = r.id "
            "WHERE r.channel = ? AND a.counted = 1 ORDER BY a.id",
            (channel_id,),
        )
        scores: dict[str, list[float]] = {}
        for question_id, score in rows:
            scores.setdefault(question_id, []).append(score)
        return scores

    async def get_answer(self, answer_id: int) -> AnswerRow | None:
        """One stored answer by id, or None."""
        row = await self._db.fetchone(f"{_ANSWER_SELECT} WHERE a.id = ?", (int(answer_id),))
        return None if row is None else _row(row)

    async def iter_answers(
        self,
        *,
        channel: ChannelRef | None = None,
        cohort: str | None = None,
        community: tuple[Platform, str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AsyncIterator[AnswerRow]:
        """Every stored answer (practice included) matching the filters, oldest first, in pages."""
        where, params = ["a.id > ?"], []
        if channel is not None:
            channel_id = await self._find_channel(channel)
            if channel_id is None:
                return
            where.append("r.channel = ?")
            params.append(channel_id)
        community_id = None
        if community is not None:
            community_id = await self._find_community(*community)
            if community_id is None:
                return
            where.append("a.community = ?")
            params.append(community_id)
        if cohort is not None:
            scope = "" if community_id is None else " AND c.community = ?"
            where.append(
                "a.member IN (SELECT cm.member FROM cohort_members cm JOIN cohorts c ON c.id = cm.cohort "
                f"WHERE c.name_key = ?{scope})"
            )
            params.append(cohort.strip().casefold())
            if community_id is not None:
                params.append(community_id)
        if since is not None:
            where.append("a.submitted_at >= ?")
            params.append(instant(since))
        if until is not None:
            where.append("a.submitted_at < ?")
            params.append(instant(until))
        sql = f"{_ANSWER_SELECT} WHERE {' AND '.join(where)} ORDER BY a.id LIMIT {PAGE}"
        last = 0
        while True:
            rows = await self._db.fetchall(sql, [last, *params])
            for r in rows:
                yield _row(r)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]
