"""CSV formatting of answers, standings and streaks (pure: rows in, text out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.models import ChannelRef, MemberRef, Standing, StreakState
from bot.core.ports import AnswerRow

ANSWER_COLUMNS: tuple[str, ...] = (
    "answer_id",
    "platform",
    "community_id",
    "channel_id",
    "channel_name",
    "round_id",
    "local_date",
    "user_id",
    "member_name",
    "question_id",
    "submitted_at",
    "source",
    "counted",
    "score_percent",
    "verdict",
    "points",
    "grader_version",
    "answer_text",
)
STANDING_COLUMNS: tuple[str, ...] = (
    "rank",
    "platform",
    "community_id",
    "user_id",
    "member_name",
    "points",
    "answers",
    "correct",
    "accuracy_percent",
    "streak",
    "period",
    "cohort",
)
STREAK_COLUMNS: tuple[str, ...] = (
    "platform",
    "community_id",
    "channel_id",
    "channel_name",
    "user_id",
    "member_name",
    "current",
    "longest",
    "freezes",
    "today",
    "as_of",
)

# A cell starting with one of these is a formula to spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StreakRow:
    """One member's streak in one channel, as of a local date."""

    channel: ChannelRef
    member: MemberRef
    streak: StreakState
    as_of: date


def safe_cell(value: object) -> str:
    """Text for one CSV cell; free text that a spreadsheet would run as a formula is quoted with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\x00", "")
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}"


def _write(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def answer_record(row: AnswerRow, include_text: bool = True) -> tuple[object, ...]:
    """The cells of one answer, in `ANSWER_COLUMNS` order."""
    channel = row.channel
    return (
        row.id,
        row.member.platform.value,
        row.member.community_id,
        channel.channel_id if channel else "",
        channel.name if channel else "",
        row.round_id,
        row.local_date,
        row.member.user_id,
        row.member.name,
        row.question_id,
        row.submitted_at,
        row.source,
        row.counted,
        _percent(row.score),
        row.verdict,
        row.points,
        row.grader_version,
        row.text if include_text else "",
    )


def answers_csv(rows: Iterable[AnswerRow], include_text: bool = True) -> str:
    """CSV of stored answers, one line each; `include_text=False` blanks the members' replies."""
    return _write(ANSWER_COLUMNS, (answer_record(r, include_text) for r in rows))


def standings_csv(rows: Iterable[Standing], period: str = "all", cohort: str | None = None) -> str:
    """CSV of leaderboard rows (rank, member, points, answers, accuracy, streak)."""
    return _write(
        STANDING_COLUMNS,
        (
            (
                s.rank,
                s.member.platform.value,
                s.member.community_id,
                s.member.user_id,
                s.member.name,
                s.points,
                s.answers,
                s.correct,
                _percent(s.accuracy),
                s.streak,
                period,
                cohort or "",
            )
            for s in rows
        ),
    )


def streaks_csv(rows: Iterable[StreakRow]) -> str:
    """CSV of members' streaks per channel (current, longest, freezes held, today's status)."""
    return _write(
        STREAK_COLUMNS,
        (
            (
                r.channel.platform.value,
                r.channel.community_id,
                r.channel.channel_id,
                r.channel.name,
                r.member.user_id,
                r.member.name,
                r.streak.current,
                r.streak.longest,
                r.streak.freezes,
                r.streak.today.value,
                r.as_of,
            )
            for r in rows
        ),
    )
