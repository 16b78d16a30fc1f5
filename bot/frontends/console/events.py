"""Console events: every bot output as a plain dict with a `type` (the `--json` contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import _
from bot.core.links import DashboardLink
from bot.core.models import Leaderboard, MemberRef, Question, Schedule, Standing, StreakState
from bot.core.ports import RoundPost, RoundSummary
from bot.core.results import ChannelStats, ChannelStatus, Feedback, Hint, QuizQuestion, ScheduleChange
from bot.frontends.console.choice_events import pick_rows, question_type_fields

Event = dict[str, Any]


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def question_fields(question: Question) -> Event:
    return {
        "question_id": question.id,
        "prompt": question.prompt,
        "difficulty": str(question.difficulty),
        "topics": list(question.topics),
        **question_type_fields(question),
    }


def round_posted(post: RoundPost) -> Event:
    return {
        "type": "round_posted",
        "round_id": post.round_id,
        "channel": post.channel.channel_id,
        "local_date": post.local_date.isoformat(),
        **question_fields(post.question),
        "closes_at": iso(post.closes_at.astimezone(ZoneInfo(post.tz)) if post.closes_at else None),
        "tz": post.tz,
        "answered": post.answered,
        "suggested_by": post.question.author or None,  # community pack questions credit their author
    }


def round_closed(summary: RoundSummary) -> Event:
    stats = summary.stats
    return {
        "type": "round_closed",
        "round_id": summary.round_id,
        "channel": summary.channel.channel_id,
        "question_id": summary.question.id,
        "answers": stats.answers,
        "correct": stats.correct,
        "correct_share": round(stats.correct_share, 4),
        "most_missed": stats.most_missed,
        "model_answer": summary.question.answer,
        "picks": pick_rows(summary),
    }


def streak_fields(streak: StreakState | None) -> Event:
    if streak is None:
        return {"current": None, "longest": None, "freezes": None, "today": None}
    return {"current": streak.current, "longest": streak.longest, "freezes": streak.freezes,
            "today": str(streak.today)}


def feedback(member: MemberRef, fb: Feedback) -> Event:
    grade = fb.grade
    return {
        "type": "feedback",
        "member": member.user_id,
        "question_id": fb.question.id,
        "round_id": fb.round_id,
        "answer_id": fb.answer_id,
        "verdict": str(grade.verdict),
        "score": round(grade.score, 4),
        "score_percent": round(grade.score * 100),
        "covered": list(grade.covered),
        "missed": list(grade.missed),
        "misconceptions": list(grade.misconceptions),
        "note": grade.note,
        "counted": fb.counted,
        "practice_reason": fb.practice_reason,
        "points": fb.points,
        "streak": streak_fields(fb.streak) if fb.streak else None,
        "model_answer": fb.model_answer,
    }


def streak(member: MemberRef, channel: str, state: StreakState) -> Event:
    return {"type": "streak", "member": member.user_id, "channel": channel, **streak_fields(state)}


def standing(row: Standing) -> Event:
    return {
        "rank": row.rank,
        "member": row.member.user_id,
        "name": row.member.name or row.member.user_id,
        "points": row.points,
        "answers": row.answers,
        "correct": row.correct,
        "accuracy": round(row.accuracy, 4),
        "streak": row.streak,
    }


def leaderboard(board: Leaderboard) -> Event:
    me = board.me.member.user_id if board.me else None

    def row(r: Standing) -> Event:  # `you` marks the caller's own row
        return {**standing(r), "you": r.member.user_id == me}

    return {
        "type": "leaderboard",
        "period": str(board.period),
        "cohort": board.cohort,
        "rows": [row(r) for r in board.rows],
        "me": standing(board.me) if board.me else None,
        "neighbours": [row(r) for r in board.neighbours],
    }


def link(found: DashboardLink) -> Event:
    """A signed dashboard link: `link{url, scope, expires}`."""
    expires = found.expires.isoformat().replace("+00:00", "Z")
    return {"type": "link", "url": found.url, "scope": found.scope, "expires": expires,
            "message": _("Dashboard link ({scope}, expires {expires}): {url}").format(
                scope=found.scope, expires=expires, url=found.url)}


def schedule_fields(schedule: Schedule | None) -> Event | None:
    if schedule is None:
        return None
    return {
        "channel": schedule.channel.channel_id,
        "time": f"{schedule.post_time:%H:%M}",
        "tz": schedule.tz,
        "days": sorted(schedule.days),
        "packs": list(schedule.packs),
        "order": str(schedule.order),
        "answers": str(schedule.answers),
        "paused": schedule.paused,
    }


def schedule_change(change: ScheduleChange) -> Event:
    return {"type": "schedule", "message": change.message, "next_post": iso(change.next_post),
            **(schedule_fields(change.schedule) or {})}


def status(channel: str, result: ChannelStatus) -> Event:
    open_round = result.open_round
    return {
        "type": "status",
        "channel": channel,
        "schedule": schedule_fields(result.schedule),
        "open_round_id": open_round.id if open_round else None,
        "open_question_id": open_round.question_id if open_round else None,
        "open_question": result.open_question.prompt if result.open_question else None,
        "next_post": iso(result.next_post),
        "answered_today": result.answered_today,
    }


def stats(channel: str, result: ChannelStats) -> Event:
    return {
        "type": "stats",
        "channel": channel,
        "rounds": result.rounds,
        "answers": result.answers,
        "correct_share": round(result.correct_share, 4),
        "participants": result.participants,
        "hardest": [{"question_id": q, "mean_score": round(m, 4)} for q, m in result.hardest],
        "recent": [
            {"local_date": d.isoformat(), "question_id": q, "answers": s.answers,
             "correct_share": round(s.correct_share, 4), "most_missed": s.most_missed}
            for d, q, s in result.recent
        ],
    }


def quiz(result: QuizQuestion) -> Event:
    return {"type": "quiz", **question_fields(result.question), "reason": result.reason}


def hint(result: Hint) -> Event:
    return {"type": "hint", "question_id": result.question_id, "text": result.text,
            "number": result.number, "total": result.total}


def info(message: str, **fields: Any) -> Event:
    return {"type": "info", "message": message, **fields}


def error(message: str) -> Event:
    return {"type": "error", "message": message}
