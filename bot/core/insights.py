"""Read use cases of the dashboard and chart images: signed links, community boards, member pages.

The web frontend and the chat frontends call these; they read through the store's insight queries
and never write. Links are signed by `LinkSigner` and chart images come from the `ChartPainter`
that the composition root hands over with `configure_dashboard`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from bot.core.commands import format_days
from bot.core.community import Community, community_of
from bot.core.errors import InvalidInput, NotFound, StudybotError
from bot.core.i18n import N_, _
from bot.core.links import DEFAULT_TTL, HOW_TO_RENEW, DashboardLink, LinkRefused, LinkScope, LinkSigner
from bot.core.models import Actor, ChannelRef, MemberRef, Period, Platform, Question
from bot.core.ports import ChartPainter
from bot.core.reports import (
    NO_ROUND,
    BoardView,
    CommunityOverview,
    DueReview,
    MemberInsight,
    MemberRound,
    MissedView,
    RoundView,
    TopicsView,
    UpcomingPost,
    calendar,
    mastery,
    streak_buckets,
    topic_strengths,
)
from bot.core.scoring import period_start

HISTORY_DAYS = 90
CALENDAR_DAYS = 84  # twelve weeks of cells
BOARD_ROWS = 50
DEFAULT_PUBLIC_URL = "http://127.0.0.1:3000"
NOT_CONFIGURED = N_(
    "The dashboard is not set up in this process; start it with `studybot run` or `studybot web`."
)

CommunityKey = tuple[Platform, str]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProgressExtras:
    """What `/progress` adds to its text: the member's dashboard link and chart, or why not (`notes`,
    one line each, so the text reply always arrives and says what is missing)."""

    link: DashboardLink | None
    chart: bytes | None
    notes: tuple[str, ...] = ()


class Insights(Community):
    """Dashboard links, boards, topics, member pages, round history and chart images."""

    _make_signer: Callable[[], LinkSigner] | None = None
    _signer: LinkSigner | None = None
    _painter: ChartPainter | None = None
    public_url: str = DEFAULT_PUBLIC_URL

    def configure_dashboard(
        self,
        signer: Callable[[], LinkSigner],
        public_url: str | None = None,
        painter: ChartPainter | None = None,
    ) -> None:
        """Called once by the composition root: how to get the link signer (asked on the first link,
        so the key is read only when needed), the links' base URL and the chart painter."""
        self._make_signer = signer
        self._signer = None
        self.public_url = (public_url or DEFAULT_PUBLIC_URL).rstrip("/")
        self._painter = painter

    # --- links -------------------------------------------------------------------------------------
    def _links(self) -> LinkSigner:
        if self._signer is None:
            if self._make_signer is None:
                raise NotFound(_(NOT_CONFIGURED))
            self._signer = self._make_signer()
        return self._signer

    def link_for(
        self, community: CommunityKey, member: MemberRef | None = None, ttl: timedelta = DEFAULT_TTL
    ) -> DashboardLink:
        """A signed link to the community's dashboard, or (with `member`) to that member's page."""
        platform, community_id = Platform(community[0]), community[1]
        scope = LinkScope(platform, community_id, member.user_id if member else None, self.now() + ttl)
        token = self._links().sign(scope)
        page = f"member/{quote(member.user_id, safe='')}" if member else ""
        url = f"{self.public_url}{dashboard_path(platform, community_id)}{page}?t={token}"
        return DashboardLink(url=url, scope=scope.kind, expires=scope.expires.replace(microsecond=0))

    async def dashboard_link(self, actor: Actor, ttl: timedelta = DEFAULT_TTL) -> DashboardLink:
        """`/studybot dashboard`: an admin's link to every page of their server or workspace."""
        self.require_admin(actor, _("open the dashboard"))
        return self.link_for(community_of(actor.member), None, ttl)

    async def member_link(self, member: MemberRef, ttl: timedelta = DEFAULT_TTL) -> DashboardLink:
        """A member's link to their own page and the community's public boards (for `/progress`)."""
        return self.link_for(community_of(member), member, ttl)

    def open_dashboard(self, token: str | None, community: CommunityKey) -> LinkScope:
        """The scope of a token presented for `community`'s pages; LinkRefused saying why not."""
        scope = self._links().verify(token, self.now())
        if (scope.platform, scope.community_id) != (Platform(community[0]), community[1]):
            raise LinkRefused(
                "community",
                _("This dashboard link belongs to another server or workspace.") + " " + _(HOW_TO_RENEW),
            )
        return scope

    async def find_community(self, text: str) -> CommunityKey:
        """`discord:123`, `slack:T1`, `console:local` or a bare id known to the database."""
        platform, sep, external = text.strip().partition(":")
        if sep and platform.lower() in {p.value for p in Platform}:
            wanted = (Platform(platform.lower()), external)
            found = [c for c in await self.store.find_communities(external) if c == wanted]
        else:
            found = await self.store.find_communities(text.strip())
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(
                f"No server or workspace `{text[:60]}` is in the database; give its id as shown "
                "in the export or `studybot db` (e.g. discord:123456789)."
            )
        named = ", ".join(f"{p.value}:{c}" for p, c in found)
        raise InvalidInput(f"`{text[:60]}` is on several platforms; pick one of {named}.")

    async def find_member(self, community: CommunityKey, text: str) -> MemberRef:
        """The member whose user id or name is `text`; NotFound or InvalidInput when not exactly one."""
        found = await self.store.find_members(community, text.strip())
        if not found:
            raise NotFound(
                f"No member `{text[:60]}` in {community[0].value}:{community[1]}; give a user id "
                "or the name shown on the leaderboard."
            )
        if len(found) > 1 and found[0].user_id != text.strip():
            ids = ", ".join(m.user_id for m in found[:5])
            raise InvalidInput(f"Several members are called `{text[:60]}`; give the user id ({ids}).")
        return found[0]

    # --- pages -------------------------------------------------------------------------------------
    async def _community_tz(self, community: CommunityKey) -> str:
        for schedule in await self._schedules(community):
            return schedule.tz
        return self.default_tz

    async def _schedules(self, community: CommunityKey) -> list:
        return [s for s in await self.store.list_schedules() if community_of(s.channel) == community]

    async def community_overview(self, community: CommunityKey) -> CommunityOverview:
        """Participation and share correct per scheduled day, streak spread and upcoming posts."""
        since = self.today(None) - timedelta(days=HISTORY_DAYS)
        days = await self.store.daily_activity(community, since)
        members = await self.store.community_size(community)
        buckets = streak_buckets(await self.store.current_streaks(community), members)
        upcoming = []
        for s in await self._schedules(community):
            when = f"{s.post_time:%H:%M} {s.tz}, {format_days(s.days)}"
            upcoming.append(UpcomingPost(s.channel, when, await self.next_post(s), s.paused))
        return CommunityOverview(
            Platform(community[0]), community[1], members, tuple(days), buckets, tuple(upcoming)
        )

    async def board_view(self, community: CommunityKey, period: Period, cohort: str | None) -> BoardView:
        """The leaderboard for a period (and cohort) with every cohort's standing."""
        name = await self._known_cohort(community, cohort)
        since = period_start(Period(period), self.now(), await self._community_tz(community))
        board = await self.store.leaderboard(community, Period(period), since, name, None, BOARD_ROWS)
        cohorts = await self.store.cohort_standings(community, since)
        names = tuple(c.name for c in await self.store.list_cohorts(community))
        return BoardView(board, tuple(cohorts), names)

    async def _known(self, community: CommunityKey, ids: Iterable[str]) -> dict[str, Question]:
        """The questions of these ids the community can see (its own pack included), by id."""
        where = ChannelRef(Platform(community[0]), community[1], "")
        found: dict[str, Question] = {}
        for question_id in dict.fromkeys(ids):
            question = await self.find_question(where, question_id)
            if question is not None:
                found[question_id] = question
        return found

    @staticmethod
    def _topics_of(known: dict[str, Question]) -> Callable[[str], tuple[str, ...]]:
        return lambda question_id: known[question_id].topics if question_id in known else ()

    @staticmethod
    def _prompt(known: dict[str, Question], question_id: str) -> str:
        question = known.get(question_id)
        return question.prompt if question else f"(question {question_id} is no longer loaded)"

    async def topics_view(self, community: CommunityKey) -> TopicsView:
        """Share correct per cohort and topic, and the key points missed most often."""
        results = await self.store.topic_results(community)
        missed_points = await self.store.missed_points(community)
        known = await self._known(community, [r.question_id for r in results]
                                  + [m.question_id for m in missed_points])
        topics, rows = mastery(results, self._topics_of(known))
        missed = tuple(
            MissedView(m.question_id, self._prompt(known, m.question_id), m.key_point, m.misses, m.answers)
            for m in missed_points
        )
        return TopicsView(topics, rows, missed)

    async def member_insight(self, member: MemberRef) -> MemberInsight:
        """Streak calendar, score history, per-topic strength and reviews due of one member."""
        found = await self.store.find_members(community_of(member), member.user_id)
        member = next((m for m in found if m.user_id == member.user_id), member)
        rounds = await self.store.member_rounds(member)
        channel = _main_channel(rounds)
        mine = [r for r in rounds if r.channel == channel]
        schedule = await self.store.get_schedule(channel) if channel else None
        today = self.today(schedule)
        cells, current = calendar(mine, today - timedelta(days=CALENDAR_DAYS - 1), today)
        answers = await self.store.member_scores(member, self.now() - timedelta(days=HISTORY_DAYS))
        due = sorted((r for r in (await self.store.reviews(member)).values()), key=lambda r: r.due)
        horizon = self.now() + timedelta(days=7)
        soon = [r for r in due if r.due <= horizon]
        known = await self._known(community_of(member), [a.question_id for a in answers]
                                  + [r.question_id for r in soon])
        reviews = tuple(DueReview(r.question_id, self._prompt(known, r.question_id), r.due) for r in soon)
        return MemberInsight(
            member,
            channel,
            cells,
            current,
            tuple(answers),
            topic_strengths(answers, self._topics_of(known)),
            reviews,
        )

    async def round_history(self, community: CommunityKey, limit: int = 60) -> tuple[RoundView, ...]:
        """The latest rounds with their question, figures and model answer, newest first."""
        views = []
        records = await self.store.round_records(community, limit)
        known = await self._known(community, [r.question_id for r in records])
        for record in records:
            question = known.get(record.question_id)
            answer = question.answer if question else "(this question is no longer loaded)"
            views.append(RoundView(record, self._prompt(known, record.question_id), answer))
        return tuple(views)

    # --- chart images --------------------------------------------------------------------------------
    def _painter_or_fail(self) -> ChartPainter:
        if self._painter is None:
            raise NotFound(_("Chart images are not available in this process; start it with `studybot run`."))
        return self._painter

    async def member_chart(self, member: MemberRef) -> bytes:
        """PNG of the member's streak calendar and per-topic strength (for `/progress`)."""
        painter = self._painter_or_fail()
        insight = await self.member_insight(member)
        return await asyncio.to_thread(painter.member_png, insight)

    async def progress_extras(self, member: MemberRef, ttl: timedelta = DEFAULT_TTL) -> ProgressExtras:
        """`/progress`: the member's signed link and the PNG of their calendar and topics; a note in
        place of each one that cannot be made (no key, no chart painter, no data yet)."""
        notes: list[str] = []
        link = chart = None
        try:
            link = await self.member_link(member, ttl)
        except NotFound as err:
            notes.append(_("No dashboard link: {problem}").format(problem=err))
        except (StudybotError, OSError, ValueError) as err:  # the secret key is unusable or unwritable
            log.warning("no dashboard link for %s: %s", member.user_id, err)
            notes.append(_("No dashboard link: the bot's secret key cannot be read; tell an admin (logged)."))
        if self._painter is None:
            notes.append(_("No chart: chart images are not available in this process."))
            return ProgressExtras(link, None, tuple(notes))
        insight = await self.member_insight(member)
        if all(d.state == NO_ROUND for d in insight.calendar) and not insight.topics:
            notes.append(
                _("No chart yet: you have no rounds in the last {weeks} weeks; answer a daily question "
                  "first.").format(
                    weeks=CALENDAR_DAYS // 7)
            )
            return ProgressExtras(link, None, tuple(notes))
        try:
            chart = await asyncio.to_thread(self._painter.member_png, insight)
        except (ImportError, OSError, ValueError) as err:
            log.warning("could not draw the progress chart of %s", member.user_id, exc_info=err)
            notes.append(_("No chart: it could not be drawn (logged); the text above has the numbers."))
        return ProgressExtras(link, chart, tuple(notes))

    async def leaderboard_chart(
        self, channel: ChannelRef, member: MemberRef, period: Period, cohort: str | None = None
    ) -> bytes:
        """PNG of the leaderboard `/leaderboard chart=true` shows (the same rows as the text)."""
        painter = self._painter_or_fail()
        board = await self.leaderboard(channel, member, period, cohort)
        return await asyncio.to_thread(painter.standings_png, board)


def dashboard_path(platform: Platform, community_id: str) -> str:
    """The path of a community's dashboard: `/dashboard/discord/123/`."""
    return f"/dashboard/{Platform(platform).value}/{quote(community_id, safe='')}/"


def _main_channel(rounds: list[MemberRound]) -> ChannelRef | None:
    """The channel where the member answered most (ties: most rounds), None without rounds."""
    scores: dict[ChannelRef, tuple[int, int]] = {}
    for r in rounds:
        answered, total = scores.get(r.channel, (0, 0))
        scores[r.channel] = (answered + int(r.answered), total + 1)
    return max(scores, key=lambda c: scores[c]) if scores else None


def expires_text(moment: datetime) -> str:
    """`2026-03-02 09:00 UTC` for link replies."""
    return f"{moment:%Y-%m-%d %H:%M} UTC"
