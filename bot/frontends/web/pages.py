"""The dashboard's pages: overview, leaderboard, topics, member page, round history, refusals.

Each function turns a service view into the rows and charts its template (`templates/*.html`)
shows. Every chart comes with a table of the same numbers, so a page reads without colour or images.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from urllib.parse import quote

from bot.core.i18n import N_, SOURCE_LOCALE, _, current_locale, format_date, format_percent
from bot.core.labels import label
from bot.core.links import LinkScope
from bot.core.models import Period, Standing
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, RoundView, TopicsView
from bot.frontends.web.markup import Chart, Link, percent, render


def _charts() -> ModuleType:
    """The chart module, imported on the first page so the chart library stays unloaded until then."""
    from bot.charts import images

    return images


DAY_STATES = {"answered": N_("answered"), "frozen": N_("frozen"), "missed": N_("missed"),
              "pending": N_("pending"), "no round": N_("no round")}


@dataclass(frozen=True)
class Where:
    """Where a page lives: the community's base path, the visitor's token and what it opens."""

    base: str
    token: str
    scope: LinkScope
    lang: str = ""  # the language asked for with `?lang=`, kept on every link of the page

    def href(self, path: str = "", text: str = "", **query: str) -> Link:
        if self.lang:
            query = {**query, "lang": self.lang}
        return Link.to(self.base + path, text or path, t=self.token, **query)

    def nav(self) -> list[Link]:
        items = [
            self.href("", _("Overview")),
            self.href("leaderboard", _("Leaderboard")),
            self.href("topics", _("Topics")),
            self.href("rounds", _("Rounds")),
        ]
        if self.scope.member_id is not None:
            items.append(self.href(f"member/{quote(self.scope.member_id, safe='')}", _("My progress")))
        return items

    def note(self) -> str:
        when = f"{self.scope.expires:%Y-%m-%d %H:%M}"
        if self.scope.member_id:
            return _("This link opens your own page and the community's boards until {when} UTC. Read "
                     "only.").format(
                when=when)
        return _("This link opens every page until {when} UTC. Read only.").format(when=when)

    def page(self, template: str, heading: str, **context: object) -> str:
        return render(template, heading=heading, nav=self.nav(), note=self.note(), **context)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return _("paused")
    if current_locale() == SOURCE_LOCALE:
        return f"{moment:%a %d %b %Y %H:%M %Z}"
    return f"{format_date(moment.date(), style='full')} {moment:%H:%M %Z}"


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
            _("Bar chart of the share of members answering each day; the table beside it has the numbers"),
        ),
        "correct": Chart.png(
            images.correct_share_png(view),
            _("Bar chart of the share of correct answers per day (numbers in the table above)"),
        ),
        "streaks": Chart.png(images.streaks_png(view), _("Bar chart of members per streak length")),
    }
    upcoming = [
        (f"#{u.channel.name or u.channel.channel_id}", u.when, _when(u.next_post)) for u in view.upcoming
    ]
    return where.page(
        "overview.html",
        _("Community overview"),
        members=view.members,
        day_count=len(view.days),
        days=days,
        streaks=[(_("{days} days").format(days=days), n) for days, n in view.streaks],
        upcoming=upcoming,
        charts=charts,
    )


def leaderboard(view: BoardView, period: Period, cohort: str | None, where: Where) -> str:
    board = view.leaderboard
    keep = {"cohort": cohort} if cohort else {}
    periods = [
        label(p.value) if p is period else where.href("leaderboard", label(p.value), period=p.value, **keep)
        for p in Period
    ]
    everyone = _("everyone") if not cohort else where.href("leaderboard", _("everyone"), period=period.value)
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
            images.standings_png(board), _("Bar chart of points per member (numbers in the table)")
        ),
        "cohorts": Chart.png(images.cohorts_png(view), _("Bar chart of points per cohort")),
    }
    return where.page(
        "leaderboard.html",
        _("Leaderboard"),
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
            *(f"{format_percent(c.share)} ({c.correct}/{c.answers})" if c.share is not None else "–"
              for c in r.cells),
        )
        for r in view.rows
    ]
    heatmap = Chart.png(
        _charts().heatmap_png(view),
        _("Heatmap of the share of correct answers per cohort and topic; each cell is written in the table "
          "below"),
    )
    return where.page(
        "topics.html",
        _("Topics"),
        headers=(_("Cohort"), *view.topics),
        rows=rows,
        missed=[(m.prompt, m.key_point, m.misses, m.answers) for m in view.missed],
        charts={"heatmap": heatmap},
    )


def member(view: MemberInsight, where: Where) -> str:
    images = _charts()
    counted = [a for a in view.scores if a.counted]
    charts = {
        "calendar": Chart.png(
            images.calendar_png(view), _("Calendar of scheduled days: A answered, F frozen, M missed")
        ),
        "scores": Chart.png(images.scores_png(view), _("Bar chart of the score of each daily answer")),
        "topics": Chart.png(images.topics_png(view), _("Bar chart of the mean score per topic")),
    }
    return where.page(
        "member.html",
        _("Progress of {member}").format(member=view.member.name or view.member.user_id),
        where_text=f"#{view.channel.name or view.channel.channel_id}" if view.channel else "",
        current_streak=view.current_streak,
        calendar=[
            (d.local_date.isoformat(), format_date(d.local_date, style="EEE"),
             _(DAY_STATES.get(d.state, d.state)))
            for d in reversed(view.calendar)
            if d.state != "no round"
        ],
        scores=[
            ((a.local_date or a.submitted_at.date()).isoformat(), a.question_id, format_percent(a.score),
             label(a.verdict))
            for a in reversed(counted)
        ],
        topics=[(t.topic, t.answers, format_percent(t.mean_score)) for t in view.topics],
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
            format_percent(v.record.mean_score) if v.record.answers else "–",
            v.record.most_missed or "–",
            v.model_answer,
        )
        for v in views
    ]
    return where.page("rounds.html", _("Round history"), rows=rows)


def refused(message: str) -> str:
    """The 403 page: why the link does not open, and how to get a new one."""
    return render(
        "message.html",
        heading=_("This link does not open the dashboard"),
        nav=[],
        note="",
        message=message,
        refused=True,
    )


def not_found(message: str) -> str:
    return render("message.html", heading=_("Not found"), nav=[], note="", message=message, refused=False)
