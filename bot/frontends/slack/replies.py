"""Block Kit for command answers: schedules, status, stats, streaks, leaderboards, cohorts, appeals."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from bot.core.commands import ADMIN_COMMANDS, MEMBER_COMMANDS, days_phrase, format_days, help_text, overview
from bot.core.i18n import N_, _, format_number, ngettext
from bot.core.links import DashboardLink
from bot.core.models import Appeal, Cohort, Leaderboard, Standing, StreakState, TodayStatus
from bot.core.ports import AdminChange
from bot.core.results import (
    AdminList,
    AdminResult,
    ChannelStats,
    ChannelStatus,
    CohortComparison,
    PackInfo,
    ScheduleChange,
)
from bot.frontends.slack.blocks import (
    APPEAL_ACCEPT,
    APPEAL_REJECT,
    Block,
    actions,
    button,
    fit,
    local_time,
    section,
)
from bot.frontends.slack.escape import SECTION_TEXT, safe
from bot.frontends.slack.wording import counted, percent, short_day

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
HINT_HELP = N_("Hints: press Hint under today's question. `/studybot help` shows this list.")
ADMINS_HELP = (
    N_("/studybot admins add @member: let a member use the admin commands"),
    N_("/studybot admins remove @member: take that back (not yourself; workspace admins stay admins)"),
    N_("/studybot admins list: who was added, by whom and when, and the latest changes"),
)
PERIODS = {"week": N_("week"), "month": N_("month"), "all": N_("all")}
COMPARE_HELP = N_("/cohort compare [period]: compare cohorts' points (week, month or all)")


def _pts(number: int) -> str:
    return counted(ngettext("{n} pt", "{n} pts", number), number)


def _answers(number: int) -> str:
    return counted(ngettext("{n} answer", "{n} answers", number), number)


def _members(number: int) -> str:
    return counted(ngettext("{n} member", "{n} members", number), number)


def paragraphs(text: str) -> list[Block]:
    """Sections of escaped mrkdwn `text`, split on line breaks so none exceeds 3,000 characters."""
    blocks: list[Block] = []
    chunk = ""
    for line in text.split("\n"):
        while len(line) > SECTION_TEXT:
            if chunk:
                blocks.append(section(chunk))
                chunk = ""
            blocks.append(section(line[:SECTION_TEXT]))
            line = line[SECTION_TEXT:]
        if chunk and len(chunk) + 1 + len(line) > SECTION_TEXT:
            blocks.append(section(chunk))
            chunk = line
        else:
            chunk = f"{chunk}\n{line}" if chunk else line
    if chunk.strip():
        blocks.append(section(chunk))
    return fit(blocks or [section(" ")])


def schedule_change(change: ScheduleChange) -> str:
    s = change.schedule
    lines = [f":white_check_mark: {safe(change.message)}"]
    packs = (_("packs {packs}").format(packs=safe(", ".join(s.packs), 500)) if s.packs else _("every pack"))
    lines.append(_("Posts at *{time}* ({tz}) {days}; order {order}; answers by {answers}; {packs}").format(
        time=f"{s.post_time:%H:%M}", tz=safe(s.tz, 64), days=days_phrase(s.days), order=s.order.value,
        answers=s.answers.value, packs=packs))
    if change.next_post is not None:
        lines.append(_("Next post: *{when}*").format(when=local_time(change.next_post, s.tz)))
    else:
        lines.append(_("Paused: nothing is posted until `/studybot resume`."))
    return "\n".join(lines)


def status(result: ChannelStatus) -> str:
    s = result.schedule
    if s is None:
        none = _("This channel has no schedule yet. An admin can start one with `/studybot setup`.")
        return "\n".join([none, *admin_changes(result.admin_changes)])
    schedule = _("*Schedule:* {time} {tz}, {days}, order {order}, answers by {answers}").format(
        time=f"{s.post_time:%H:%M}", tz=safe(s.tz, 64), days=format_days(s.days), order=s.order.value,
        answers=s.answers.value)
    lines = [schedule + (" — " + _("*paused*") if s.paused else "")]
    if result.open_round is not None:
        q = result.open_question
        asked = safe(q.prompt, 300) if q else _("question {id}").format(
            id=safe(result.open_round.question_id or "", 100))
        lines.append(_("*Open question:* {question} ({day}, {count} answered so far)").format(
            question=asked, day=short_day(result.open_round.local_date),
            count=format_number(result.answered_today)))
    else:
        lines.append(_("*Open question:* none"))
    lines.append(_("*Next post:* {when}").format(when=local_time(result.next_post, s.tz)) if result.next_post
                 else _("*Next post:* none scheduled"))
    return "\n".join(lines + admin_changes(result.admin_changes))


def user(user_id: str | None) -> str:
    """A Slack user mention for a well-formed user id (escaped text otherwise)."""
    if user_id and USER_ID.match(user_id):
        return f"<@{user_id}>"
    return safe(user_id or _("someone"), 40)


def when(at: datetime | None) -> str:
    """An instant as Slack shows it in each reader's own time zone, with a UTC fallback."""
    if at is None:
        return _("at an unrecorded time")
    return f"<!date^{int(at.timestamp())}^{{date_short}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def admin_changes(changes: tuple[AdminChange, ...]) -> list[str]:
    """`*Admin changes:*` and one line per change, newest first (nothing when there are none)."""
    if not changes:
        return []
    return [_("*Admin changes:*")] + [f"• {when(c.at)}: {_change(c)}" for c in changes]


_VERBS = {"add": N_("{by} added {whom}"), "remove": N_("{by} removed {whom}"),
          "approve-suggestion": N_("{by} approved a suggestion by {whom}"),
          "reject-suggestion": N_("{by} rejected a suggestion by {whom}"),
          "edit-suggestion": N_("{by} edited a suggestion by {whom}")}


def _change(c: AdminChange) -> str:
    """One audited change in words; suggestion reviews name the author, imports the question count."""
    if c.action == "import-questions":
        return _("{count} imported into the community pack by `studybot content import`").format(
            count=safe(c.user_id, 40))
    whom = user(c.user_id) if c.user_id else _("an imported question")
    verb = _VERBS.get(c.action)
    if verb is None:
        return f"{user(c.by_user_id)} {safe(c.action, 20)} {whom}"
    return _(verb).format(by=user(c.by_user_id), whom=whom)


def admin_result(result: AdminResult) -> str:
    if result.action == "add":
        return ":white_check_mark: " + _("{member} can now use the `/studybot` admin commands. "
                                         "`/studybot admins remove @member` takes that back.").format(
            member=user(result.user_id))
    text = ":white_check_mark: " + _("{member} is no longer a studybot admin.").format(
        member=user(result.user_id))
    if result.remaining == 0:
        text += " " + _("No added admins are left; workspace admins and owners can still run the admin "
                        "commands and add members again.")
    return text


def admin_list(result: AdminList) -> str:
    lines = [_("*Added admins*")]
    for entry in result.added:
        by = _("added by {member} {when}").format(member=user(entry.added_by), when=when(entry.added_at)) \
            if entry.added_by else _("added before studybot recorded who adds admins")
        lines.append(f"• {user(entry.user_id)}, {by}")
    if not result.added:
        lines.append(_("Nobody was added with `/studybot admins add @member`."))
    lines.append(_("Workspace admins and owners are always admins."))
    return "\n".join(lines + admin_changes(result.changes))


def stats(result: ChannelStats) -> str:
    lines = [
        _("*Rounds:* {rounds}  ·  *Answers:* {answers}  ·  *Correct:* {share}  ·  "
          "*Participants:* {people}").format(
            rounds=format_number(result.rounds), answers=format_number(result.answers),
            share=percent(result.correct_share), people=format_number(result.participants)),
    ]
    if result.hardest:
        lines.append(_("*Hardest questions* (mean score)"))
        lines += [f"• {safe(qid, 200)}: {percent(score)}" for qid, score in result.hardest[:10]]
    if result.recent:
        lines.append(_("*Recent rounds*"))
        lines += [
            "• " + _("{day} {question}: {answers}, {share} correct").format(
                day=short_day(day), question=safe(qid, 200), answers=_answers(st.answers),
                share=percent(st.correct_share))
            for day, qid, st in result.recent[:10]
        ]
    return "\n".join(lines)


_TODAY = {
    TodayStatus.ANSWERED: N_("answered today :white_check_mark:"),
    TodayStatus.PENDING: N_("today's question is waiting for you"),
    TodayStatus.MISSED: N_("today's round closed without your answer"),
    TodayStatus.NOT_SCHEDULED: N_("no question today"),
}


def streak(state: StreakState) -> str:
    today = _TODAY.get(state.today)
    return ":fire: " + _("*Current streak:* {current}  ·  *Longest:* {longest}  ·  "
                         "*Freezes held:* {freezes}\n*Today:* {today}").format(
        current=format_number(state.current), longest=format_number(state.longest),
        freezes=format_number(state.freezes), today=_(today) if today else state.today.value)


def _row(row: Standing, me: str | None) -> str:
    name = safe(row.member.name or row.member.user_id, 80)
    if me and row.member.user_id == me:
        name = _("*{name}* (you)").format(name=name)
    return _("{rank}. {name} — {points} · {answers} · {share} correct · streak {streak}").format(
        rank=row.rank, name=name, points=_pts(row.points), answers=_answers(row.answers),
        share=percent(row.accuracy), streak=format_number(row.streak))


def dashboard_link(link: DashboardLink) -> str:
    """A private dashboard link, what it opens and when it expires."""
    if link.scope == "community":
        text = _("<{url}|Open the dashboard> (every page of this workspace; expires {expires} UTC). "
                 "Keep it to yourself: anyone with the link can read these pages until then.")
    else:
        text = _("<{url}|Open the dashboard> (your page and the public boards; expires {expires} UTC). "
                 "Keep it to yourself: anyone with the link can read these pages until then.")
    return ":bar_chart: " + text.format(url=safe(link.url), expires=f"{link.expires:%Y-%m-%d %H:%M}")


def leaderboard(board: Leaderboard, me: str | None) -> str:
    period = _(PERIODS[board.period.value]) if board.period.value in PERIODS else board.period.value
    if board.cohort:
        period += " · " + _("cohort {name}").format(name=safe(board.cohort, 80))
    lines = [":trophy: " + _("*Leaderboard* ({period})").format(period=period)]
    if not board.rows:
        lines.append(_("No counted answers yet in this period."))
    lines += [_row(r, me) for r in board.rows]
    top_ids = {r.member.user_id for r in board.rows}
    if board.me is not None and board.me.member.user_id not in top_ids:
        lines.append(_("*Around you*"))
        lines += [_row(r, me) for r in board.neighbours or (board.me,)]
    elif board.me is None and me:
        lines.append(_("You have no counted answers in this period yet."))
    return "\n".join(lines)


def comparison(result: CohortComparison) -> str:
    if not result.rows:
        return _("No cohorts have counted answers yet. Create one with `/cohort create name=…`.")
    lines = [":busts_in_silhouette: " + _("*Cohorts*")]
    lines += [
        f"{r.rank}. {safe(r.cohort, 80)} — {_pts(r.points)} · {_answers(r.answers)} · {_members(r.members)}"
        for r in result.rows
    ]
    return "\n".join(lines)


def cohorts(items: list[Cohort]) -> str:
    if not items:
        return _("No cohorts yet. Create one with `/cohort create name=…`.")
    return _("*Cohorts*") + "\n" + "\n".join(f"• {safe(c.name, 80)} ({_members(c.members)})" for c in items)


def packs(items: list[PackInfo]) -> str:
    if not items:
        return _("No content packs are loaded.")
    return _("*Content packs*") + "\n" + "\n".join(
        f"• `{safe(p.id, 80)}` {safe(p.title, 200)} v{safe(p.version, 20)}: "
        + counted(ngettext("{n} question", "{n} questions", p.questions), p.questions)
        for p in items
    )


def appeals(items: list[Appeal]) -> list[Block]:
    """Open appeals, each with the reply, score, note and Accept / Reject buttons."""
    if not items:
        return [section(_("No open appeals."))]
    blocks: list[Block] = [section(_("*Open appeals* ({count})").format(count=len(items)))]
    for appeal in items[:24]:
        who = safe(appeal.member.name or appeal.member.user_id, 80)
        text = _("*#{id}* {member} on `{question}`, scored {share}").format(
            id=appeal.id, member=who, question=safe(appeal.question_id, 100), share=percent(appeal.score))
        text += f"\n>{safe(appeal.reply, 2000)}"
        if appeal.note:
            text += "\n" + _("Note: {note}").format(note=safe(appeal.note, 500))
        blocks.append(section(text))
        blocks.append(actions(
            button(_("Accept"), APPEAL_ACCEPT, str(appeal.id), style="primary"),
            button(_("Reject"), APPEAL_REJECT, str(appeal.id), style="danger"),
        ))
    return fit(blocks)


def help_blocks(name: str, registered: Collection[str] | None = None) -> list[Block]:
    """Help for one command (member or admin), or the overview when the name is unknown, listing
    the `registered` member slash commands."""
    command = MEMBER_COMMANDS.get(name) or ADMIN_COMMANDS.get(name)
    text = help_text(command) if command else overview(registered=registered) + "\n" + _(HINT_HELP)
    if name == "cohort":
        text += "\n" + _(COMPARE_HELP)
    if name in ("studybot", "admins"):
        text += "".join("\n" + _(line) for line in ADMINS_HELP)
    return paragraphs("```" + safe(text, 2900) + "```")
