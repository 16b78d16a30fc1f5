"""Admin and cohort results as Discord embeds: schedules, status, stats, packs, appeals, cohorts."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.commands import format_days
from bot.core.i18n import _, format_number, ngettext
from bot.core.links import DashboardLink
from bot.core.models import Appeal, Cohort, Schedule
from bot.core.results import ChannelStats, ChannelStatus, PackInfo, ScheduleChange
from bot.core.timetable import describe_instant
from bot.frontends.discord.limits import FIELD_VALUE, clip, fit_embed
from bot.frontends.discord.locale import percent, short_day
from bot.frontends.discord.render import BRAND, counted, inert, plain, when


def _schedule_fields(embed: discord.Embed, schedule: Schedule) -> None:
    embed.add_field(name=_("Time"), value=f"{schedule.post_time:%H:%M}")
    embed.add_field(name=_("Timezone"), value=schedule.tz)
    embed.add_field(name=_("Days"), value=format_days(schedule.days))
    embed.add_field(name=_("Packs"), value=plain(", ".join(schedule.packs) or _("all loaded packs")))
    embed.add_field(name=_("Order"), value=str(schedule.order))
    embed.add_field(name=_("Answers"), value=str(schedule.answers))
    embed.add_field(name=_("State"), value=_("paused ⏸") if schedule.paused else _("active ▶"))


def next_post_text(next_post, tz: str) -> str:
    if next_post is None:
        return _("none while paused")
    return f"{when(next_post)}: {describe_instant(next_post, tz)}"


def schedule_change_embed(change: ScheduleChange) -> discord.Embed:
    """An admin change confirmed in words, with the schedule and the next post time."""
    embed = discord.Embed(title=_("Schedule updated"), description=inert(change.message), colour=BRAND)
    _schedule_fields(embed, change.schedule)
    embed.add_field(name=_("Next post"), value=next_post_text(change.next_post, change.schedule.tz),
                    inline=False)
    return fit_embed(embed)


def status_embed(status: ChannelStatus) -> discord.Embed:
    """The channel's schedule, open question and next post."""
    if status.schedule is None:
        return fit_embed(discord.Embed(
            title=_("No schedule in this channel"),
            description=_("Run `/studybot setup` here to post a daily question "
                          "(defaults: 09:00 UTC, Mon-Fri)."),
            colour=BRAND,
        ))
    embed = discord.Embed(title=_("Channel status"), colour=BRAND)
    _schedule_fields(embed, status.schedule)
    if status.open_round is not None:
        r, q = status.open_round, status.open_question
        asked = plain(clip(q.prompt, 300)) if q else _("question {id}").format(id=r.question_id)
        embed.add_field(name=_("Open question"),
                        value=f"{asked}\n{short_day(r.local_date)} · {r.question_id}", inline=False)
    else:
        embed.add_field(name=_("Open question"), value=_("none"), inline=False)
    embed.add_field(name=_("Answered today"), value=format_number(status.answered_today))
    embed.add_field(name=_("Next post"), value=next_post_text(status.next_post, status.schedule.tz),
                    inline=False)
    return fit_embed(embed)


def stats_embed(stats: ChannelStats) -> discord.Embed:
    """Answers, accuracy, participants, the hardest questions and recent rounds."""
    embed = discord.Embed(title=_("Channel stats"), colour=BRAND)
    embed.add_field(name=_("Rounds"), value=format_number(stats.rounds))
    embed.add_field(name=_("Answers"), value=format_number(stats.answers))
    embed.add_field(name=_("Correct"), value=percent(stats.correct_share))
    embed.add_field(name=_("Participants"), value=format_number(stats.participants))
    hardest = "\n".join(_("{question}: mean {share}").format(question=plain(qid), share=percent(score))
                        for qid, score in stats.hardest) or "—"
    embed.add_field(name=_("Hardest questions"), value=clip(hardest, FIELD_VALUE), inline=False)
    recent = "\n".join(
        _("{day} · {question} · {answers} · {share} correct").format(
            day=short_day(day), question=plain(qid), share=percent(s.correct_share),
            answers=counted(ngettext("{n} answer", "{n} answers", s.answers), s.answers))
        for day, qid, s in stats.recent
    ) or "—"
    embed.add_field(name=_("Recent rounds"), value=clip(recent, FIELD_VALUE), inline=False)
    return fit_embed(embed)


def _questions(number: int) -> str:
    return counted(ngettext("{n} question", "{n} questions", number), number)


def _members(number: int) -> str:
    return counted(ngettext("{n} member", "{n} members", number), number)


def packs_embed(packs: Sequence[PackInfo]) -> discord.Embed:
    """Loaded content packs."""
    lines = [f"**{plain(p.id)}**: {plain(p.title)} (v{plain(p.version)}) · "
             f"{_questions(p.questions)} · {plain(p.source)}" for p in packs]
    text = "\n".join(lines) or _("No content packs are loaded.")
    title = _("Content packs ({count})").format(count=len(packs))
    return fit_embed(discord.Embed(title=title, description=text, colour=BRAND))


def appeals_embed(appeals: Sequence[Appeal]) -> discord.Embed:
    """Open appeals with their number, so an admin can accept or reject one."""
    embed = discord.Embed(title=_("Open appeals ({count})").format(count=len(appeals)), colour=BRAND)
    if not appeals:
        embed.description = _("No open appeals.")
        return fit_embed(embed)
    embed.description = _("Accept or reject with `/studybot appeals action:accept id:N` (or `reject`).")
    for appeal in list(appeals)[:20]:
        who = plain(appeal.member.name or appeal.member.user_id)
        note = "\n" + _("Note: {note}").format(note=plain(clip(appeal.note, 200))) if appeal.note else ""
        embed.add_field(
            name=f"#{appeal.id} · {appeal.question_id} · {percent(appeal.score)} · {who}",
            value=f"{plain(clip(appeal.reply, 600))}{note}",
            inline=False,
        )
    if len(appeals) > 20:
        embed.set_footer(text=_("{count} more not shown; resolve some to see them.").format(
            count=len(appeals) - 20))
    return fit_embed(embed)


def cohorts_embed(cohorts: Sequence[Cohort]) -> discord.Embed:
    """The server's cohorts with their member counts."""
    lines = [f"**{plain(c.name)}**: {_members(c.members)}" for c in cohorts]
    text = "\n".join(lines) or _("No cohorts yet. Create one with `/cohort create name:<name>`.")
    title = _("Cohorts ({count})").format(count=len(cohorts))
    return fit_embed(discord.Embed(title=title, description=text, colour=BRAND))


def dashboard_embed(link: DashboardLink) -> discord.Embed:
    """A private dashboard link: the title links to it; what it opens and when it expires."""
    if link.scope == "community":
        text = _("This link opens every page of this server until {expires}. Keep it to yourself: anyone "
                 "with it can read these pages until then.")
    else:
        text = _("This link opens your page and the public boards until {expires}. Keep it to yourself: "
                 "anyone with it can read these pages until then.")
    description = text.format(expires=discord.utils.format_dt(link.expires))
    embed = discord.Embed(title=_("Open the dashboard"), url=link.url, colour=BRAND, description=description)
    return fit_embed(embed)
