"""Every chart as PNG bytes: what the web pages inline and what chat frontends attach.

These turn the service's views into plain tuples and hand them to `figures`, whose drawings are
cached on those tuples.
"""

from __future__ import annotations

from bot.charts import figures
from bot.core.models import Leaderboard
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, TopicStrength, TopicsView

TOPICS_HEADING = "Strength per topic (mean score)"


def _topic_rows(topics: tuple[TopicStrength, ...]) -> tuple[figures.BarRow, ...]:
    return tuple((t.topic, t.mean_score * 100, f"{t.mean_score:.0%} over {t.answers}") for t in topics)


def _days(insight: MemberInsight) -> tuple:
    return tuple((d.local_date, d.state) for d in insight.calendar)


def member_png(insight: MemberInsight) -> bytes:
    """The member's streak calendar above their per-topic strength."""
    heading = f"Streak calendar of {insight.member.name or insight.member.user_id}"
    if insight.channel is not None:
        heading += f" in #{insight.channel.name or insight.channel.channel_id}"
    return figures.calendar_and_bars(
        _days(insight), heading, TOPICS_HEADING, _topic_rows(insight.topics), 100.0
    )


def standings_png(board: Leaderboard) -> bytes:
    """The board's rows as bars of points, the caller's own row highlighted."""
    me = board.me.member.user_id if board.me else None
    rows = tuple(
        (
            f"{s.rank}. {s.member.name or s.member.user_id}",
            float(s.points),
            f"{s.points} pts, {s.correct}/{s.answers} correct",
        )
        for s in board.rows
    )
    mine = next((i for i, s in enumerate(board.rows) if s.member.user_id == me), None)
    scope = f", cohort {board.cohort}" if board.cohort else ""
    return figures.bars(f"Leaderboard ({board.period}{scope})", rows, None, mine)


def calendar_png(insight: MemberInsight) -> bytes:
    return figures.calendar(_days(insight), "Streak calendar")


def topics_png(insight: MemberInsight) -> bytes:
    return figures.bars(TOPICS_HEADING, _topic_rows(insight.topics), 100.0)


def scores_png(insight: MemberInsight) -> bytes:
    """Scores of the member's daily (counted) answers over time."""
    points = tuple((a.local_date or a.submitted_at.date(), a.score) for a in insight.scores if a.counted)
    return figures.series("Score of each daily answer", points)


def participation_png(overview: CommunityOverview) -> bytes:
    """Members who answered / members, per scheduled day."""
    total = max(1, overview.members)
    points = tuple((d.local_date, d.answered / total) for d in overview.days)
    return figures.series("Participation per scheduled day (answered / members)", points)


def correct_share_png(overview: CommunityOverview) -> bytes:
    points = tuple((d.local_date, d.correct_share) for d in overview.days if d.answers)
    return figures.series("Share of answers correct per day", points)


def streaks_png(overview: CommunityOverview) -> bytes:
    """How many members hold a current streak of each length."""
    rows = tuple((f"{label} days", float(count), str(count)) for label, count in overview.streaks)
    return figures.bars("Current streaks (members per length)", rows)


def cohorts_png(view: BoardView) -> bytes:
    """Cohort against cohort by points."""
    rows = tuple(
        (
            f"{r.rank}. {r.cohort}",
            float(r.points),
            f"{r.points} pts, {r.members} member{'s' if r.members != 1 else ''}",
        )
        for r in view.cohorts
    )
    return figures.bars("Cohort standings", rows)


def heatmap_png(view: TopicsView) -> bytes:
    """Share correct per cohort (rows) and topic (columns)."""
    rows = tuple((r.cohort, tuple((c.answers, c.correct) for c in r.cells)) for r in view.rows)
    return figures.heatmap(view.topics, rows)
