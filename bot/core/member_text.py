"""`/today`, `/history` and `/progress` in plain words, one line a list item (pure).

Discord and Slack show these lines in their own idiom (an embed, blocks); they carry no markup so
each frontend can escape and style them.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core import timetable
from bot.core.i18n import _, format_day, format_percent, ngettext
from bot.core.labels import label
from bot.core.member_views import HistoryView, TodayView
from bot.core.progress import ProgressView
from bot.core.reminder_rules import format_lead


def time_left(left: timedelta | None) -> str:
    """`3h 20m left`, `under a minute left`, or `open until the next question` when it has no end."""
    if left is None:
        return _("open until the next question")
    if left < timedelta(minutes=1):
        return _("under a minute left")
    if left >= timedelta(days=1):
        return _("{days}d {lead} left").format(days=left.days,
                                                 lead=format_lead(left - timedelta(days=left.days)))
    return _("{lead} left").format(lead=format_lead(left))


def today_lines(view: TodayView) -> list[str]:
    """The open question, its close time and time left, and whether the member answered."""
    if view.round is None or view.question is None:
        when = timetable.describe_instant(view.next_post, view.tz)
        return [
            _("No question is open in this channel right now."),
            _("Next question: {when}.").format(when=when) if view.next_post
            else _("No question is scheduled (paused?)."),
        ]
    q = view.question
    closes = (
        timetable.describe_instant(view.closes_at, view.tz) if view.closes_at else _("with the next question")
    )
    lines = [
        q.prompt,
        _("{difficulty} · {topics} · closes {closes} ({left})").format(
            difficulty=label(q.difficulty), topics=", ".join(q.topics) or _("general"), closes=closes,
            left=time_left(view.time_left)),
    ]
    if view.answer is None:
        if view.streak.current:
            lines.append(_("You have not answered yet: answer before it closes to keep your {days}-day "
                           "streak.").format(days=view.streak.current))
        else:
            lines.append(_("You have not answered yet: answer before it closes."))
    else:
        a = view.answer
        kind = _("counted") if a.counted else _("practice")
        lines.append(
            _("You answered: {verdict}, {score} ({kind}, answer #{id}); `/history` shows its "
              "feedback.").format(
                verdict=label(a.verdict), score=format_percent(a.score), kind=kind, id=a.id)
        )
    return lines


def history_lines(view: HistoryView) -> list[str]:
    """One line per past answer, newest first."""
    if not view.rows:
        return [
            _("You have not answered any question yet. `/today` shows the open one; `/quiz` gives practice.")
        ]
    lines = []
    for r in view.rows:
        prompt = r.prompt if len(r.prompt) <= 80 else r.prompt[:79] + "…"
        kind = (ngettext("+{n} pt", "+{n} pts", r.points).format(n=r.points) if r.counted
                else label("quiz" if r.source == "quiz" else "practice"))
        lines.append(
            f"#{r.answer_id} · {format_day(r.day)} · {label(r.verdict)} "
            f"{format_percent(r.score)} · {kind} · {prompt}"
        )
    lines.append(_("Open one to see its feedback again: `/history id=NUMBER`."))
    return lines


def progress_lines(view: ProgressView) -> list[str]:
    """Questions seen, topic strengths, streak and freezes, reviews due."""
    s = view.streak
    freezes = ngettext("{n} freeze", "{n} freezes", s.freezes).format(n=s.freezes)
    if view.next_freeze_in is None:
        earn = _("you hold the most freezes allowed")
    else:
        days = view.next_freeze_in
        earn = ngettext("next freeze after {n} more answered day in a row",
                        "next freeze after {n} more answered days in a row", days).format(n=days)
    lines = [
        _("Questions seen: {seen} of {pool}; {correct} of {answers} answers correct.").format(
            seen=view.seen, pool=view.pool, correct=view.correct, answers=view.answers),
        _("Streak {current} (longest {longest}) · {freezes}; {earn}.").format(
            current=s.current, longest=s.longest, freezes=freezes, earn=earn),
        _("Reviews due for /quiz: {count}.").format(count=view.reviews_due),
    ]
    seen = [t for t in view.topics if t.seen]
    if seen:
        lines.append(_("By topic (latest answer per question):"))
        lines += [
            "  " + _("{topic}: {correct} of {seen} correct ({share}), {seen} of {total} seen").format(
                topic=t.topic, correct=t.correct, seen=t.seen, share=format_percent(t.share), total=t.total)
            for t in seen[:12]
        ]
    else:
        lines.append(_("No topics yet: answer a question to see your strengths."))
    return lines
