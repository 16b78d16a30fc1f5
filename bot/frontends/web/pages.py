"""The dashboard's pages: overview, leaderboard, topics, member page, round history, refusals.

Each function turns a service view into the rows and charts its template (`templates/*.html`)
shows. Every chart comes with a table of the same numbers, so a page reads without colour or images.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from urllib.parse import quote

from bot.core.links import LinkScope
from bot.core.models import Period, Standing
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, RoundView, TopicsView
from bot.frontends.web.markup import Chart, Link, percent, render


def _charts() -> ModuleType:
    """The chart module, imported on the first page so the chart library stays unloaded until then."""
    from bot.charts import images

    return images


@dataclass(frozen=True)
class Where:
    """Where a page lives: the community's base path, the visitor's token and what it opens."""

    base: str
    token: str
    scope: LinkScope

    def href(self, path: str = "", text: str = "", **query: str) -> Link:
        return Link.to(self.base + path, text or path, t=self.token, **query)

    def nav(self) -> list[Link]:
        items = [
            self.href("", "Overview"),
            self.href("leaderboard", "Leaderboard"),
            self.href("topics", "Topics"),
            self.href("rounds", "Rounds"),
        ]
        if self.scope.member_id is not None:
            items.append(self.href(f"member/{quote(self.scope.member_id, safe='')}", "My progress"))
        return items

    def note(self) -> str:
        who = "your own page and the community's boards" if self.scope.member_id else "every page"
        return f"This link opens {who} until {self.scope.expires:%Y-%m-%d %H:%M} UTC. Read only."

    def page(self, template: str, heading: str, **context: object) -> str:
        return render(template, heading=heading, nav=self.nav(), note=self.note(), **context)


def _when(moment: datetime | None) -> str:
    return f"{moment:%a %d %b %Y %H:%M %Z}" if moment else "paused"


def overview(view: CommunityOverview, where: Where) -> str:
    members = max(1, view.members)
    images = _charts()
    days = [
        (
            d.local_date.isoformat(),
            d.rounds,
            d.answered,
            percent(d.answered, members),
            d.answers,
            percent(d.correct, d.answers),
        )
        for d in reversed(view.days)
    ]
    charts = {
        "participation": Chart.png(
            images.participation_png(view),
            "Bar chart of the share of members answering each day; the table beside it has the numbers",
        ),
        "correct": Chart.png(
            images.correct_share_png(view),
            "Bar chart of the share of correct answers per day (numbers in the table above)",
        ),
        "streaks": Chart.png(images.streaks_png(view), "Bar chart of members per streak length"),
    }
    upcoming = [
        (f"#{u.channel.name or u.channel.channel_id}", u.when, _when(u.next_post)) for u in view.upcoming
    ]
    return where.page(
        "overview.html",
        "Community overview",
        members=view.members,
        day_count=len(view.days),
        days=days,
        streaks=[(f"{label} days", n) for label, n in view.streaks],
        upcoming=upcoming,
        charts=charts,
    )


def leaderboard(view: BoardView, period: Period, cohort: str | None, where: Where) -> str:
    board = view.leaderboard
    keep = {"cohort": cohort} if cohort else {}
    periods = [
        p.value if p is period else where.href("leaderboard", p.value, period=p.value, **keep) for p in Period
    ]
    everyone = "everyone" if not cohort else where.href("leaderboard", "everyone", period=period.value)
    cohorts = [everyone] + [
        name if name == cohort else where.href("leaderboard", name, period=period.value, cohort=name)
        for name in view.cohort_names
    ]

    def name(standing: Standing) -> object:
        shown = standing.member.name or standing.member.user_id
        if where.scope.may_see_member(standing.member.user_id):
            return where.href(f"member/{quote(standing.member.user_id, safe='')}", shown)
        return shown

    rows = [
        (s.rank, name(s), s.points, s.answers, s.correct, percent(s.correct, s.answers), s.streak)
        for s in board.rows
    ]
    cohort_rows = [
        (c.rank, c.cohort, c.points, c.members, c.answers, percent(c.correct, c.answers))
        for c in view.cohorts
    ]
    images = _charts()
    charts = {
        "members": Chart.png(
            images.standings_png(board), "Bar chart of points per member (numbers in the table)"
        ),
        "cohorts": Chart.png(images.cohorts_png(view), "Bar chart of points per cohort"),
    }
    return where.page(
        "leaderboard.html",
        "Leaderboard",
        periods=periods,
        cohorts=cohorts,
        rows=rows,
        cohort_rows=cohort_rows,
        charts=charts,
    )


def topics(view: TopicsView, where: Where) -> str:
    rows = [
        (
            r.cohort,
            *(f"{c.share:.0%} ({c.correct}/{c.answers})" if c.share is not None else "–" for c in r.cells),
        )
        for r in view.rows
    ]
    heatmap = Chart.png(
        _charts().heatmap_png(view),
        "Heatmap of the share of correct answers per cohort and topic; "
        "each cell is written in the table below",
    )
    return where.page(
        "topics.html",
        "Topics",
        headers=("Cohort", *view.topics),
        rows=rows,
        missed=[(m.prompt, m.key_point, m.misses, m.answers) for m in view.missed],
        charts={"heatmap": heatmap},
    )


def member(view: MemberInsight, where: Where) -> str:
    images = _charts()
    counted = [a for a in view.scores if a.counted]
    charts = {
        "calendar": Chart.png(
            images.calendar_png(view), "Calendar of scheduled days: A answered, F frozen, M missed"
        ),
        "scores": Chart.png(images.scores_png(view), "Bar chart of the score of each daily answer"),
        "topics": Chart.png(images.topics_png(view), "Bar chart of the mean score per topic"),
    }
    return where.page(
        "member.html",
        f"Progress of {view.member.name or view.member.user_id}",
        where_text=f" in #{view.channel.name or view.channel.channel_id}" if view.channel else "",
        current_streak=view.current_streak,
        calendar=[
            (d.local_date.isoformat(), f"{d.local_date:%a}", d.state)
            for d in reversed(view.calendar)
            if d.state != "no round"
        ],
        scores=[
            ((a.local_date or a.submitted_at.date()).isoformat(), a.question_id, f"{a.score:.0%}", a.verdict)
            for a in reversed(counted)
        ],
        topics=[(t.topic, t.answers, f"{t.mean_score:.0%}") for t in view.topics],
        due=[(f"{r.due:%Y-%m-%d %H:%M} UTC", r.prompt) for r in view.due],
        charts=charts,
    )


def rounds(views: tuple[RoundView, ...], where: Where) -> str:
    rows = [
        (
            v.record.local_date.isoformat(),
            f"#{v.record.channel.name or v.record.channel.channel_id}",
            v.prompt,
            v.record.answers,
            percent(v.record.correct, v.record.answers),
            f"{v.record.mean_score:.0%}" if v.record.answers else "–",
            v.record.most_missed or "–",
            v.model_answer,
        )
        for v in views
    ]
    return where.page("rounds.html", "Round history", rows=rows)


def refused(message: str) -> str:
    """The 403 page: why the link does not open, and how to get a new one."""
    return render(
        "message.html",
        heading="This link does not open the dashboard",
        nav=[],
        note="",
        message=message,
        refused=True,
    )


def not_found(message: str) -> str:
    return render("message.html", heading="Not found", nav=[], note="", message=message, refused=False)
