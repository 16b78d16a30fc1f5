"""Admin and cohort results as Discord embeds: schedules, status, stats, packs, appeals, cohorts."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.commands import format_days
from bot.core.models import Appeal, Cohort, Schedule
from bot.core.results import ChannelStats, ChannelStatus, PackInfo, ScheduleChange
from bot.core.timetable import describe_instant
from bot.core.wording import count
from bot.frontends.discord.limits import FIELD_VALUE, clip, fit_embed
from bot.frontends.discord.render import BRAND, inert, plain, when


def _schedule_fields(embed: discord.Embed, schedule: Schedule) -> None:
    embed.add_field(name="Time", value=f"{schedule.post_time:%H:%M}")
    embed.add_field(name="Timezone", value=schedule.tz)
    embed.add_field(name="Days", value=format_days(schedule.days))
    embed.add_field(name="Packs", value=plain(", ".join(schedule.packs) or "all loaded packs"))
    embed.add_field(name="Order", value=str(schedule.order))
    embed.add_field(name="Answers", value=str(schedule.answers))
    embed.add_field(name="State", value="paused ⏸" if schedule.paused else "active ▶")


def next_post_text(next_post, tz: str) -> str:
    if next_post is None:
        return "none while paused"
    return f"{when(next_post)}: {describe_instant(next_post, tz)}"


def schedule_change_embed(change: ScheduleChange) -> discord.Embed:
    """An admin change confirmed in words, with the schedule and the next post time."""
    embed = discord.Embed(title="Schedule updated", description=inert(change.message), colour=BRAND)
    _schedule_fields(embed, change.schedule)
    embed.add_field(name="Next post", value=next_post_text(change.next_post, change.schedule.tz),
                    inline=False)
    return fit_embed(embed)


def status_embed(status: ChannelStatus) -> discord.Embed:
    """The channel's schedule, open question and next post."""
    if status.schedule is None:
        return fit_embed(discord.Embed(
            title="No schedule in this channel",
            description="Run `/studybot setup` here to post a daily question (defaults: 09:00 UTC, Mon-Fri).",
            colour=BRAND,
        ))
    embed = discord.Embed(title="Channel status", colour=BRAND)
    _schedule_fields(embed, status.schedule)
    if status.open_round is not None:
        r, q = status.open_round, status.open_question
        asked = plain(clip(q.prompt, 300)) if q else f"question {r.question_id}"
        embed.add_field(name="Open question",
                        value=f"{asked}\n{r.local_date:%a %d %b} · {r.question_id}", inline=False)
    else:
        embed.add_field(name="Open question", value="none", inline=False)
    embed.add_field(name="Answered today", value=str(status.answered_today))
    embed.add_field(name="Next post", value=next_post_text(status.next_post, status.schedule.tz),
                    inline=False)
    return fit_embed(embed)


def stats_embed(stats: ChannelStats) -> discord.Embed:
    """Answers, accuracy, participants, the hardest questions and recent rounds."""
    embed = discord.Embed(title="Channel stats", colour=BRAND)
    embed.add_field(name="Rounds", value=str(stats.rounds))
    embed.add_field(name="Answers", value=str(stats.answers))
    embed.add_field(name="Correct", value=f"{stats.correct_share:.0%}")
    embed.add_field(name="Participants", value=str(stats.participants))
    hardest = "\n".join(f"{plain(qid)}: mean {score:.0%}" for qid, score in stats.hardest) or "—"
    embed.add_field(name="Hardest questions", value=clip(hardest, FIELD_VALUE), inline=False)
    recent = "\n".join(
        f"{day:%a %d %b} · {plain(qid)} · {count(s.answers, 'answer')} · {s.correct_share:.0%} correct"
        for day, qid, s in stats.recent
    ) or "—"
    embed.add_field(name="Recent rounds", value=clip(recent, FIELD_VALUE), inline=False)
    return fit_embed(embed)


def packs_embed(packs: Sequence[PackInfo]) -> discord.Embed:
    """Loaded content packs."""
    lines = [f"**{plain(p.id)}**: {plain(p.title)} (v{plain(p.version)}) · "
             f"{count(p.questions, 'question')} · {plain(p.source)}" for p in packs]
    text = "\n".join(lines) or "No content packs are loaded."
    return fit_embed(discord.Embed(title=f"Content packs ({len(packs)})", description=text, colour=BRAND))


def appeals_embed(appeals: Sequence[Appeal]) -> discord.Embed:
    """Open appeals with their number, so an admin can accept or reject one."""
    embed = discord.Embed(title=f"Open appeals ({len(appeals)})", colour=BRAND)
    if not appeals:
        embed.description = "No open appeals."
        return fit_embed(embed)
    embed.description = "Accept or reject with `/studybot appeals action:accept id:N` (or `reject`)."
    for appeal in list(appeals)[:20]:
        who = plain(appeal.member.name or appeal.member.user_id)
        note = f"\nNote: {plain(clip(appeal.note, 200))}" if appeal.note else ""
        embed.add_field(
            name=f"#{appeal.id} · {appeal.question_id} · {appeal.score:.0%} · {who}",
            value=f"{plain(clip(appeal.reply, 600))}{note}",
            inline=False,
        )
    if len(appeals) > 20:
        embed.set_footer(text=f"{len(appeals) - 20} more not shown; resolve some to see them.")
    return fit_embed(embed)


def cohorts_embed(cohorts: Sequence[Cohort]) -> discord.Embed:
    """The server's cohorts with their member counts."""
    lines = [f"**{plain(c.name)}**: {c.members} member{'s' if c.members != 1 else ''}" for c in cohorts]
    text = "\n".join(lines) or "No cohorts yet. Create one with `/cohort create name:<name>`."
    return fit_embed(discord.Embed(title=f"Cohorts ({len(cohorts)})", description=text, colour=BRAND))
