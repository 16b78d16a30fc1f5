"""Embeds for what members read about themselves (/today, /history, /progress, /remind) and for
private notes (reminders and freeze notes, sent as DMs)."""

from __future__ import annotations

import discord

from bot.core.i18n import N_, _, format_number
from bot.core.insights import ProgressExtras
from bot.core.member_text import history_lines, progress_lines, today_lines
from bot.core.member_views import HistoryView, TodayView
from bot.core.ports import PrivateNote
from bot.core.progress import ProgressView
from bot.core.reminders import ReminderSetting
from bot.frontends.discord.limits import EMBED_DESCRIPTION, FIELD_VALUE, clip, fit_embed
from bot.frontends.discord.render import BRAND, plain, when

NOTE_TITLES = {
    "reminder": N_("⏰ Your streak is at risk"),
    "earned": N_("🧊 Freeze earned"),
    "used": N_("🧊 Freeze used"),
    "suggestion approved": N_("✅ Your suggestion was approved"),
    "suggestion rejected": N_("Your suggestion was not accepted"),
}


def _lines(lines: list[str]) -> str:
    return clip("\n".join(plain(line) for line in lines), EMBED_DESCRIPTION)


def today_embed(view: TodayView) -> discord.Embed:
    """The open question again, its close time in the reader's own zone, and their answer."""
    embed = discord.Embed(title=_("Today's question"), description=_lines(today_lines(view)), colour=BRAND)
    if view.round is not None and view.closes_at is not None:
        embed.add_field(name=_("Closes"), value=when(view.closes_at), inline=False)
    embed.set_footer(text=_("streak {days} · freezes {freezes}").format(
        days=format_number(view.streak.current), freezes=format_number(view.streak.freezes)))
    return fit_embed(embed)


def history_embed(view: HistoryView) -> discord.Embed:
    return fit_embed(
        discord.Embed(title=_("Your last answers"), description=_lines(history_lines(view)), colour=BRAND)
    )


PROGRESS_CHART = "progress.png"


def progress_embed(view: ProgressView, extras: ProgressExtras | None = None) -> discord.Embed:
    """The progress lines; with `extras`, the private link to the member's dashboard page, the chart
    (attached as PROGRESS_CHART, shown in the embed) and a note for whatever could not be made."""
    embed = discord.Embed(title=_("Your progress"), description=_lines(progress_lines(view)), colour=BRAND)
    if extras is not None and extras.link is not None:
        link = extras.link
        embed.add_field(name=_("Dashboard"), inline=False, value=clip(
            _("[Open your page]({url}) (yours only, until {expires}; keep the link to yourself)").format(
                url=link.url, expires=discord.utils.format_dt(link.expires)), FIELD_VALUE))
    if extras is not None and extras.notes:
        embed.add_field(name=_("Note"), value=clip("\n".join(plain(n) for n in extras.notes), FIELD_VALUE),
                        inline=False)
    if extras is not None and extras.chart is not None:
        embed.set_image(url=f"attachment://{PROGRESS_CHART}")
    return fit_embed(embed)


def remind_embed(setting: ReminderSetting) -> discord.Embed:
    embed = discord.Embed(title=_("Reminders"), description=plain(setting.message), colour=BRAND)
    if setting.pref is not None and setting.pref.enabled:
        embed.set_footer(text=_("Reminders come as direct messages: allow DMs from server members."))
    return fit_embed(embed)


def note_embed(note: PrivateNote) -> discord.Embed:
    """A reminder or freeze note as a DM; it links the channel, where the Answer button is."""
    known = NOTE_TITLES.get(note.event or note.kind)
    title = _(known) if known else "studybot"
    embed = discord.Embed(title=title, description=plain(note.text), colour=BRAND)
    embed.add_field(
        name=_("Channel"),
        value=f"<#{int(note.channel.channel_id)}>"
        if note.channel.channel_id.isdigit()
        else plain(note.channel.channel_id),
    )
    if note.closes_at is not None:
        embed.add_field(name=_("Closes"), value=when(note.closes_at))
    return fit_embed(embed)
