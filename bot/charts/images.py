"""Every chart as PNG bytes: what the web pages inline and what chat frontends attach.

These turn the service's views into plain tuples and hand them to `figures`, whose drawings are
cached on those tuples. Headings and value labels are written here in the current language, so a
drawing is cached per language too; the few words `figures` draws itself (an empty chart's
"No data yet.") stay English.
"""

from __future__ import annotations

from bot.charts import figures
from bot.core.i18n import N_, _, format_percent, ngettext
from bot.core.labels import label
from bot.core.models import Leaderboard
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, TopicStrength, TopicsView

TOPICS_HEADING = N_("Strength per topic (mean score)")


def _topic_rows(topics: tuple[TopicStrength, ...]) -> tuple[figures.BarRow, ...]:
    return tuple((t.topic, t.mean_score * 100,
                  _("{score} over {answers}").format(score=format_percent(t.mean_score), answers=t.answers))
                 for t in topics)


def _days(insight: MemberInsight) -> tuple:
    return tuple((d.local_date, d.state) for d in insight.calendar)


def member_png(insight: MemberInsight) -> bytes:
    """The member's streak calendar above their per-topic strength."""
    who = insight.member.name or insight.member.user_id
    if insight.channel is not None:
        heading = _("Streak calendar of {member} in #{channel}").format(
            member=who, channel=insight.channel.name or insight.channel.channel_id)
    else:
        heading = _("Streak calendar of {member}").format(member=who)
    return figures.calendar_and_bars(
        _days(insight), heading, _(TOPICS_HEADING), _topic_rows(insight.topics), 100.0
    )


def standings_png(board: Leaderboard) -> bytes:
    """The board's rows as bars of points, the caller's own row highlighted."""
    me = board.me.member.user_id if board.me else None
    rows = tuple(
        (
            f"{s.rank}. {s.member.name or s.member.user_id}",
            float(s.points),
            ngettext("{points} pt, {correct}/{answers} correct", "{points} pts, {correct}/{answers} correct",
                     s.points).format(points=s.points, correct=s.correct, answers=s.answers),
        )
        for s in board.rows
    )
    mine = next((i for i, s in enumerate(board.rows) if s.member.user_id == me), None)
    title = _("Leaderboard ({period}, cohort {cohort})") if board.cohort else _("Leaderboard ({period})")
    return figures.bars(title.format(period=label(board.period), cohort=board.cohort), rows, None, mine)


def calendar_png(insight: MemberInsight) -> bytes:
    return figures.calendar(_days(insight), _("Streak calendar"))


def topics_png(insight: MemberInsight) -> bytes:
    return figures.bars(_(TOPICS_HEADING), _topic_rows(insight.topics), 100.0)


def scores_png(insight: MemberInsight) -> bytes:
    """Scores of the member's daily (counted) answers over time."""
    points = tuple((a.local_date or a.submitted_at.date(), a.score) for a in insight.scores if a.counted)
    return figures.series(_("Score of each daily answer"), points)


def participation_png(overview: CommunityOverview) -> bytes:
    """Members who answered / members, per scheduled day."""
    total = max(1, overview.members)
    points = tuple((d.local_date, d.answered / total) for d in overview.days)
    return figures.series(_("Participation per scheduled day (answered / members)"), points)


def correct_share_png(overview: CommunityOverview) -> bytes:
    points = tuple((d.local_date, d.correct_share) for d in overview.days if d.answers)
    return figures.series(_("Share of answers correct per day"), points)


def streaks_png(overview: CommunityOverview) -> bytes:
    """How many members hold a current streak of each length."""
    rows = tuple((_("{days} days").format(days=days), float(count), str(count))
                 for days, count in overview.streaks)
    return figures.bars(_("Current streaks (members per length)"), rows)


def cohorts_png(view: BoardView) -> bytes:
    """Cohort against cohort by points."""
    rows = tuple(
        (
            f"{r.rank}. {r.cohort}",
            float(r.points),
            ngettext("{points} pts, {members} member", "{points} pts, {members} members", r.members).format(
                points=r.points, members=r.members),
        )
        for r in view.cohorts
    )
    return figures.bars(_("Cohort standings"), rows)


def heatmap_png(view: TopicsView) -> bytes:
    """Share correct per cohort (rows) and topic (columns)."""
    rows = tuple((r.cohort, tuple((c.answers, c.correct) for c in r.cells)) for r in view.rows)
    return figures.heatmap(view.topics, rows)
