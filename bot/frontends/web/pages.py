"""The dashboard's pages as HTML: overview, leaderboard, topics, member page, round history, refusals.

Each chart comes with a table of the same numbers, so a page reads without colour or images.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from urllib.parse import quote

from bot.core.links import LinkScope
from bot.core.models import Period
from bot.core.reports import BoardView, CommunityOverview, MemberInsight, RoundView, TopicsView
from bot.frontends.web.markup import Raw, chart, e, link, page, paragraph, percent, section, table


def _charts() -> ModuleType:
    """The chart module, imported on the first page so Pillow stays unloaded until then."""
    from bot.charts import images

    return images


@dataclass(frozen=True)
class Where:
    """Where a page lives: the community's base path, the visitor's token and what it opens."""

    base: str
    token: str
    scope: LinkScope

    def href(self, path: str = "", text: str = "", **query: str) -> Raw:
        return link(self.base + path, text or path, t=self.token, **query)

    def nav(self) -> list[Raw]:
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


def _when(moment: datetime | None) -> str:
    return f"{moment:%a %d %b %Y %H:%M %Z}" if moment else "paused"


def overview(view: CommunityOverview, where: Where) -> str:
    members = max(1, view.members)
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
    participation = section(
        "Participation per scheduled day",
        chart(
            _charts().participation_png(view),
            "Bar chart of the share of members answering each day; the table beside it has the numbers",
        ),
        table(
            "Days, newest first",
            ("Date", "Rounds", "Answered", "Of members", "Answers", "Correct"),
            days,
            numeric=(1, 2, 3, 4, 5),
        ),
        pair=True,
    )
    correct = section(
        "Share correct over time",
        chart(
            _charts().correct_share_png(view),
            "Bar chart of the share of correct answers per day (numbers in the table above)",
        ),
    )
    streaks = section(
        "Current streaks",
        chart(_charts().streaks_png(view), "Bar chart of members per streak length"),
        table(
            "Members per current streak",
            ("Streak", "Members"),
            [(f"{label} days", n) for label, n in view.streaks],
            numeric=(1,),
        ),
        pair=True,
    )
    upcoming = section(
        "Upcoming posts",
        table(
            "Schedule per channel",
            ("Channel", "Schedule", "Next post"),
            [
                (f"#{u.channel.name or u.channel.channel_id}", u.when, _when(u.next_post))
                for u in view.upcoming
            ],
            empty="No channel has a schedule yet.",
        ),
    )
    summary = paragraph(f"{view.members} members, {len(view.days)} scheduled days in the last 90 days.")
    return page(
        "Community overview",
        where.nav(),
        summary,
        participation,
        correct,
        streaks,
        upcoming,
        note=where.note(),
    )


def leaderboard(view: BoardView, period: Period, cohort: str | None, where: Where) -> str:
    board = view.leaderboard
    keep = {"cohort": cohort} if cohort else {}
    periods = " ".join(
        f"<strong>{p.value}</strong>"
        if p is period
        else where.href("leaderboard", p.value, period=p.value, **keep)
        for p in Period
    )
    cohorts = " ".join(
        f"<strong>{e(name)}</strong>"
        if name == cohort
        else where.href("leaderboard", name, period=period.value, cohort=name)
        for name in view.cohort_names
    )
    everyone = (
        "<strong>everyone</strong>"
        if not cohort
        else where.href("leaderboard", "everyone", period=period.value)
    )
    filters = Raw(f"<p>Period: {periods}</p><p>Cohort: {everyone} {cohorts}</p>")

    def name(standing) -> object:
        shown = standing.member.name or standing.member.user_id
        if where.scope.may_see_member(standing.member.user_id):
            return where.href(f"member/{quote(standing.member.user_id, safe='')}", shown)
        return shown

    rows = [
        (s.rank, name(s), s.points, s.answers, s.correct, percent(s.correct, s.answers), s.streak)
        for s in board.rows
    ]
    members = section(
        "Members",
        chart(_charts().standings_png(board), "Bar chart of points per member (numbers in the table)"),
        table(
            "Standings",
            ("Rank", "Member", "Points", "Answers", "Correct", "Accuracy", "Streak"),
            rows,
            numeric=(0, 2, 3, 4, 5, 6),
            empty="No counted answers in this period.",
        ),
        pair=True,
    )
    crows = [
        (c.rank, c.cohort, c.points, c.members, c.answers, percent(c.correct, c.answers))
        for c in view.cohorts
    ]
    standings = section(
        "Cohort standings",
        chart(_charts().cohorts_png(view), "Bar chart of points per cohort"),
        table(
            "Cohort against cohort",
            ("Rank", "Cohort", "Points", "Members", "Answers", "Accuracy"),
            crows,
            numeric=(0, 2, 3, 4, 5),
            empty="No cohorts yet (`/cohort create name=…`).",
        ),
        pair=True,
    )
    return page("Leaderboard", where.nav(), filters, members, standings, note=where.note())


def topics(view: TopicsView, where: Where) -> str:
    headers = ("Cohort", *view.topics)
    rows = [
        (
            r.cohort,
            *(f"{c.share:.0%} ({c.correct}/{c.answers})" if c.share is not None else "–" for c in r.cells),
        )
        for r in view.rows
    ]
    heat = section(
        "Mastery per cohort and topic",
        chart(
            _charts().heatmap_png(view),
            "Heatmap of the share of correct answers per cohort and topic; "
            "each cell is written in the table below",
        ),
        table(
            "Share correct (correct/answers)",
            headers,
            rows,
            numeric=tuple(range(1, len(headers))),
            empty="No counted answers yet.",
        ),
    )
    missed = section(
        "Most-missed key points",
        table(
            "Key points left out most often",
            ("Question", "Key point", "Missed", "Of answers"),
            [(m.prompt, m.key_point, m.misses, m.answers) for m in view.missed],
            numeric=(2, 3),
            empty="No key point has been missed yet.",
        ),
    )
    return page("Topics", where.nav(), heat, missed, note=where.note())


def member(view: MemberInsight, where: Where) -> str:
    who = view.member.name or view.member.user_id
    cal_rows = [
        (d.local_date.isoformat(), f"{d.local_date:%a}", d.state)
        for d in reversed(view.calendar)
        if d.state != "no round"
    ]
    calendar = section(
        f"Streak calendar (current streak {view.current_streak})",
        chart(_charts().calendar_png(view), "Calendar of scheduled days: A answered, F frozen, M missed"),
        table("Scheduled days, newest first", ("Date", "Day", "Result"), cal_rows, empty="No rounds yet."),
        pair=True,
    )
    counted = [a for a in view.scores if a.counted]
    history = section(
        "Score history",
        chart(_charts().scores_png(view), "Bar chart of the score of each daily answer"),
        table(
            "Daily answers, newest first",
            ("Date", "Question", "Score", "Verdict"),
            [
                (
                    (a.local_date or a.submitted_at.date()).isoformat(),
                    a.question_id,
                    f"{a.score:.0%}",
                    a.verdict,
                )
                for a in reversed(counted)
            ],
            numeric=(2,),
            empty="No daily answers in the last 90 days.",
        ),
        pair=True,
    )
    strength = section(
        "Strength per topic",
        chart(_charts().topics_png(view), "Bar chart of the mean score per topic"),
        table(
            "Mean score per topic, weakest first",
            ("Topic", "Answers", "Mean score"),
            [(t.topic, t.answers, f"{t.mean_score:.0%}") for t in view.topics],
            numeric=(1, 2),
            empty="No answers yet.",
        ),
        pair=True,
    )
    due = section(
        "Questions due for review",
        table(
            "Due now or within a week (practise with /quiz)",
            ("Due", "Question"),
            [(f"{r.due:%Y-%m-%d %H:%M} UTC", r.prompt) for r in view.due],
            empty="Nothing due this week.",
        ),
    )
    where_text = f" in #{view.channel.name or view.channel.channel_id}" if view.channel else ""
    return page(
        f"Progress of {who}",
        where.nav(),
        paragraph(f"Streak counted{where_text}."),
        calendar,
        history,
        strength,
        due,
        note=where.note(),
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
    body = section(
        "Past rounds",
        table(
            "Rounds, newest first",
            (
                "Date",
                "Channel",
                "Question",
                "Answers",
                "Correct",
                "Mean score",
                "Most missed",
                "Model answer",
            ),
            rows,
            numeric=(3, 4, 5),
            empty="No rounds yet.",
        ),
    )
    return page("Round history", where.nav(), body, note=where.note())


def refused(message: str) -> str:
    """The 403 page: why the link does not open, and how to get a new one."""
    return page(
        "This link does not open the dashboard",
        [],
        paragraph(message),
        paragraph(
            "Dashboard links are private and expire; they are made by studybot for one server or workspace.",
            muted=True,
        ),
    )


def not_found(message: str) -> str:
    return page("Not found", [], paragraph(message))
