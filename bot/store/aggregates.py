"""The aggregates kept in the same transaction as the change that moves them.

- `member_totals` / `member_periods`: a member's counted points, answers and correct answers, all
  time and per week/month (keyed by the period start in the round's schedule zone).
- `board_points`: how many members stand at each points value of each board (kind 'all' with an
  empty start is the all-time board), so a rank is a sum over the distinct values above.
- `community_periods`: every period start that has aggregates.
- `cohort_periods` and `cohorts.members`: a cohort's totals over its *current* members per board.
  A counted answer or a regrade moves the rows of every cohort the member is in; joining adds the
  member's whole history to the cohort, leaving takes it out again.

Every writer of answers, points or cohort membership goes through these functions; migration
0007 rebuilds the same numbers from the stored answers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from functools import cache

from bot.store.db import batch_fold

ALL_TIME = ("all", "")  # (kind, start) of the all-time board

_MEMBER_TOTAL = (
    "INSERT INTO member_totals (member, community, points, answers, correct) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (member) DO UPDATE SET points = member_totals.points + excluded.points, "
    "answers = member_totals.answers + excluded.answers, "
    "correct = member_totals.correct + excluded.correct RETURNING answers, points"
)
_MEMBER_PERIODS = (  # one row per period board; the rows come back with their board
    "INSERT INTO member_periods (member, kind, start, community, points, answers, correct) "
    "VALUES {rows} ON CONFLICT (member, kind, start) DO UPDATE SET "
    "points = member_periods.points + excluded.points, answers = member_periods.answers + excluded.answers, "
    "correct = member_periods.correct + excluded.correct RETURNING kind, start, answers, points"
)
_PERIODS = (
    "INSERT INTO community_periods (community, kind, start) VALUES {rows} "
    "ON CONFLICT (community, kind, start) DO NOTHING"
)
_BOARD_POINTS = (
    "INSERT INTO board_points (community, kind, start, points, members) VALUES {rows} "
    "ON CONFLICT (community, kind, start, points) DO UPDATE SET "
    "members = board_points.members + excluded.members"
)
_COHORT_PERIODS = (
    "INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct) VALUES {rows} "
    "ON CONFLICT (cohort, kind, start) DO UPDATE SET points = cohort_periods.points + excluded.points, "
    "answers = cohort_periods.answers + excluded.answers, correct = cohort_periods.correct + excluded.correct"
)


class SharedFold:
    """The `board_points`, `community_periods` and `cohort_periods` changes of one group-committed
    batch, summed per row and written once before its COMMIT (`bot.store.db.batch_fold`): these
    rows are shared by a whole community or cohort, so a backlog of answers moves the same rows
    many times. Every row a write-by-write run would touch is written (a sum of 0 included), and
    only sums are deferred (nothing in a write reads these rows), so the tables end up the same."""

    def __init__(self) -> None:
        self._points: dict[tuple, int] = {}  # (community, kind, start, points) -> members
        self._periods: dict[tuple, None] = {}  # an ordered set of (community, kind, start)
        self._cohorts: dict[tuple, list[int]] = {}  # (cohort, kind, start) -> [points, answers, correct]
        self._staged: list[tuple[list, list, list]] = []

    def stage(self, shifted: list, new_periods: list, cohort_rows: list) -> None:
        """One write's moves: flat board and period parameters (5 and 3 values a row), cohort rows."""
        self._staged.append((shifted, new_periods, cohort_rows))

    def keep(self) -> None:
        for shifted, new_periods, cohort_rows in self._staged:
            for community, kind, start, points, members in zip(*[iter(shifted)] * 5, strict=True):
                row = (community, kind, start, points)
                self._points[row] = self._points.get(row, 0) + members
            self._periods.update(dict.fromkeys(zip(*[iter(new_periods)] * 3, strict=True)))
            for cohort, kind, start, d_points, d_answers, d_correct in cohort_rows:
                sums = self._cohorts.setdefault((cohort, kind, start), [0, 0, 0])
                sums[0] += d_points
                sums[1] += d_answers
                sums[2] += d_correct
        self.drop()

    def drop(self) -> None:
        self._staged.clear()

    def clear(self) -> None:
        self.drop()
        self._points.clear()
        self._periods.clear()
        self._cohorts.clear()

    def flush(self, conn: sqlite3.Connection) -> None:
        _write_rows(conn, _PERIODS, 3, [v for row in self._periods for v in row])
        _write_rows(conn, _BOARD_POINTS, 5, [v for row, n in sorted(self._points.items()) for v in (*row, n)])
        _write_rows(
            conn, _COHORT_PERIODS, 6, [v for row, s in sorted(self._cohorts.items()) for v in (*row, *s)]
        )


def _write_rows(conn: sqlite3.Connection, sql: str, width: int, params: list) -> None:
    """Run a multi-row statement over flat `params`: up to 8 rows (one answer's) in one statement,
    more in chunks of 64, 32 or 16 rows (a few statement shapes, each prepared once)."""
    count, done = len(params) // width, 0
    while done < count:
        left = count - done
        size = left if left <= 8 else min(64, 1 << (left.bit_length() - 1))
        conn.execute(_rows(sql, width, size), params[done * width : (done + size) * width])
        done += size


@cache
def _rows(sql: str, width: int, count: int) -> str:
    """`sql` with `count` rows of `width` placeholders (one cached text per shape, so a prepared
    statement is reused)."""
    row = "(" + ", ".join("?" * width) + ")"
    return sql.format(rows=", ".join([row] * count))


def add(
    conn: sqlite3.Connection,
    member_id: int,
    community_id: int,
    keys: Mapping[str, str],
    d_points: int,
    d_answers: int,
    d_correct: int,
) -> None:
    """Move a member's all-time and period aggregates (`keys`: kind -> period start), the boards'
    points histograms and the aggregates of the member's cohorts by the given differences.

    One statement per table whatever the number of periods: the member's period rows come back
    with their board, so the member's first row on a board (its `answers` equal to the difference)
    is seen without reading first. In a group-committed batch the community-wide rows are folded
    (`SharedFold`)."""
    periods = [(str(kind), start) for kind, start in keys.items()]
    answers, points = conn.execute(
        _MEMBER_TOTAL, (member_id, community_id, d_points, d_answers, d_correct)
    ).fetchone()
    moved = [(*ALL_TIME, answers, points)]
    if periods:
        params = [
            v
            for kind, start in periods
            for v in (member_id, kind, start, community_id, d_points, d_answers, d_correct)
        ]
        moved += conn.execute(_rows(_MEMBER_PERIODS, 7, len(periods)), params).fetchall()
    shifted: list = []
    new_periods: list = []
    for kind, start, answers, points in moved:
        first = bool(d_answers) and answers == d_answers  # the member's first row on this board
        if first and kind != ALL_TIME[0]:
            new_periods += (community_id, kind, start)
        if d_points or first:
            shifted += (community_id, kind, start, points, 1)
            if not first:
                shifted += (community_id, kind, start, points - d_points, -1)
    boards = [ALL_TIME, *periods]
    cohort_rows = [
        (c, kind, start, d_points, d_answers, d_correct)
        for (c,) in conn.execute(
            "SELECT cohort FROM cohort_members WHERE member = ? ORDER BY cohort", (member_id,)
        )
        for kind, start in boards
    ]
    fold = batch_fold(conn, SharedFold)
    if fold is not None:
        fold.stage(shifted, new_periods, cohort_rows)
    else:
        _write_rows(conn, _PERIODS, 3, new_periods)
        _write_rows(conn, _BOARD_POINTS, 5, shifted)
        _write_rows(conn, _COHORT_PERIODS, 6, [v for row in cohort_rows for v in row])


def move_into_cohort(conn: sqlite3.Connection, cohort_id: int, member_id: int, sign: int) -> None:
    """Add (sign 1, on joining) or take out (sign -1, on leaving) the member's whole history to or
    from the cohort's aggregates, and count the member in or out."""
    rows = conn.execute(
        "SELECT 'all', '', points, answers, correct FROM member_totals WHERE member = ? "
        "UNION ALL SELECT kind, start, points, answers, correct FROM member_periods WHERE member = ?",
        (member_id, member_id),
    ).fetchall()
    _write_rows(
        conn,
        _COHORT_PERIODS,
        6,
        [v for kind, start, p, a, c in rows for v in (cohort_id, kind, start, sign * p, sign * a, sign * c)],
    )
    conn.execute("UPDATE cohorts SET members = members + ? WHERE id = ?", (sign, cohort_id))
