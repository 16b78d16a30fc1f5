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
_COHORT_PERIOD = (
    "INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (cohort, kind, start) DO UPDATE SET points = cohort_periods.points + excluded.points, "
    "answers = cohort_periods.answers + excluded.answers, correct = cohort_periods.correct + excluded.correct"
)
# Every board of every cohort the member is in, in one statement (in cohort id order, the order
# PostgreSQL's writers lock shared rows in). VALUES columns are column1, column2 in both databases.
_MEMBER_COHORTS = (
    "INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct) "
    "SELECT cm.cohort, b.column1, b.column2, ?, ?, ? FROM cohort_members cm, (VALUES {rows}) AS b "
    "WHERE cm.member = ? ORDER BY cm.cohort, b.column1, b.column2 "
    "ON CONFLICT (cohort, kind, start) DO UPDATE SET points = cohort_periods.points + excluded.points, "
    "answers = cohort_periods.answers + excluded.answers, correct = cohort_periods.correct + excluded.correct"
)


class BoardFold:
    """The `board_points` and `community_periods` changes of one group-committed batch, summed per
    row and written once before its COMMIT (`bot.store.db.batch_fold`): these rows are shared by a
    whole community, so a backlog of answers moves the same few rows many times. Every row a
    write-by-write run would touch is written (a sum of 0 included), so the tables end up the same."""

    def __init__(self) -> None:
        self._points: dict[tuple, int] = {}
        self._periods: dict[tuple, None] = {}  # an ordered set
        self._staged_points: list[tuple] = []
        self._staged_periods: list[tuple] = []

    def stage(self, shifted: list, new_periods: list) -> None:
        """One write's moves, as flat parameter lists (5 values per board row, 3 per period)."""
        self._staged_points += zip(*[iter(shifted)] * 5, strict=True)
        self._staged_periods += zip(*[iter(new_periods)] * 3, strict=True)

    def keep(self) -> None:
        for community, kind, start, points, members in self._staged_points:
            row = (community, kind, start, points)
            self._points[row] = self._points.get(row, 0) + members
        self._periods.update(dict.fromkeys(self._staged_periods))
        self.drop()

    def drop(self) -> None:
        self._staged_points.clear()
        self._staged_periods.clear()

    def clear(self) -> None:
        self.drop()
        self._points.clear()
        self._periods.clear()

    def flush(self, conn: sqlite3.Connection) -> None:
        _write_rows(conn, _PERIODS, 3, [v for row in self._periods for v in row])
        _write_rows(conn, _BOARD_POINTS, 5, [v for row, n in sorted(self._points.items()) for v in (*row, n)])


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
    (`BoardFold`)."""
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
    fold = batch_fold(conn, BoardFold)
    if fold is not None:
        fold.stage(shifted, new_periods)
    else:
        _write_rows(conn, _PERIODS, 3, new_periods)
        _write_rows(conn, _BOARD_POINTS, 5, shifted)
    boards = [ALL_TIME, *periods]
    conn.execute(
        _rows(_MEMBER_COHORTS, 2, len(boards)),
        [d_points, d_answers, d_correct, *(v for board in boards for v in board), member_id],
    )


def move_into_cohort(conn: sqlite3.Connection, cohort_id: int, member_id: int, sign: int) -> None:
    """Add (sign 1, on joining) or take out (sign -1, on leaving) the member's whole history to or
    from the cohort's aggregates, and count the member in or out."""
    rows = conn.execute(
        "SELECT 'all', '', points, answers, correct FROM member_totals WHERE member = ? "
        "UNION ALL SELECT kind, start, points, answers, correct FROM member_periods WHERE member = ?",
        (member_id, member_id),
    ).fetchall()
    conn.executemany(
        _COHORT_PERIOD,
        [(cohort_id, kind, start, sign * p, sign * a, sign * c) for kind, start, p, a, c in rows],
    )
    conn.execute("UPDATE cohorts SET members = members + ? WHERE id = ?", (sign, cohort_id))
