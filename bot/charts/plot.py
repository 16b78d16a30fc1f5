"""Matplotlib set up for server-side charts: the Agg renderer, the bundled DejaVu font, a palette
that also reads in greyscale, and figures turned into PNG bytes.

Figures are made with `matplotlib.figure.Figure` (not pyplot), so no global state is shared between
the threads that draw them and no display is needed. The font is the DejaVu Sans matplotlib ships,
so no font file is read from the system or the network.
"""

from __future__ import annotations

import io
import threading
from functools import cache

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: draw to pixels, never to a window

from matplotlib.figure import Figure

WIDTH_PX = 720
DPI = 100
INK = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
BACKGROUND = "#ffffff"
BAR = "#2f5ea8"
HIGHLIGHT = "#d6781e"
LIGHT = "#96bee6"
EMPTY = "#f4f5f7"


_RENDERING = threading.Lock()  # pages draw in worker threads; matplotlib renders one figure at a time


@cache
def _configured() -> None:
    matplotlib.rcParams.update({
        "font.family": "DejaVu Sans",  # bundled with matplotlib
        "font.size": 10,
        "text.hinting": "no_hinting",  # a third less time per label than the default, same look at 100 dpi
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlecolor": INK,
        "xtick.color": MUTED,
        "ytick.color": INK,
        "figure.facecolor": BACKGROUND,
        "savefig.facecolor": BACKGROUND,
        "svg.fonttype": "none",
        "path.simplify": True,
    })


def figure(height_px: float, width_px: float = WIDTH_PX) -> Figure:
    """A blank figure of the given size in pixels."""
    _configured()
    return Figure(figsize=(width_px / DPI, max(height_px, 60) / DPI), dpi=DPI)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (its exact size: no tight cropping, so sizes are predictable)."""
    out = io.BytesIO()
    with _RENDERING:
        fig.savefig(  # light compression: a few kB more per chart, several times quicker to encode
            out, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
        )
    return out.getvalue()


def shorten(text: str, chars: int) -> str:
    """`text` cut to `chars` characters with an ellipsis."""
    return text if len(text) <= chars else text[: chars - 1] + "…"
