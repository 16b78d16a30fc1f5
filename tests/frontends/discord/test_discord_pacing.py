"""The shared pacer keeps a fan-out to many guilds near 40 requests per second."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.frontends.discord.limits import ELLIPSIS, clip, fit_embed
from bot.frontends.discord.pacing import Pacer


class FrozenTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_ten_thousand_channels_are_spread_over_about_250_seconds():
    clock = FrozenTime()
    pacer = Pacer(rate=40, burst=5, monotonic=clock)
    delays = [pacer.reserve() for _ in range(10_000)]
    assert delays[:5] == pytest.approx([0] * 5, abs=1e-9)
    assert delays[-1] == pytest.approx((10_000 - 5) / 40)
    # after the initial burst, any 41 consecutive requests span a full second: at most 40 per second
    assert all(delays[i + 40] - delays[i] >= 1.0 - 1e-9 for i in range(5, len(delays) - 40))


def test_an_idle_pacer_allows_a_small_burst_again():
    clock = FrozenTime()
    pacer = Pacer(rate=40, burst=3, monotonic=clock)
    for _ in range(10):
        pacer.reserve()
    clock.now += 60
    assert [pacer.reserve() for _ in range(4)] == [0, 0, 0, pytest.approx(1 / 40)]


def test_a_pacer_needs_a_positive_rate():
    with pytest.raises(ValueError):
        Pacer(rate=0)


async def test_concurrent_callers_wait_their_turn():
    pacer = Pacer(rate=200, burst=1)
    started = time.monotonic()
    await asyncio.gather(*(pacer.wait() for _ in range(21)))
    assert time.monotonic() - started >= 0.09
    assert pacer.granted == 21


def test_clip_cuts_with_an_ellipsis_at_exactly_the_limit():
    assert clip("short", 10) == "short"
    cut = clip("word " * 100, 45)
    assert len(cut) <= 45 and cut.endswith(ELLIPSIS)


def test_an_embed_over_6000_characters_is_shrunk_keeping_title_and_first_fields():
    import discord

    embed = discord.Embed(title="✅ Correct: 90 %", description="d" * 4096)
    for i in range(25):
        embed.add_field(name=f"field {i}", value="v" * 1024)
    fitted = fit_embed(embed)
    assert len(fitted) <= 6000
    assert fitted.title == "✅ Correct: 90 %"
    assert fitted.fields[0].name == "field 0"
