"""`/today`, `/history` and `/progress` in plain words, one line a list item (pure).

Discord and Slack show these lines in their own idiom (an embed, blocks); they carry no markup so
each frontend can escape and style them.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core import timetable
from bot.core.member_views import HistoryView, TodayView
from bot.core.progress import ProgressView
from bot.core.reminder_rules import format_lead


def time_left(left: timedelta | None) -> str:
    """`3h 20m left`, `under a minute left`, or `open until the next question` when it has no end."""
    if left is None:
        return "open until the next question"
    if left < timedelta(minutes=1):
        return "under a minute left"
    if left >= timedelta(days=1):
        return f"{left.days}d {format_lead(left - timedelta(days=left.days))} left"
    return f"{format_lead(left)} left"


def today_lines(view: TodayView) -> list[str]:
    """The open question, its close time and time left, and whether the member answered."""
    if view.round is None or view.question is None:
        when = timetable.describe_instant(view.next_post, view.tz)
        return [
            "No question is open in this channel right now.",
            f"Next question: {when}." if view.next_post else "No question is scheduled (paused?).",
        ]
    q = view.question
    closes = (
        timetable.describe_instant(view.closes_at, view.tz) if view.closes_at else "with the next question"
    )
    lines = [
        q.prompt,
        f"{q.difficulty} · {', '.join(q.topics) or 'general'} · closes {closes} "
        f"({time_left(view.time_left)})",
    ]
    if view.answer is None:
        keep = f" to keep your {view.streak.current}-day streak" if view.streak.current else ""
        lines.append(f"You have not answered yet: answer before it closes{keep}.")
    else:
        a = view.answer
        kind = "counted" if a.counted else "practice"
        lines.append(
            f"You answered: {a.verdict}, {round(a.score * 100)}% ({kind}, answer #{a.id}); "
            "`/history` shows its feedback."
        )
    return lines


def history_lines(view: HistoryView) -> list[str]:
    """One line per past answer, newest first."""
    if not view.rows:
        return [
            "You have not answered any question yet. `/today` shows the open one; `/quiz` gives practice."
        ]
    lines = []
    for r in view.rows:
        prompt = r.prompt if len(r.prompt) <= 80 else r.prompt[:79] + "…"
        kind = f"+{r.points} pts" if r.counted else ("quiz" if r.source == "quiz" else "practice")
        lines.append(
            f"#{r.answer_id} · {r.day:%a} {r.day.day} {r.day:%b} · {r.verdict} "
            f"{round(r.score * 100)}% · {kind} · {prompt}"
        )
    lines.append("Open one to see its feedback again: `/history id=NUMBER`.")
    return lines


def progress_lines(view: ProgressView) -> list[str]:
    """Questions seen, topic strengths, streak and freezes, reviews due."""
    s = view.streak
    freezes = f"{s.freezes} freeze" + ("" if s.freezes == 1 else "s")
    if view.next_freeze_in is None:
        earn = "you hold the most freezes allowed"
    else:
        days = view.next_freeze_in
        earn = f"next freeze after {days} more answered day" + ("" if days == 1 else "s") + " in a row"
    lines = [
        f"Questions seen: {view.seen} of {view.pool}; {view.correct} of {view.answers} answers correct.",
        f"Streak {s.current} (longest {s.longest}) · {freezes}; {earn}.",
        f"Reviews due for /quiz: {view.reviews_due}.",
    ]
    seen = [t for t in view.topics if t.seen]
    if seen:
        lines.append("By topic (latest answer per question):")
        lines += [
            f"  {t.topic}: {t.correct} of {t.seen} correct ({round(t.share * 100)}%), "
            f"{t.seen} of {t.total} seen"
            for t in seen[:12]
        ]
    else:
        lines.append("No topics yet: answer a question to see your strengths.")
    return lines
