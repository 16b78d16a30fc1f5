"""Every chart as PNG bytes: what the web pages inline and what chat frontends attach."""

from __future__ import annotations

from bot.charts import figures
from bot.charts.canvas import png, stack
from bot.core.models import Leaderboard
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, TopicsView


def member_png(insight: MemberInsight) -> bytes:
    """The member's streak calendar above their per-topic strength."""
    heading = f"Streak calendar of {insight.member.name or insight.member.user_id}"
    if insight.channel is not None:
        heading += f" in #{insight.channel.name or insight.channel.channel_id}"
    return png(stack([figures.calendar(insight.calendar, heading), figures.topic_strength(insight.topics)]))


def standings_png(board: Leaderboard) -> bytes:
    """The leaderboard as labelled bars."""
    return png(figures.standings(board))


def calendar_png(insight: MemberInsight) -> bytes:
    return png(figures.calendar(insight.calendar))


def topics_png(insight: MemberInsight) -> bytes:
    return png(figures.topic_strength(insight.topics))


def scores_png(insight: MemberInsight) -> bytes:
    """Scores of the member's daily (counted) answers over time."""
    points = [(a.local_date or a.submitted_at.date(), a.score) for a in insight.scores if a.counted]
    return png(figures.series("Score of each daily answer", points))


def participation_png(overview: CommunityOverview) -> bytes:
    """Members who answered / members, per scheduled day."""
    total = max(1, overview.members)
    points = [(d.local_date, d.answered / total) for d in overview.days]
    return png(figures.series("Participation per scheduled day (answered / members)", points))


def correct_share_png(overview: CommunityOverview) -> bytes:
    points = [(d.local_date, d.correct_share) for d in overview.days if d.answers]
    return png(figures.series("Share of answers correct per day", points))


def streaks_png(overview: CommunityOverview) -> bytes:
    return png(figures.streak_spread(overview.streaks))


def cohorts_png(view: BoardView) -> bytes:
    return png(figures.cohort_standings(view.cohorts))


def heatmap_png(view: TopicsView) -> bytes:
    return png(figures.heatmap(view))
