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
    is seen without reading first."""
    periods = [(str(kind), start) for kind, start in keys.items()]
    answers, points = conn.execute(
        _MEMBER_TOTAL, (member_id, community_id, d_points, d_answers, d_correct)
    ).fetchone()
    moved = [(*ALL_TIME, answers, points)]
    if periods:
        params = [
            v for kind, start in periods
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
    if new_periods:
        conn.execute(_rows(_PERIODS, 3, len(new_periods) // 3), new_periods)
    if shifted:
        conn.execute(_rows(_BOARD_POINTS, 5, len(shifted) // 5), shifted)
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
