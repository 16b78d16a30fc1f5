"""A simulated clock for the console and tests: frozen or following real time, and only moved forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.errors import InvalidInput
from bot.core.i18n import _


class SimulatedClock:
    """Implements the Clock port. Frozen by default; `live=True` lets it run on with real time."""

    def __init__(self, start: datetime | None = None, *, live: bool = False) -> None:
        self.live = live
        self._real_ref = datetime.now(UTC)
        self._base = (start or self._real_ref).astimezone(UTC)

    def now(self) -> datetime:
        """The simulated instant (UTC)."""
        if self.live:
            return self._base + (datetime.now(UTC) - self._real_ref)
        return self._base

    def check_forward(self, instant: datetime) -> None:
        """InvalidInput unless `instant` is aware and not in the clock's past."""
        if instant.tzinfo is None:
            raise InvalidInput(_("Give the time with an offset or Z, e.g. 2026-03-02T09:00+01:00."))
        current = self.now()
        if instant < current - timedelta(seconds=1):
            raise InvalidInput(
                _("The clock only moves forward; it is already {now}.").format(
                    now=current.isoformat(timespec="minutes"))
            )

    def set(self, instant: datetime) -> None:
        """Move the clock to `instant` (aware); InvalidInput when that is in its past."""
        self.check_forward(instant)
        current = self.now()
        self._real_ref = datetime.now(UTC)
        self._base = max(instant, current).astimezone(UTC)
