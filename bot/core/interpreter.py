"""The interpreter once start-up is done: its heap out of the collector's way, threads taking turns quickly.

Heap: Python's full (generation 2) collection walks every tracked object in the process; with the
content, the frontends and their libraries loaded that is a pause of tens of milliseconds on the
event loop, and while it runs no other thread (the store's writer, the reader) holds the
interpreter either, so every answer in flight waits for it. `settle()` collects the start-up
garbage once and then freezes what is left (`gc.freeze`): those objects live as long as the process
and are never walked again, so later collections only see what was made since. Objects that go out
of use are still freed by reference counting; only cycles among start-up objects are kept.

Thread switches: the store's writer thread lets go of the interpreter for every SQL statement it
runs and must take it back afterwards; while the event loop is busy it gets it back only when the
loop is made to yield, after the switch interval. At Python's default (5 ms) a batch of answers of
a dozen statements each could wait that long per statement, so `settle()` shortens the interval to
`SWITCH_INTERVAL_S`: the writer waits at most that long per statement, and the loop pays a
thread switch that often while another thread wants the interpreter (and nothing when none does).
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.0005


def settle() -> None:
    """Call once, when start-up is done: collect its garbage, freeze what survived, and shorten
    the thread switch interval."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
