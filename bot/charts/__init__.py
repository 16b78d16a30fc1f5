"""Chart images (PNG, drawn with matplotlib's Agg renderer, no browser): the one chart module of the
web pages and chat.

`bot.charts.images` has every chart; `Painter` is the `ChartPainter` the service uses for chat
attachments. matplotlib is imported on the first picture, so start-up time and idle memory stay as
they were for users who never ask for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.models import Leaderboard
    from bot.core.reports import MemberInsight


class Painter:
    """The chart images the service attaches in chat (implements `bot.core.ports.ChartPainter`)."""

    def member_png(self, insight: MemberInsight) -> bytes:
        from bot.charts import images

        return images.member_png(insight)

    def standings_png(self, board: Leaderboard) -> bytes:
        from bot.charts import images

        return images.standings_png(board)
