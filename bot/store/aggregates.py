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

ALL_TIME = ("all", "")  # (kind, start) of the all-time board

_MEMBER_TOTAL = (
    "INSERT INTO member_totals (member, community, points, answers, correct) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (member) DO UPDATE SET points = member_totals.points + excluded.points, "
    "answers = member_totals.answers + excluded.answers, "
    "correct = member_totals.correct + excluded.correct RETURNING answers, points"
)
_MEMBER_PERIOD = (
    "INSERT INTO member_periods (member, kind, start, community, points, answers, correct) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member, kind, start) DO UPDATE SET "
    "points = member_periods.points + excluded.points, answers = member_periods.answers + excluded.answers, "
    "correct = member_periods.correct + excluded.correct RETURNING answers, points"
)
_PERIOD = (
    "INSERT INTO community_periods (community, kind, start) VALUES (?, ?, ?) "
    "ON CONFLICT (community, kind, start) DO NOTHING"
)
_BOARD_POINTS = (
    "INSERT INTO board_points (community, kind, start, points, members) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (community, kind, start, points) DO UPDATE SET "
    "members = board_points.members + excluded.members"
)
_COHORT_PERIOD = (
    "INSERT INTO cohort_periods (cohort, kind, start, points, answers, correct) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (cohort, kind, start) DO UPDATE SET points = cohort_periods.points + excluded.points, "
    "answers = cohort_periods.answers + excluded.answers, correct = cohort_periods.correct + excluded.correct"
)


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
    points histograms and the aggregates of the member's cohorts by the given differences."""
    boards = [ALL_TIME, *((str(kind), start) for kind, start in keys.items())]
    moved = []
    for kind, start in boards:
        if (kind, start) == ALL_TIME:
            answers, points = conn.execute(
                _MEMBER_TOTAL, (member_id, community_id, d_points, d_answers, d_correct)
            ).fetchone()
        else:
            answers, points = conn.execute(
                _MEMBER_PERIOD, (member_id, kind, start, community_id, d_points, d_answers, d_correct)
            ).fetchone()
        first = bool(d_answers) and answers == d_answers  # the member's first row on this board
        if first and kind != ALL_TIME[0]:
            conn.execute(_PERIOD, (community_id, kind, start))
        if d_points or first:
            moved.append((community_id, kind, start, points, 1))
            if not first:
                moved.append((community_id, kind, start, points - d_points, -1))
    conn.executemany(_BOARD_POINTS, moved)
    cohorts = conn.execute("SELECT cohort FROM cohort_members WHERE member = ?", (member_id,)).fetchall()
    conn.executemany(
        _COHORT_PERIOD,
        [(c, kind, start, d_points, d_answers, d_correct) for (c,) in cohorts for kind, start in boards],
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
