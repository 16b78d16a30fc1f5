"""The dashboard's charts as Pillow images: standings, streak calendar, topic strength, series, heatmap."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PIL import Image

from bot.charts.canvas import (
    BAR,
    GRID,
    HIGHLIGHT,
    INK,
    MUTED,
    PAD,
    WIDTH,
    bars,
    fit,
    font,
    new,
    title,
)
from bot.core.models import CohortStanding, Leaderboard
from bot.core.reports import (
    ANSWERED,
    FROZEN,
    MISSED,
    NO_ROUND,
    PENDING,
    CalendarDay,
    TopicStrength,
    TopicsView,
)

# Each calendar state: fill, outline and the letter written in the cell (readable without colour).
CELL_STYLE = {
    ANSWERED: (BAR, BAR, "A"),
    FROZEN: ((150, 190, 230), BAR, "F"),
    MISSED: ((255, 255, 255), HIGHLIGHT, "M"),
    PENDING: ((255, 255, 255), MUTED, "?"),
    NO_ROUND: ((244, 245, 247), GRID, ""),
}
LEGEND = "A answered   F frozen (a freeze kept the streak)   M missed   ? open now   blank: no round"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def standings(board: Leaderboard) -> Image.Image:
    """The board's rows as bars of points, the caller's own row highlighted."""
    me = board.me.member.user_id if board.me else None
    rows = [
        (
            f"{s.rank}. {s.member.name or s.member.user_id}",
            float(s.points),
            f"{s.points} pts, {s.correct}/{s.answers} correct",
        )
        for s in board.rows
    ]
    mine = next((i for i, s in enumerate(board.rows) if s.member.user_id == me), None)
    scope = f", cohort {board.cohort}" if board.cohort else ""
    return bars(f"Leaderboard ({board.period}{scope})", rows, highlight=mine)


def cohort_standings(rows: Sequence[CohortStanding]) -> Image.Image:
    """Cohort against cohort by points."""
    return bars(
        "Cohort standings",
        [
            (
                f"{r.rank}. {r.cohort}",
                float(r.points),
                f"{r.points} pts, {r.members} member{'s' if r.members != 1 else ''}",
            )
            for r in rows
        ],
    )


def topic_strength(topics: Sequence[TopicStrength]) -> Image.Image:
    """Mean score per topic, weakest first."""
    return bars(
        "Strength per topic (mean score)",
        [(t.topic, t.mean_score * 100, f"{t.mean_score:.0%} over {t.answers}") for t in topics],
        scale=100,
    )


def streak_spread(buckets: Sequence[tuple[str, int]]) -> Image.Image:
    """How many members hold a current streak of each length."""
    return bars(
        "Current streaks (members per length)",
        [(f"{label} days", float(count), str(count)) for label, count in buckets],
    )


def calendar(days: Sequence[CalendarDay], heading: str = "Streak calendar") -> Image.Image:
    """One cell per day (weeks as columns, Monday on top) with a letter for each state."""
    cell, gap, left = 22, 4, 48
    if not days:
        image, draw = new(80)
        draw.text((PAD, title(draw, heading)), "No rounds yet.", fill=MUTED, font=font())
        return image
    first = days[0].local_date - timedelta(days=days[0].local_date.weekday())
    weeks = (days[-1].local_date - first).days // 7 + 1
    height = PAD + 26 + 16 + 7 * (cell + gap) + 28 + PAD
    image, draw = new(height, max(WIDTH, left + PAD * 2 + weeks * (cell + gap)))
    top = title(draw, heading) + 16
    for row, name in enumerate(WEEKDAYS):
        draw.text((PAD, top + row * (cell + gap) + 4), name, fill=MUTED, font=font(11))
    labelled = -9  # the column of the last month label (labels need three columns of room)
    for day in days:
        column = (day.local_date - first).days // 7
        x = PAD + left + column * (cell + gap)
        y = top + day.local_date.weekday() * (cell + gap)
        starts_month = day.local_date.day <= 7 and day.local_date.weekday() == 0
        if (starts_month or day is days[0]) and column - labelled >= 3:
            draw.text((x, top - 16), f"{day.local_date:%b %d}", fill=MUTED, font=font(10))
            labelled = column
        fill, outline, letter = CELL_STYLE.get(day.state, CELL_STYLE[NO_ROUND])
        draw.rectangle((x, y, x + cell, y + cell), fill=fill, outline=outline, width=2)
        if letter:
            colour = (255, 255, 255) if day.state == ANSWERED else INK
            draw.text((x + cell / 2, y + cell / 2), letter, fill=colour, font=font(12), anchor="mm")
    draw.text((PAD, height - PAD - 14), fit(LEGEND, image.width - 2 * PAD, 11), fill=MUTED, font=font(11))
    return image


def series(heading: str, points: Sequence[tuple[date, float]], value_text: str = "{:.0%}") -> Image.Image:
    """Vertical bars of a 0-1 value per date (participation, share correct, scores), labelled ends."""
    plot_h, bottom = 140, 40
    image, draw = new(PAD + 26 + plot_h + bottom)
    top = title(draw, heading)
    if not points:
        draw.text((PAD, top), "No data yet.", fill=MUTED, font=font())
        return image
    left, right = PAD + 40, WIDTH - PAD
    for fraction in (0.0, 0.5, 1.0):
        y = top + plot_h - int(plot_h * fraction)
        draw.line((left, y, right, y), fill=GRID)
        draw.text((PAD, y - 7), f"{fraction:.0%}", fill=MUTED, font=font(11))
    step = (right - left) / len(points)
    width = max(1, int(step) - 2)
    for index, (_, value) in enumerate(points):
        x = left + int(index * step)
        height = int(plot_h * min(1.0, max(0.0, value)))
        if height:
            draw.rectangle((x, top + plot_h - height, x + width, top + plot_h), fill=BAR)
    for index in sorted({0, len(points) - 1}):
        day, value = points[index]
        x = left + int(index * step)
        label = f"{day:%b %d}: {value_text.format(value)}"
        anchor = "la" if index == 0 else "ra"
        draw.text(
            (x if index == 0 else right, top + plot_h + 6), label, fill=INK, font=font(11), anchor=anchor
        )
    mean = sum(v for _, v in points) / len(points)
    draw.text(
        (left, top + plot_h + 22),
        f"{len(points)} days, mean {value_text.format(mean)}",
        fill=MUTED,
        font=font(11),
    )
    return image


def heatmap(view: TopicsView) -> Image.Image:
    """Share correct per cohort (rows) and topic (columns); every cell shows its percentage."""
    cell_w, cell_h, label_w = 84, 26, 150
    columns = max(1, len(view.topics))
    width = max(WIDTH, PAD * 2 + label_w + columns * cell_w)
    image, draw = new(PAD * 2 + 26 + 34 + max(1, len(view.rows)) * cell_h, width)
    top = title(draw, "Share correct per cohort and topic")
    if not view.rows:
        draw.text((PAD, top), "No answers yet.", fill=MUTED, font=font())
        return image
    for col, topic in enumerate(view.topics):
        draw.text(
            (PAD + label_w + col * cell_w + 4, top + 8), fit(topic, cell_w - 8, 11), fill=INK, font=font(11)
        )
    y = top + 30
    for row in view.rows:
        draw.text((PAD, y + 6), fit(row.cohort, label_w - 8), fill=INK, font=font())
        for col, cell in enumerate(row.cells):
            x = PAD + label_w + col * cell_w
            share = cell.share
            if share is None:
                draw.rectangle((x, y, x + cell_w - 2, y + cell_h - 2), fill=(244, 245, 247))
                draw.text((x + cell_w / 2, y + cell_h / 2), "—", fill=MUTED, font=font(12), anchor="mm")
                continue
            shade = int(235 - 175 * share)
            fill = (shade, shade + 10 if shade < 245 else 245, 245)
            draw.rectangle((x, y, x + cell_w - 2, y + cell_h - 2), fill=fill)
            ink = (255, 255, 255) if share > 0.6 else INK
            draw.text((x + cell_w / 2, y + cell_h / 2), f"{share:.0%}", fill=ink, font=font(12), anchor="mm")
        y += cell_h
    return image
