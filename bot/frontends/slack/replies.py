"""Block Kit for command answers: schedules, status, stats, streaks, leaderboards, cohorts, appeals."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from bot.core.commands import ADMIN_COMMANDS, MEMBER_COMMANDS, days_phrase, format_days, help_text, overview
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
from bot.core.wording import count
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

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
HINT_HELP = "\nHints: press Hint under today's question. `/studybot help` shows this list."
ADMINS_HELP = (
    "\n/studybot admins add @member: let a member use the admin commands"
    "\n/studybot admins remove @member: take that back (not yourself; workspace admins stay admins)"
    "\n/studybot admins list: who was added, by whom and when, and the latest changes"
)


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
    lines.append(
        f"Posts at *{s.post_time:%H:%M}* ({safe(s.tz, 64)}) {days_phrase(s.days)}; "
        f"order {s.order.value}; answers by {s.answers.value}"
        + (f"; packs {safe(', '.join(s.packs), 500)}" if s.packs else "; every pack")
    )
    if change.next_post is not None:
        lines.append(f"Next post: *{local_time(change.next_post, s.tz)}*")
    else:
        lines.append("Paused: nothing is posted until `/studybot resume`.")
    return "\n".join(lines)


def status(result: ChannelStatus) -> str:
    s = result.schedule
    if s is None:
        none = "This channel has no schedule yet. An admin can start one with `/studybot setup`."
        return "\n".join([none, *admin_changes(result.admin_changes)])
    lines = [
        f"*Schedule:* {s.post_time:%H:%M} {safe(s.tz, 64)}, {format_days(s.days)}, order {s.order.value}, "
        f"answers by {s.answers.value}" + (" — *paused*" if s.paused else ""),
    ]
    if result.open_round is not None:
        q = result.open_question
        asked = safe(q.prompt, 300) if q else f"question {safe(result.open_round.question_id or '', 100)}"
        lines.append(f"*Open question:* {asked} ({result.open_round.local_date:%a %d %b}, "
                     f"{result.answered_today} answered so far)")
    else:
        lines.append("*Open question:* none")
    lines.append(f"*Next post:* {local_time(result.next_post, s.tz)}" if result.next_post else
                 "*Next post:* none scheduled")
    return "\n".join(lines + admin_changes(result.admin_changes))


def user(user_id: str | None) -> str:
    """A Slack user mention for a well-formed user id (escaped text otherwise)."""
    if user_id and USER_ID.match(user_id):
        return f"<@{user_id}>"
    return safe(user_id or "someone", 40)


def when(at: datetime | None) -> str:
    """An instant as Slack shows it in each reader's own time zone, with a UTC fallback."""
    if at is None:
        return "at an unrecorded time"
    return f"<!date^{int(at.timestamp())}^{{date_short}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def admin_changes(changes: tuple[AdminChange, ...]) -> list[str]:
    """`*Admin changes:*` and one line per change, newest first (nothing when there are none)."""
    if not changes:
        return []
    return ["*Admin changes:*"] + [f"• {when(c.at)}: {_change(c)}" for c in changes]


_VERBS = {"add": "added", "remove": "removed", "approve-suggestion": "approved a suggestion by",
          "reject-suggestion": "rejected a suggestion by", "edit-suggestion": "edited a suggestion by"}


def _change(c: AdminChange) -> str:
    """One audited change in words; suggestion reviews name the author, imports the question count."""
    if c.action == "import-questions":
        return f"{safe(c.user_id, 40)} imported into the community pack by `studybot content import`"
    whom = user(c.user_id) if c.user_id else "an imported question"
    return f"{user(c.by_user_id)} {_VERBS.get(c.action, safe(c.action, 20))} {whom}"


def admin_result(result: AdminResult) -> str:
    if result.action == "add":
        return (f":white_check_mark: {user(result.user_id)} can now use the `/studybot` admin commands. "
                "`/studybot admins remove @member` takes that back.")
    text = f":white_check_mark: {user(result.user_id)} is no longer a studybot admin."
    if result.remaining == 0:
        text += (" No added admins are left; workspace admins and owners can still run the admin "
                 "commands and add members again.")
    return text


def admin_list(result: AdminList) -> str:
    lines = ["*Added admins*"]
    for entry in result.added:
        by = f"added by {user(entry.added_by)} {when(entry.added_at)}" if entry.added_by else (
            "added before studybot recorded who adds admins")
        lines.append(f"• {user(entry.user_id)}, {by}")
    if not result.added:
        lines.append("Nobody was added with `/studybot admins add @member`.")
    lines.append("Workspace admins and owners are always admins.")
    return "\n".join(lines + admin_changes(result.changes))


def stats(result: ChannelStats) -> str:
    lines = [
        f"*Rounds:* {result.rounds}  ·  *Answers:* {result.answers}  ·  "
        f"*Correct:* {result.correct_share:.0%}  ·  *Participants:* {result.participants}",
    ]
    if result.hardest:
        lines.append("*Hardest questions* (mean score)")
        lines += [f"• {safe(qid, 200)}: {score:.0%}" for qid, score in result.hardest[:10]]
    if result.recent:
        lines.append("*Recent rounds*")
        lines += [
            f"• {day:%a %d %b} {safe(qid, 200)}: {count(st.answers, 'answer')}, "
            f"{st.correct_share:.0%} correct"
            for day, qid, st in result.recent[:10]
        ]
    return "\n".join(lines)


_TODAY = {
    TodayStatus.ANSWERED: "answered today :white_check_mark:",
    TodayStatus.PENDING: "today's question is waiting for you",
    TodayStatus.MISSED: "today's round closed without your answer",
    TodayStatus.NOT_SCHEDULED: "no question today",
}


def streak(state: StreakState) -> str:
    return (
        f":fire: *Current streak:* {state.current}  ·  *Longest:* {state.longest}  ·  "
        f"*Freezes held:* {state.freezes}\n*Today:* {_TODAY.get(state.today, state.today.value)}"
    )


def _row(row: Standing, me: str | None) -> str:
    name = safe(row.member.name or row.member.user_id, 80)
    if me and row.member.user_id == me:
        name = f"*{name}* (you)"
    return (f"{row.rank}. {name} — {count(row.points, 'pt')} · {count(row.answers, 'answer')} · "
            f"{row.accuracy:.0%} correct · streak {row.streak}")


def dashboard_link(link: DashboardLink) -> str:
    """A private dashboard link, what it opens and when it expires."""
    opens = "every page of this workspace" if link.scope == "community" else "your page and the public boards"
    return (f":bar_chart: <{safe(link.url)}|Open the dashboard> ({opens}; expires "
            f"{link.expires:%Y-%m-%d %H:%M} UTC). Keep it to yourself: anyone with the link can read "
            "these pages until then.")


def leaderboard(board: Leaderboard, me: str | None) -> str:
    scope = f" · cohort {safe(board.cohort, 80)}" if board.cohort else ""
    lines = [f":trophy: *Leaderboard* ({board.period.value}{scope})"]
    if not board.rows:
        lines.append("No counted answers yet in this period.")
    lines += [_row(r, me) for r in board.rows]
    top_ids = {r.member.user_id for r in board.rows}
    if board.me is not None and board.me.member.user_id not in top_ids:
        lines.append("*Around you*")
        lines += [_row(r, me) for r in board.neighbours or (board.me,)]
    elif board.me is None and me:
        lines.append("You have no counted answers in this period yet.")
    return "\n".join(lines)


def comparison(result: CohortComparison) -> str:
    if not result.rows:
        return "No cohorts have counted answers yet. Create one with `/cohort create name=…`."
    lines = [":busts_in_silhouette: *Cohorts*"]
    lines += [
        f"{r.rank}. {safe(r.cohort, 80)} — {count(r.points, 'pt')} · {count(r.answers, 'answer')} · "
        f"{count(r.members, 'member')}"
        for r in result.rows
    ]
    return "\n".join(lines)


def cohorts(items: list[Cohort]) -> str:
    if not items:
        return "No cohorts yet. Create one with `/cohort create name=…`."
    return "*Cohorts*\n" + "\n".join(
        f"• {safe(c.name, 80)} ({c.members} member{'s' if c.members != 1 else ''})" for c in items
    )


def packs(items: list[PackInfo]) -> str:
    if not items:
        return "No content packs are loaded."
    return "*Content packs*\n" + "\n".join(
        f"• `{safe(p.id, 80)}` {safe(p.title, 200)} v{safe(p.version, 20)}: {count(p.questions, 'question')}"
        for p in items
    )


def appeals(items: list[Appeal]) -> list[Block]:
    """Open appeals, each with the reply, score, note and Accept / Reject buttons."""
    if not items:
        return [section("No open appeals.")]
    blocks: list[Block] = [section(f"*Open appeals* ({len(items)})")]
    for appeal in items[:24]:
        who = safe(appeal.member.name or appeal.member.user_id, 80)
        text = (f"*#{appeal.id}* {who} on `{safe(appeal.question_id, 100)}`, scored {appeal.score:.0%}\n"
                f">{safe(appeal.reply, 2000)}")
        if appeal.note:
            text += f"\nNote: {safe(appeal.note, 500)}"
        blocks.append(section(text))
        blocks.append(actions(
            button("Accept", APPEAL_ACCEPT, str(appeal.id), style="primary"),
            button("Reject", APPEAL_REJECT, str(appeal.id), style="danger"),
        ))
    return fit(blocks)


def help_blocks(name: str, registered: Collection[str] | None = None) -> list[Block]:
    """Help for one command (member or admin), or the overview when the name is unknown, listing
    the `registered` member slash commands."""
    command = MEMBER_COMMANDS.get(name) or ADMIN_COMMANDS.get(name)
    text = help_text(command) if command else overview(registered=registered) + HINT_HELP
    if name == "cohort":
        text += "\n/cohort compare [period]: compare cohorts' points (week, month or all)"
    if name in ("studybot", "admins"):
        text += ADMINS_HELP
    return paragraphs("```" + safe(text, 2900) + "```")
