"""Member-facing results as Discord embeds: the daily post, feedback, streaks, leaderboards, quiz, hints."""

from __future__ import annotations

import re
from datetime import datetime

import discord

from bot.core.i18n import N_, _, format_number, ngettext
from bot.core.models import Leaderboard, Question, Standing, StreakState, TodayStatus, Verdict
from bot.core.ports import RoundPost, RoundSummary
from bot.core.records import full_score
from bot.core.results import Feedback, Hint, QuizQuestion
from bot.frontends.discord.limits import EMBED_DESCRIPTION, FIELD_VALUE, clip, fit_embed
from bot.frontends.discord.locale import long_day, percent

BRAND = discord.Colour(0x5865F2)
VERDICT_STYLE: dict[Verdict, tuple[str, str, discord.Colour]] = {
    Verdict.CORRECT: ("✅", N_("Correct"), discord.Colour(0x2ECC71)),
    Verdict.PARTIAL: ("🟡", N_("Partly right"), discord.Colour(0xF1C40F)),
    Verdict.INCORRECT: ("❌", N_("Not yet"), discord.Colour(0xE74C3C)),
}
TODAY_WORDS = {
    TodayStatus.ANSWERED: N_("answered ✅"),
    TodayStatus.PENDING: N_("not answered yet: today's question is open"),
    TodayStatus.MISSED: N_("missed"),
    TodayStatus.NOT_SCHEDULED: N_("no question today"),
}
PERIOD_WORDS = {"week": N_("this week"), "month": N_("this month"), "all": N_("all time")}


def counted(template: str, number: int) -> str:
    """`template` (an `ngettext` result with `{n}`) with `number` written for the current language."""
    return template.format(n=format_number(number))


DIFFICULTY_WORDS = {"beginner": N_("beginner"), "intermediate": N_("intermediate"),
                    "advanced": N_("advanced"), "bonus": N_("bonus")}
HOW_TO_ANSWER = N_("How to answer")


def how_to_answer_field() -> str:
    """The name of the daily post's "How to answer" field in the current language."""
    return _(HOW_TO_ANSWER)


def difficulty_word(level: str) -> str:
    """A difficulty level in the current language (`beginner` / `Einsteiger`)."""
    word = DIFFICULTY_WORDS.get(level)
    return _(word) if word else level


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
        return _("when the next question opens")
    return f"{discord.utils.format_dt(instant, 'f')} ({discord.utils.format_dt(instant, 'R')})"


def answer_count_text(answered: int) -> str:
    """The public live count shown above the daily post."""
    if answered <= 0:
        return _("No answers yet: be the first!")
    return _("**{count}** answered").format(count=answered)


def bullets(items: tuple[str, ...] | list[str], mark: str, empty: str = "—") -> str:
    """One line per item, prefixed with `mark`, clipped to a field."""
    if not items:
        return empty
    return clip("\n".join(f"{mark} {plain(item)}" for item in items), FIELD_VALUE)


def topics_text(question: Question) -> str:
    return ", ".join(question.topics) if question.topics else _("general")


def round_embed(post: RoundPost) -> discord.Embed:
    """The daily post: the question, its difficulty and topics, and when it closes."""
    q = post.question
    embed = discord.Embed(
        title=_("Question of the day · {day}").format(day=long_day(post.local_date)),
        description=plain(q.prompt),
        colour=BRAND,
    )
    embed.add_field(name=_("Difficulty"), value=difficulty_word(q.difficulty.value), inline=True)
    embed.add_field(name=_("Topics"), value=plain(topics_text(q)), inline=True)
    embed.add_field(name=_("Closes"), value=when(post.closes_at), inline=False)
    how = _("Press **Answer** to reply privately; only the number of answers is public.")
    if post.answers_mode in ("thread", "both"):
        how += " " + _("You can also reply in this post's thread; your feedback comes to you privately.")
    embed.add_field(name=how_to_answer_field(), value=how, inline=False)
    if q.author:  # community pack questions
        footer = _("question {id} · suggested by {author}").format(id=q.id, author=q.author)
    else:
        footer = _("question {id}").format(id=q.id)
    embed.set_footer(text=footer)
    return fit_embed(embed)


def closed_embed(summary: RoundSummary) -> discord.Embed:
    """The reveal under a closed round: model answer and the round's stats."""
    q, stats = summary.question, summary.stats
    embed = discord.Embed(
        title=_("Round closed: the model answer"),
        description="**{question}**\n{prompt}\n\n**{model}**\n{answer}".format(
            question=_("Question"), prompt=plain(q.prompt), model=_("Model answer"), answer=plain(q.answer)),
        colour=BRAND,
    )
    embed.add_field(name=_("Answers"), value=format_number(stats.answers), inline=True)
    embed.add_field(name=_("Correct"), value=percent(stats.correct_share) if stats.answers else "—",
                    inline=True)
    embed.add_field(name=_("Most missed key point"), value=plain(stats.most_missed or "—"), inline=False)
    embed.set_footer(text=_("question {id} · later answers are graded as practice").format(id=q.id))
    return fit_embed(embed)


def feedback_embed(feedback: Feedback) -> discord.Embed:
    """Private feedback: verdict, score, covered and missed points, misconceptions, model answer."""
    grade = feedback.grade
    icon, word, colour = VERDICT_STYLE[Verdict(grade.verdict)]
    score = round(max(min(grade.score, 1.0), 0.0) * 100)
    if feedback.counted:
        points = counted(ngettext("{n} point", "{n} points", feedback.points), feedback.points)
        standing = _("Counted: **+{points}**").format(points=points)
        if feedback.streak is not None:
            standing += " · " + _("streak {days} 🔥").format(days=format_number(feedback.streak.current))
    else:
        reason = feedback.practice_reason or _("practice")
        standing = _("Practice ({reason}): no points, but it is recorded for your review.").format(
            reason=plain(reason))
    question, model = _("Question"), _("Model answer")
    lines = [f"**{question}**\n{plain(clip(feedback.question.prompt, 600))}", "", standing]
    if grade.note:
        lines += ["", f"*{plain(grade.note)}*"]
    lines += ["", f"**{model}**", plain(feedback.model_answer)]
    title = _("{icon} {verdict}: {score} %").format(icon=icon, verdict=_(word), score=format_number(score))
    embed = discord.Embed(title=title, description="\n".join(lines), colour=colour)
    total = len(grade.covered) + len(grade.missed)
    embed.add_field(name=_("Covered ({covered}/{total})").format(covered=len(grade.covered), total=total),
                    value=bullets(grade.covered, "✓"), inline=False)
    embed.add_field(name=_("Missed"), value=bullets(grade.missed, "✗", _("nothing: well done")), inline=False)
    if grade.misconceptions:
        embed.add_field(name=_("Watch out"), value=bullets(grade.misconceptions, "⚠"), inline=False)
    footer = _("question {id}").format(id=feedback.question.id)
    if grade.grader_version:
        footer += " · " + _("grader {version}").format(version=grade.grader_version)
    if not full_score(grade.score):
        footer += " · " + _("think it is right? press Appeal")
    embed.set_footer(text=footer)
    return fit_embed(embed)


def standing_line(row: Standing, me: bool = False) -> str:
    name = plain(row.member.name or row.member.user_id)
    line = _("**{rank}.** {name}: {points} · {answers} · {share} correct · 🔥 {streak}").format(
        rank=row.rank, name=name, points=counted(ngettext("{n} pt", "{n} pts", row.points), row.points),
        answers=counted(ngettext("{n} answer", "{n} answers", row.answers), row.answers),
        share=percent(row.accuracy),
        streak=format_number(row.streak))
    return line + "  " + _("← you") if me else line


def _is_me(row: Standing, board: Leaderboard) -> bool:
    return board.me is not None and row.member.user_id == board.me.member.user_id


def leaderboard_embed(board: Leaderboard) -> discord.Embed:
    """Top 10 with rank, points, answers, accuracy and streak, plus the caller's neighbourhood."""
    period = PERIOD_WORDS.get(str(board.period))
    title = _("Leaderboard · {period}").format(period=_(period) if period else str(board.period))
    if board.cohort:
        title += " · " + _("cohort {name}").format(name=board.cohort)
    if board.rows:
        description = "\n".join(standing_line(r, _is_me(r, board)) for r in board.rows)
    else:
        description = _("No counted answers in this period yet: answer today's question to get on the board.")
    embed = discord.Embed(title=title, description=description, colour=BRAND)
    shown = {r.member.user_id for r in board.rows}
    if board.me is not None and board.me.member.user_id not in shown:
        around = board.neighbours or (board.me,)
        lines = "\n".join(standing_line(r, _is_me(r, board)) for r in around)
        embed.add_field(name=_("Your position"), value=lines, inline=False)
    elif board.me is None and board.rows:
        embed.add_field(name=_("Your position"),
                        value=_("Not ranked yet: a counted answer puts you on the board."), inline=False)
    embed.set_footer(text=_("Ties share a rank · practice and late answers earn no points"))
    return fit_embed(embed)


def streak_embed(state: StreakState, name: str) -> discord.Embed:
    """Current and longest streak, freezes held, and today's status."""
    embed = discord.Embed(title=_("Streak · {name}").format(name=plain(name)), colour=BRAND)
    days = counted(ngettext("{n} day", "{n} days", state.current), state.current)
    embed.add_field(name=_("Current"), value=f"{days} 🔥")
    embed.add_field(name=_("Longest"), value=format_number(state.longest))
    embed.add_field(name=_("Freezes"),
                    value=_("{freezes} (of 2)").format(freezes="🧊" * state.freezes or "0"))
    today = TODAY_WORDS.get(TodayStatus(state.today))
    embed.add_field(name=_("Today"), value=_(today) if today else str(state.today), inline=False)
    embed.set_footer(text=_("A freeze is earned every 7 answered days and covers one missed day."))
    return fit_embed(embed)


def quiz_embed(pick: QuizQuestion) -> discord.Embed:
    """A private practice question."""
    q = pick.question
    title = _("Practice · {difficulty}").format(difficulty=difficulty_word(q.difficulty.value))
    embed = discord.Embed(title=title, description=plain(q.prompt), colour=BRAND)
    embed.add_field(name=_("Topics"), value=plain(topics_text(q)))
    embed.add_field(name=_("Why this one"), value=plain(pick.reason))
    embed.set_footer(text=_("question {id} · practice earns no points").format(id=q.id))
    return fit_embed(embed)


def hint_embed(hint: Hint) -> discord.Embed:
    embed = discord.Embed(title=_("Hint {number} of {total}").format(number=hint.number, total=hint.total),
                          description=plain(hint.text),
                          colour=BRAND)
    return fit_embed(embed)


def notice_embed(title: str, text: str) -> discord.Embed:
    """A short titled message (confirmations, cohort results, help)."""
    return fit_embed(discord.Embed(title=title, description=inert(text), colour=BRAND))
