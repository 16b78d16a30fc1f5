"""Member-facing results as Discord embeds: the daily post, feedback, streaks, leaderboards, quiz, hints."""

from __future__ import annotations

import re
from datetime import datetime

import discord

from bot.core.models import Leaderboard, Question, Standing, StreakState, TodayStatus, Verdict
from bot.core.ports import RoundPost, RoundSummary
from bot.core.records import full_score
from bot.core.results import Feedback, Hint, QuizQuestion
from bot.core.wording import count
from bot.frontends.discord.limits import EMBED_DESCRIPTION, FIELD_VALUE, clip, fit_embed

BRAND = discord.Colour(0x5865F2)
VERDICT_STYLE: dict[Verdict, tuple[str, str, discord.Colour]] = {
    Verdict.CORRECT: ("✅", "Correct", discord.Colour(0x2ECC71)),
    Verdict.PARTIAL: ("🟡", "Partly right", discord.Colour(0xF1C40F)),
    Verdict.INCORRECT: ("❌", "Not yet", discord.Colour(0xE74C3C)),
}
TODAY_WORDS = {
    TodayStatus.ANSWERED: "answered ✅",
    TodayStatus.PENDING: "not answered yet: today's question is open",
    TodayStatus.MISSED: "missed",
    TodayStatus.NOT_SCHEDULED: "no question today",
}
PERIOD_WORDS = {"week": "this week", "month": "this month", "all": "all time"}


_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")


def inert(text: object) -> str:
    """Text whose mentions (@everyone, @here, users, roles, channels) cannot ping or resolve."""
    return _MENTION.sub("<\\1\u200b\\2>", discord.utils.escape_mentions(str(text)))


def plain(text: object) -> str:
    """User-supplied text made inert, with markdown escaped so it cannot break the layout.

    Text longer than any embed part is cut first (escaping only adds characters), so huge input
    costs no more than a full embed.
    """
    return inert(discord.utils.escape_markdown(str(text)[: EMBED_DESCRIPTION + 1]))


def when(instant: datetime | None) -> str:
    """Discord timestamp markup: every reader sees the time in their own timezone."""
    if instant is None:
        return "when the next question opens"
    return f"{discord.utils.format_dt(instant, 'f')} ({discord.utils.format_dt(instant, 'R')})"


def answer_count_text(answered: int) -> str:
    """The public live count shown above the daily post."""
    if answered <= 0:
        return "No answers yet: be the first!"
    return f"**{answered}** answered"


def bullets(items: tuple[str, ...] | list[str], mark: str, empty: str = "—") -> str:
    """One line per item, prefixed with `mark`, clipped to a field."""
    if not items:
        return empty
    return clip("\n".join(f"{mark} {plain(item)}" for item in items), FIELD_VALUE)


def topics_text(question: Question) -> str:
    return ", ".join(question.topics) if question.topics else "general"


def round_embed(post: RoundPost) -> discord.Embed:
    """The daily post: the question, its difficulty and topics, and when it closes."""
    q = post.question
    embed = discord.Embed(
        title=f"Question of the day · {post.local_date:%a %d %b %Y}",
        description=plain(q.prompt),
        colour=BRAND,
    )
    embed.add_field(name="Difficulty", value=q.difficulty.value, inline=True)
    embed.add_field(name="Topics", value=plain(topics_text(q)), inline=True)
    embed.add_field(name="Closes", value=when(post.closes_at), inline=False)
    how = "Press **Answer** to reply privately; only the number of answers is public."
    if post.answers_mode in ("thread", "both"):
        how += " You can also reply in this post's thread; your feedback comes to you privately."
    embed.add_field(name="How to answer", value=how, inline=False)
    credit = f" · suggested by {q.author}" if q.author else ""  # community pack questions
    embed.set_footer(text=f"question {q.id}{credit}")
    return fit_embed(embed)


def closed_embed(summary: RoundSummary) -> discord.Embed:
    """The reveal under a closed round: model answer and the round's stats."""
    q, stats = summary.question, summary.stats
    embed = discord.Embed(
        title="Round closed: the model answer",
        description=f"**Question**\n{plain(q.prompt)}\n\n**Model answer**\n{plain(q.answer)}",
        colour=BRAND,
    )
    embed.add_field(name="Answers", value=str(stats.answers), inline=True)
    embed.add_field(name="Correct", value=f"{stats.correct_share:.0%}" if stats.answers else "—", inline=True)
    embed.add_field(name="Most missed key point", value=plain(stats.most_missed or "—"), inline=False)
    embed.set_footer(text=f"question {q.id} · later answers are graded as practice")
    return fit_embed(embed)


def feedback_embed(feedback: Feedback) -> discord.Embed:
    """Private feedback: verdict, score, covered and missed points, misconceptions, model answer."""
    grade = feedback.grade
    icon, word, colour = VERDICT_STYLE[Verdict(grade.verdict)]
    score = round(max(min(grade.score, 1.0), 0.0) * 100)
    if feedback.counted:
        standing = f"Counted: **+{count(feedback.points, 'point')}**"
        if feedback.streak is not None:
            standing += f" · streak {feedback.streak.current} 🔥"
    else:
        reason = feedback.practice_reason or "practice"
        standing = f"Practice ({plain(reason)}): no points, but it is recorded for your review."
    lines = [f"**Question**\n{plain(clip(feedback.question.prompt, 600))}", "", standing]
    if grade.note:
        lines += ["", f"*{plain(grade.note)}*"]
    lines += ["", "**Model answer**", plain(feedback.model_answer)]
    embed = discord.Embed(title=f"{icon} {word}: {score} %", description="\n".join(lines), colour=colour)
    total = len(grade.covered) + len(grade.missed)
    embed.add_field(name=f"Covered ({len(grade.covered)}/{total})", value=bullets(grade.covered, "✓"),
                    inline=False)
    embed.add_field(name="Missed", value=bullets(grade.missed, "✗", "nothing: well done"), inline=False)
    if grade.misconceptions:
        embed.add_field(name="Watch out", value=bullets(grade.misconceptions, "⚠"), inline=False)
    footer = f"question {feedback.question.id}"
    if grade.grader_version:
        footer += f" · grader {grade.grader_version}"
    if not full_score(grade.score):
        footer += " · think it is right? press Appeal"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def standing_line(row: Standing, me: bool = False) -> str:
    name = plain(row.member.name or row.member.user_id)
    line = (f"**{row.rank}.** {name}: {count(row.points, 'pt')} · {count(row.answers, 'answer')} · "
            f"{row.accuracy:.0%} correct · 🔥 {row.streak}")
    return f"{line}  ← you" if me else line


def _is_me(row: Standing, board: Leaderboard) -> bool:
    return board.me is not None and row.member.user_id == board.me.member.user_id


def leaderboard_embed(board: Leaderboard) -> discord.Embed:
    """Top 10 with rank, points, answers, accuracy and streak, plus the caller's neighbourhood."""
    title = f"Leaderboard · {PERIOD_WORDS.get(str(board.period), str(board.period))}"
    if board.cohort:
        title += f" · cohort {board.cohort}"
    if board.rows:
        description = "\n".join(standing_line(r, _is_me(r, board)) for r in board.rows)
    else:
        description = "No counted answers in this period yet: answer today's question to get on the board."
    embed = discord.Embed(title=title, description=description, colour=BRAND)
    shown = {r.member.user_id for r in board.rows}
    if board.me is not None and board.me.member.user_id not in shown:
        around = board.neighbours or (board.me,)
        lines = "\n".join(standing_line(r, _is_me(r, board)) for r in around)
        embed.add_field(name="Your position", value=lines, inline=False)
    elif board.me is None and board.rows:
        embed.add_field(name="Your position", value="Not ranked yet: a counted answer puts you on the board.",
                        inline=False)
    embed.set_footer(text="Ties share a rank · practice and late answers earn no points")
    return fit_embed(embed)


def streak_embed(state: StreakState, name: str) -> discord.Embed:
    """Current and longest streak, freezes held, and today's status."""
    embed = discord.Embed(title=f"Streak · {plain(name)}", colour=BRAND)
    embed.add_field(name="Current", value=f"{state.current} day{'s' if state.current != 1 else ''} 🔥")
    embed.add_field(name="Longest", value=str(state.longest))
    embed.add_field(name="Freezes", value=f"{'🧊' * state.freezes or '0'} (of 2)")
    today = TODAY_WORDS.get(TodayStatus(state.today), str(state.today))
    embed.add_field(name="Today", value=today, inline=False)
    embed.set_footer(text="A freeze is earned every 7 answered days and covers one missed day.")
    return fit_embed(embed)


def quiz_embed(pick: QuizQuestion) -> discord.Embed:
    """A private practice question."""
    q = pick.question
    embed = discord.Embed(title=f"Practice · {q.difficulty.value}", description=plain(q.prompt), colour=BRAND)
    embed.add_field(name="Topics", value=plain(topics_text(q)))
    embed.add_field(name="Why this one", value=plain(pick.reason))
    embed.set_footer(text=f"question {q.id} · practice earns no points")
    return fit_embed(embed)


def hint_embed(hint: Hint) -> discord.Embed:
    embed = discord.Embed(title=f"Hint {hint.number} of {hint.total}", description=plain(hint.text),
                          colour=BRAND)
    return fit_embed(embed)


def notice_embed(title: str, text: str) -> discord.Embed:
    """A short titled message (confirmations, cohort results, help)."""
    return fit_embed(discord.Embed(title=title, description=inert(text), colour=BRAND))
