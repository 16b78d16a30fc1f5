"""The matplotlib charts: PNG of the expected size, drawn once per set of numbers, marks readable
without colour (letters on the calendar, value labels beside the bars)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.charts import figures

DAYS = tuple(
    (date(2026, 1, 5) + timedelta(n), ("answered", "missed", "frozen", "no round", "pending")[n % 5])
    for n in range(84)
)
ROWS = tuple((f"topic {n}", n * 20.0, f"{n * 20}% over 3") for n in range(4))


def picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


def test_a_member_chart_is_the_calendar_above_the_topic_bars_at_a_predictable_size():
    width, calendar_height = figures.calendar_size(DAYS)
    image = picture(figures.calendar_and_bars(DAYS, "Streak calendar of Ana", "Strength", ROWS, 100.0))
    assert image.size == (width, calendar_height + figures.bars_height(ROWS)) == (720, 280 + 152)
    lo, hi = image.convert("L").getextrema()
    assert hi - lo > 100  # drawn, not blank


def test_the_same_numbers_are_drawn_once_and_new_numbers_anew():
    figures.clear_caches()
    first = figures.bars("Strength", ROWS, 100.0)
    assert figures.bars("Strength", ROWS, 100.0) is first
    changed = figures.bars("Strength", (*ROWS[:-1], ("topic 3", 10.0, "10% over 3")), 100.0)
    assert changed != first and picture(changed).size == picture(first).size


def test_an_empty_chart_says_so_instead_of_drawing_nothing():
    for data in (figures.bars("Leaderboard", ()), figures.calendar((), "Streak calendar"),
                 figures.series("Scores", ()), figures.heatmap((), ())):
        image = picture(data)
        assert image.width == 720 and image.height == figures.NO_DATA_PX


def test_calendar_states_differ_without_colour():
    """Each state's letter is drawn in its cell: greyscale cells of answered and missed days differ."""
    image = picture(figures.calendar(DAYS, "Streak calendar")).convert("L")
    left, top, cell = figures.CAL_LEFT, figures.CAL_TOP, figures.CELL
    first = DAYS[0][0]

    def cell_pixels(day: date) -> list[int]:
        column = (day - first).days // 7
        x, y = left + column * cell, top + day.weekday() * cell
        return [image.getpixel((x + dx, y + dy)) for dx in range(6, cell - 6) for dy in range(6, cell - 6)]

    answered, missed, none = (cell_pixels(DAYS[i][0]) for i in (0, 1, 3))
    assert min(answered) < 128 and max(answered) > 200  # dark square, light letter
    assert min(missed) < 128 and max(missed) > 200  # light square, dark letter
    assert min(none) > 200  # no round: blank
