"""Members together: streaks, leaderboards, cohorts and cohort comparison."""

from __future__ import annotations

import re

from bot.core.commands import example, split_words
from bot.core.context import ServiceContext
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.i18n import _, ngettext
from bot.core.models import (
    Actor,
    ChannelRef,
    Cohort,
    Leaderboard,
    MemberRef,
    Period,
    Platform,
    StreakState,
)
from bot.core.results import CohortComparison, CohortResult
from bot.core.scoring import period_start

COHORT_NAME = re.compile(r"^[\w][\w .-]{0,39}$")
QUOTES = "\"'\u201c\u201d\u2018\u2019"


def community_of(ref: ChannelRef | MemberRef) -> tuple[Platform, str]:
    """The (platform, server or workspace id) a channel or member belongs to."""
    return (Platform(ref.platform), ref.community_id)


def cohort_name(name: str | None) -> str:
    """A cleaned cohort name (quotes around it dropped, as a Discord field may get them);
    InvalidInput saying what names may look like."""
    text = (name or "").strip()
    if text and text[0] in QUOTES:
        text = " ".join(split_words(text))
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(_("Name the cohort, e.g. `name=alpha`."))
    if not COHORT_NAME.match(cleaned):
        raise InvalidInput(
            _("`{name}` is not a usable cohort name; use up to 40 letters, digits, spaces, dots, dashes or "
              "underscores.").format(name=cleaned[:60])
        )
    return cleaned


class Community(ServiceContext):
    """Streaks, leaderboards and cohorts."""

    async def _tz(self, channel: ChannelRef) -> str:
        schedule = await self.store.get_schedule(channel)
        return schedule.tz if schedule else self.default_tz

    async def streak(self, channel: ChannelRef, member: MemberRef) -> StreakState:
        """The member's streak in this channel as of the channel's local today."""
        schedule = await self.store.get_schedule(channel)
        return await self.store.member_streak(channel, member, self.today(schedule))

    async def _known_cohort(self, community: tuple[Platform, str], cohort: str | None) -> str | None:
        if not cohort:
            return None
        name = cohort_name(cohort)
        cohorts = await self.store.list_cohorts(community)
        for c in cohorts:
            if c.name.lower() == name.lower():
                return c.name
        known = ", ".join(c.name for c in cohorts) or _("none yet")
        raise NotFound(_("There is no cohort `{name}` here; cohorts: {known}.").format(
            name=name, known=known))

    async def leaderboard(
        self, channel: ChannelRef, member: MemberRef, period: Period, cohort: str | None = None
    ) -> Leaderboard:
        """Top members of the server or workspace for the period (weeks start Monday in the
        channel's zone), optionally one cohort, with the caller's rank and neighbours."""
        community = community_of(channel)
        name = await self._known_cohort(community, cohort)
        since = period_start(Period(period), self.now(), await self._tz(channel))
        return await self.store.leaderboard(community, Period(period), since, name, member)

    async def compare_cohorts(self, channel: ChannelRef, period: Period) -> CohortComparison:
        """Cohort against cohort: points, answers and accuracy for the period."""
        since = period_start(Period(period), self.now(), await self._tz(channel))
        rows = await self.store.cohort_standings(community_of(channel), since)
        return CohortComparison(rows=tuple(rows))

    async def cohort_create(self, actor: Actor, name: str, role_id: str | None = None) -> CohortResult:
        """Create a cohort (admins only); it may follow a Discord role or Slack user group."""
        self.require_admin(actor, _("create cohorts"))
        created = await self.store.create_cohort(community_of(actor.member), cohort_name(name), role_id)
        cohort = await self.store.join_cohort(actor.member, created.name)  # the creator is its first member
        follows = " " + _("It follows the linked group's members.") if role_id else ""
        join = f"`{example(actor.member.platform, 'cohort join', name=cohort.name)}`"
        return CohortResult(cohort, _("Created cohort {name} and added you to it. Members join with "
                                      "{join}.").format(
            name=cohort.name, join=join) + follows)

    async def cohort_join(self, member: MemberRef, name: str) -> CohortResult:
        """Join a cohort of the member's server or workspace."""
        found = await self._existing(member, name)
        if found in await self.store.member_cohorts(member):
            raise Conflict(_("You are already in {cohort}.").format(cohort=found))
        cohort = await self.store.join_cohort(member, found)
        return CohortResult(cohort, _("You joined {cohort} ({members}).").format(
            cohort=cohort.name, members=_members(cohort)))

    async def cohort_leave(self, member: MemberRef, name: str) -> CohortResult:
        """Leave a cohort."""
        found = await self._existing(member, name)
        if found not in await self.store.member_cohorts(member):
            raise Conflict(_("You are not in {cohort}; `/cohort list` shows the cohorts you are in.").format(
                cohort=found))
        cohort = await self.store.leave_cohort(member, found)
        return CohortResult(cohort, _("You left {cohort} ({members} left).").format(
            cohort=cohort.name, members=_members(cohort)))

    async def _existing(self, member: MemberRef, name: str) -> str:
        found = await self._known_cohort(community_of(member), name)
        return found or cohort_name(name)

    async def cohort_list(self, member: MemberRef) -> list[Cohort]:
        """Every cohort of the member's server or workspace."""
        return await self.store.list_cohorts(community_of(member))

    async def my_cohorts(self, member: MemberRef) -> list[str]:
        """Names of the cohorts the member belongs to."""
        return await self.store.member_cohorts(member)


def _members(cohort: Cohort) -> str:
    return ngettext("{n} member", "{n} members", cohort.members).format(n=cohort.members)
