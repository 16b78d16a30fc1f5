"""The dashboard's charts drawn with matplotlib: labelled bars, streak calendar, day series, heatmap.

Each function takes plain, hashable data and returns PNG bytes; results are cached on that data, so
a page opened again with the same numbers is not drawn again. Every mark carries its number or a
letter as text, so no chart depends on colour alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Rectangle

from bot.charts.plot import (
    BAR,
    DPI,
    EMPTY,
    GRID,
    HIGHLIGHT,
    INK,
    LIGHT,
    MUTED,
    WIDTH_PX,
    figure,
    png,
    shorten,
)

CACHED = 256  # charts kept per kind (a PNG is 10-60 kB)
BarRow = tuple[str, float, str]  # label, value, the value as written beside the bar

# Each calendar state: fill, outline, the letter written in the cell and the letter's colour.
CELL_STYLE = {
    "answered": (BAR, BAR, "A", "#ffffff"),
    "frozen": (LIGHT, BAR, "F", INK),
    "missed": ("#ffffff", HIGHLIGHT, "M", INK),
    "pending": ("#ffffff", MUTED, "?", INK),
    "no round": (EMPTY, GRID, "", INK),
}
LEGEND = "A answered   F frozen (a freeze kept the streak)   M missed   ? open now   blank: no round"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


NO_DATA_PX = 80
Canvas = Figure | SubFigure


def _no_data(fig: Canvas, heading: str, words: str) -> None:
    fig.text(0.02, 0.7, heading, fontsize=12, fontweight="bold", color=INK)
    fig.text(0.02, 0.25, words, color=MUTED)


def bars_height(rows: tuple[BarRow, ...]) -> int:
    return 56 + len(rows) * 24 if rows else NO_DATA_PX


@lru_cache(maxsize=CACHED)
def bars(
    heading: str, rows: tuple[BarRow, ...], scale: float | None = None, highlight: int | None = None
) -> bytes:
    """Horizontal bars, one per (label, value, value text), the value text written after each bar."""
    fig = figure(bars_height(rows))
    draw_bars(fig, bars_height(rows), heading, rows, scale, highlight)
    return png(fig)


def draw_bars(
    fig: Canvas, height: int, heading: str, rows: tuple[BarRow, ...], scale: float | None = None,
    highlight: int | None = None,
) -> None:
    """Draw on one axes in pixel units (y down): labels right-aligned before the bars, each bar's
    value text after it. Bars are one line collection, so long boards stay quick to draw."""
    if not rows:
        _no_data(fig, heading, "No data yet.")
        return
    label_right, start, row_px, top = 216, 224, 24, 48
    room = WIDTH_PX - start - 190
    ax = _pixels(fig, WIDTH_PX, height)
    ax.text(16, 14, shorten(heading, 90), fontsize=12, fontweight="bold", color=INK, va="top")
    top_value = scale or max((v for _, v, _ in rows), default=0) or 1
    ends, middles = [], []
    for i, (label, value, shown) in enumerate(rows):
        y = top + i * row_px + row_px / 2
        end = start + room * max(0.0, value) / top_value
        ends.append(end)
        middles.append(y)
        ax.text(label_right, y, shorten(label, 30), ha="right", va="center", color=INK, fontsize=10)
        ax.text(end + 6, y, shown, va="center", color=INK, fontsize=9)
    colours = [HIGHLIGHT if i == highlight else BAR for i in range(len(rows))]
    ax.hlines(middles, start, ends, colors=colours, linewidth=15 * 72 / DPI)  # 15 px thick
    ax.vlines([start], top, top + len(rows) * row_px, colors=GRID, linewidth=0.8)


def _pixels(fig: Canvas, width: float, height: float) -> Axes:
    """An axes over the whole figure whose units are pixels, y growing downwards like a page."""
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    return ax


CELL, CAL_LEFT, CAL_TOP, CAL_BOTTOM = 26, 56, 62, 36


def calendar_size(days: tuple[tuple[date, str], ...]) -> tuple[int, int]:
    """(width, height) in pixels of the calendar of `days`."""
    if not days:
        return WIDTH_PX, NO_DATA_PX
    first = days[0][0] - timedelta(days=days[0][0].weekday())
    weeks = (days[-1][0] - first).days // 7 + 1
    return max(WIDTH_PX, CAL_LEFT + weeks * CELL + 24), CAL_TOP + 7 * CELL + CAL_BOTTOM


@lru_cache(maxsize=CACHED)
def calendar(days: tuple[tuple[date, str], ...], heading: str) -> bytes:
    """One cell per day (weeks as columns, Monday on top) with a letter for each state."""
    width, height = calendar_size(days)
    fig = figure(height, width)
    draw_calendar(fig, days, heading)
    return png(fig)


def draw_calendar(fig: Canvas, days: tuple[tuple[date, str], ...], heading: str) -> None:
    if not days:
        _no_data(fig, heading, "No rounds yet.")
        return
    width, height = calendar_size(days)
    first = days[0][0] - timedelta(days=days[0][0].weekday())
    cell, left, top = CELL, CAL_LEFT, CAL_TOP
    ax = _pixels(fig, width, height)
    ax.text(16, 16, shorten(heading, 90), fontsize=12, fontweight="bold", color=INK, va="top")
    for row, name in enumerate(WEEKDAYS):
        ax.text(16, top + row * cell + cell / 2, name, fontsize=8, color=MUTED, va="center")
    labelled = -9  # the column of the last month label (labels need three columns of room)
    squares, letters = [], {}
    for index, (day, state) in enumerate(days):
        column = (day - first).days // 7
        x, y = left + column * cell, top + day.weekday() * cell
        starts_month = day.day <= 7 and day.weekday() == 0
        if (starts_month or index == 0) and column - labelled >= 3:
            ax.text(x, top - 6, f"{day:%b %d}", fontsize=8, color=MUTED)
            labelled = column
        fill, outline, letter, ink = CELL_STYLE.get(state, CELL_STYLE["no round"])
        squares.append(Rectangle((x + 2, y + 2), cell - 4, cell - 4, facecolor=fill, edgecolor=outline))
        if letter:
            letters.setdefault((letter, ink), []).append((x + cell / 2, y + cell / 2))
    ax.add_collection(PatchCollection(squares, match_original=True, linewidth=1.5))
    for (letter, ink), where in letters.items():  # one marker collection per letter: quicker than texts
        xs, ys = zip(*where, strict=True)
        ax.scatter(xs, ys, s=55, marker=f"$\\mathbf{{{letter}}}$", c=ink, linewidths=0)
    ax.text(16, height - 14, LEGEND, fontsize=8, color=MUTED, va="center")


@lru_cache(maxsize=CACHED)
def calendar_and_bars(
    days: tuple[tuple[date, str], ...], calendar_heading: str, bars_heading: str, rows: tuple[BarRow, ...],
    scale: float | None = None,
) -> bytes:
    """The calendar above labelled bars in one image (a member's streak and topic strength)."""
    width, top = calendar_size(days)
    below = bars_height(rows)
    fig = figure(top + below, width)
    upper, lower = fig.subfigures(2, 1, height_ratios=(top, below), hspace=0)
    draw_calendar(upper, days, calendar_heading)
    draw_bars(lower, below, bars_heading, rows, scale)
    return png(fig)


@lru_cache(maxsize=CACHED)
def series(heading: str, points: tuple[tuple[date, float], ...], value_format: str = "{:.0%}") -> bytes:
    """Vertical bars of a 0-1 value per date (participation, share correct, scores), labelled ends."""
    height = 240
    if not points:
        fig = figure(NO_DATA_PX)
        _no_data(fig, heading, "No data yet.")
        return png(fig)
    fig = figure(height)
    ax = fig.add_axes((0.08, 56 / height, 0.89, 1 - 96 / height))
    values = [min(1.0, max(0.0, v)) for _, v in points]
    ax.bar(range(len(points)), values, width=0.8, color=BAR)
    ax.set_xlim(-0.6, len(points) - 0.4)
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 0.5, 1], ["0%", "50%", "100%"])
    ax.yaxis.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", colors=MUTED, length=0)
    ax.set_xticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    (first, first_value), (last, last_value) = points[0], points[-1]
    ax.text(0, -0.06, f"{first:%b %d}: {value_format.format(first_value)}", transform=ax.transAxes,
            ha="left", va="top", color=INK, fontsize=9)
    if len(points) > 1:
        ax.text(1, -0.06, f"{last:%b %d}: {value_format.format(last_value)}", transform=ax.transAxes,
                ha="right", va="top", color=INK, fontsize=9)
    mean = sum(v for _, v in points) / len(points)
    ax.text(0, -0.16, f"{len(points)} days, mean {value_format.format(mean)}", transform=ax.transAxes,
            ha="left", va="top", color=MUTED, fontsize=9)
    fig.text(0.02, 1 - 14 / height, shorten(heading, 90), fontsize=12, fontweight="bold", color=INK, va="top")
    return png(fig)


@lru_cache(maxsize=CACHED)
def heatmap(topics: tuple[str, ...], rows: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]) -> bytes:
    """Share correct per cohort (rows) and topic (columns); every cell shows its percentage."""
    heading = "Share correct per cohort and topic"
    if not rows or not topics:
        fig = figure(NO_DATA_PX)
        _no_data(fig, heading, "No answers yet.")
        return png(fig)
    cell_w, cell_h, label_w = 84, 28, 150
    width = max(WIDTH_PX, 32 + label_w + len(topics) * cell_w)
    height = 48 + 30 + len(rows) * cell_h + 16
    fig = figure(height, width)
    ax = _pixels(fig, width, height)
    ax.text(16, 16, heading, fontsize=12, fontweight="bold", color=INK, va="top")
    x0, y0 = 16 + label_w, 78
    for col, topic in enumerate(topics):
        ax.text(x0 + col * cell_w + 4, y0 - 8, shorten(topic, 11), fontsize=9, color=INK)
    squares = []
    for r, (cohort, cells) in enumerate(rows):
        y = y0 + r * cell_h
        ax.text(16, y + cell_h / 2, shorten(cohort, 22), fontsize=10, color=INK, va="center")
        for col, (answers, correct) in enumerate(cells):
            x = x0 + col * cell_w
            if not answers:
                squares.append(Rectangle((x, y), cell_w - 2, cell_h - 2, facecolor=EMPTY))
                ax.text(x + cell_w / 2, y + cell_h / 2, "—", color=MUTED, ha="center", va="center")
                continue
            share = correct / answers
            shade = (235 - 175 * share) / 255
            fill = (shade, min(shade + 10 / 255, 245 / 255), 245 / 255)
            squares.append(Rectangle((x, y), cell_w - 2, cell_h - 2, facecolor=fill))
            ax.text(x + cell_w / 2, y + cell_h / 2, f"{share:.0%}", fontsize=10,
                    color="#ffffff" if share > 0.6 else INK, ha="center", va="center")
    ax.add_collection(PatchCollection(squares, match_original=True, edgecolor="none"))
    return png(fig)


def clear_caches() -> None:
    """Forget every cached drawing (benchmarks measure drawing from scratch with this)."""
    for cached in (bars, calendar, calendar_and_bars, series, heatmap):
        cached.cache_clear()
