"""A shared request pacer so a daily fan-out to many guilds stays under Discord's global rate limit.

Discord allows about 50 requests per second per bot across all guilds, and discord.py has no
pre-emptive limiter: `gather` over thousands of sends fires them all at once and collects 429s (and
too many 429s get a bot banned at the edge). Every request the messenger makes first takes a slot
here; slots are handed out in arrival order at `rate` per second, with a small `burst` allowance.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

DEFAULT_RATE = 40.0
DEFAULT_BURST = 5


class Pacer:
    """Hands out request slots at a steady rate; callers wait their turn (first come, first served)."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(int(burst), 1)
        self._interval = 1.0 / rate
        self._monotonic = monotonic
        self._next = float("-inf")
        self.granted = 0

    def reserve(self) -> float:
        """Reserve the next slot and return how many seconds the caller must wait for it."""
        now = self._monotonic()
        earliest = now - (self.burst - 1) * self._interval
        slot = max(self._next, earliest)
        self._next = slot + self._interval
        self.granted += 1
        return max(slot - now, 0.0)

    async def wait(self) -> None:
        """Wait for this caller's slot."""
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
