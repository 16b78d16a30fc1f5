"""Drawing primitives on Pillow: fonts, a palette that also reads in greyscale, bars, cells and PNG output.

Every mark carries its number or a letter as text, so no chart depends on colour alone. Fonts are
Pillow's bundled default (no font files are read from the system or the network).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
PAD = 16
INK = (33, 37, 41)
MUTED = (108, 117, 125)
GRID = (222, 226, 230)
BACKGROUND = (255, 255, 255)
BAR = (47, 94, 168)
HIGHLIGHT = (214, 120, 30)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def font(size: int = 13) -> Font:
    """Pillow's bundled font at `size` (its fixed bitmap font where FreeType is missing)."""
    try:
        return ImageFont.load_default(size=size)
    except (ImportError, OSError, TypeError):
        return ImageFont.load_default()


def text_width(text: str, size: int = 13) -> int:
    left, _, right, _ = font(size).getbbox(text)
    return int(right - left)


def fit(text: str, width: int, size: int = 13) -> str:
    """`text` shortened with an ellipsis to fit `width` pixels."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def new(height: int, width: int = WIDTH) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, max(1, height)), BACKGROUND)
    return image, ImageDraw.Draw(image)


def title(draw: ImageDraw.ImageDraw, text: str, y: int = PAD) -> int:
    """Draw a chart title; returns the y below it."""
    draw.text((PAD, y), fit(text, WIDTH - 2 * PAD, 16), fill=INK, font=font(16))
    return y + 26


def bars(
    heading: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    scale: float | None = None,
    highlight: int | None = None,
) -> Image.Image:
    """Horizontal bars: one row per (label, value, value text), the value text written after the bar."""
    row_h, label_w = 24, 200
    image, draw = new(PAD * 2 + 26 + max(1, len(rows)) * row_h)
    y = title(draw, heading)
    if not rows:
        draw.text((PAD, y), "No data yet.", fill=MUTED, font=font())
        return image
    top = scale or max((v for _, v, _ in rows), default=0) or 1
    room = WIDTH - 2 * PAD - label_w - 90
    for index, (label, value, shown) in enumerate(rows):
        draw.text((PAD, y + 4), fit(label, label_w - 8), fill=INK, font=font())
        length = int(room * max(0.0, value) / top)
        colour = HIGHLIGHT if index == highlight else BAR
        if length:
            draw.rectangle((PAD + label_w, y + 3, PAD + label_w + length, y + row_h - 5), fill=colour)
        draw.text((PAD + label_w + length + 6, y + 4), shown, fill=INK, font=font())
        y += row_h
    return image


def stack(images: Sequence[Image.Image]) -> Image.Image:
    """Images one below the other on one canvas."""
    width = max(i.width for i in images)
    combined = Image.new("RGB", (width, sum(i.height for i in images)), BACKGROUND)
    y = 0
    for image in images:
        combined.paste(image, (0, y))
        y += image.height
    return combined


def png(image: Image.Image) -> bytes:
    """The image as PNG bytes."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
