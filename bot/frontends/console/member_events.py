"""Console events of what members read about themselves and of private notes (the `--json` contract).

Each event carries a `message` with the same words the chat frontends show, which is what the
readable console output prints.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.i18n import _
from bot.core.member_text import history_lines, progress_lines, today_lines
from bot.core.member_views import HistoryView, TodayView
from bot.core.models import MemberRef
from bot.core.ports import PrivateNote
from bot.core.progress import ProgressView
from bot.core.reminder_rules import format_lead
from bot.core.reminders import ReminderSetting
from bot.frontends.console.events import Event, iso, streak_fields


def private_note(note: PrivateNote) -> Event:
    """`reminder{member,channel,round_id,closes_at}` or `freeze{member,event,freezes}`."""
    base = {"member": note.member.user_id, "channel": note.channel.channel_id, "message": note.text}
    if note.kind == "suggestion":  # the author's note on a reviewed suggestion
        return {"type": "suggestion_note", **base, "status": note.event.removeprefix("suggestion ")}
    if note.kind == "reminder":
        closes = note.closes_at.astimezone(ZoneInfo(note.tz)) if note.closes_at else None
        return {"type": "reminder", **base, "round_id": note.round_id, "closes_at": iso(closes)}
    return {"type": "freeze", **base, "event": note.event, "freezes": note.freezes, "round_id": note.round_id}


def today(member: MemberRef, view: TodayView) -> Event:
    answer = view.answer
    return {
        "type": "today",
        "member": member.user_id,
        "channel": view.channel.channel_id,
        "round_id": view.round.id if view.round else None,
        "question_id": view.question.id if view.question else None,
        "prompt": view.question.prompt if view.question else None,
        "closes_at": iso(view.closes_at),
        "seconds_left": int(view.time_left.total_seconds()) if view.time_left is not None else None,
        "answered": view.answered,
        "answer": None
        if answer is None
        else {
            "answer_id": answer.id,
            "verdict": answer.verdict,
            "score": round(answer.score, 4),
            "counted": answer.counted,
        },
        "streak": streak_fields(view.streak),
        "next_post": iso(view.next_post),
        "message": "\n".join(today_lines(view)),
    }


def history(member: MemberRef, view: HistoryView) -> Event:
    rows = [
        {
            "answer_id": r.answer_id,
            "question_id": r.question_id,
            "prompt": r.prompt,
            "verdict": r.verdict,
            "score": round(r.score, 4),
            "points": r.points,
            "counted": r.counted,
            "source": r.source,
            "date": r.day.isoformat(),
            "channel": r.channel,
        }
        for r in view.rows
    ]
    return {
        "type": "history",
        "member": member.user_id,
        "rows": rows,
        "message": "\n".join(history_lines(view)),
    }


def progress(view: ProgressView) -> Event:
    return {
        "type": "progress",
        "member": view.member.user_id,
        "channel": view.channel.channel_id,
        "seen": view.seen,
        "pool": view.pool,
        "answers": view.answers,
        "correct": view.correct,
        "topics": [
            {
                "topic": t.topic,
                "seen": t.seen,
                "correct": t.correct,
                "total": t.total,
                "share": round(t.share, 4),
            }
            for t in view.topics
        ],
        "streak": streak_fields(view.streak),
        "run": view.run,
        "next_freeze_in": view.next_freeze_in,
        "reviews_due": view.reviews_due,
        "message": "\n".join(progress_lines(view)),
    }


def with_extras(event: Event, chart: str | None, notes: list[str]) -> Event:
    """The progress event with `chart` (the saved PNG's path or null) and `notes` (why a link or chart
    is missing), both also added to its message."""
    lines = [event["message"], *([_("Chart saved to {path}").format(path=chart)] if chart else []), *notes]
    return {**event, "chart": chart, "notes": notes, "message": "\n".join(lines)}


def remind(member: MemberRef, channel: str, setting: ReminderSetting) -> Event:
    pref = setting.pref
    on = bool(pref and pref.enabled)
    before = (pref.before or setting.default.before) if pref and on and pref.at is None else None
    return {
        "type": "remind",
        "member": member.user_id,
        "channel": channel,
        "enabled": on,
        "before": format_lead(before) if before else None,
        "at": f"{pref.at:%H:%M}" if pref and on and pref.at else None,
        "channel_enabled": setting.default.enabled,
        "message": setting.message,
    }
