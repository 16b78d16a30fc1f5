"""The words behind stored values shown to members (difficulty, period, verdict, practice reasons),
marked for translation; the values themselves stay English in data, JSON and the database."""

from __future__ import annotations

from bot.core.i18n import N_, _

LABELS = {
    # difficulty
    "beginner": N_("beginner"),
    "intermediate": N_("intermediate"),
    "advanced": N_("advanced"),
    "bonus": N_("bonus"),
    # leaderboard period
    "week": N_("week"),
    "month": N_("month"),
    "all": N_("all time"),
    # question order and where members answer
    "sequential": N_("sequential"),
    "shuffled": N_("shuffled"),
    "adaptive": N_("adaptive"),
    "form": N_("form"),
    "thread": N_("thread"),
    "both": N_("form and thread"),
    # why an answer is practice
    "already answered": N_("already answered"),
    "round closed": N_("round closed"),
    "quiz": N_("quiz"),
    "practice": N_("practice"),
    # why a practice question was picked
    "due for review": N_("due for review"),
    "new": N_("new"),
    "least recently practised": N_("least recently practised"),
    # today's standing
    "answered": N_("answered"),
    "pending": N_("not answered yet"),
    "missed": N_("missed"),
    "not_scheduled": N_("no question today"),
    # verdicts
    "correct": N_("correct"),
    "partial": N_("partial"),
    "incorrect": N_("incorrect"),
}


def label(value: object) -> str:
    """The word for a stored value in the current language (the value itself when it has none)."""
    text = str(value) if value is not None else ""
    return _(LABELS[text]) if text in LABELS else text

SUGGESTION_STATUSES = {"pending": N_("pending"), "approved": N_("approved"), "rejected": N_("rejected"),
                       "all": N_("all")}


def status_label(value: str) -> str:
    """A suggestion's status in words (`pending`, `approved`, `rejected`) in the current language."""
    return _(SUGGESTION_STATUSES[value]) if value in SUGGESTION_STATUSES else value
