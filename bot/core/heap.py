"""The process heap after start-up, kept out of the garbage collector's way.

Python's full (generation 2) collection walks every tracked object in the process; with the
content, the frontends and their libraries loaded that is a pause of tens of milliseconds on the
event loop, and while it runs no other thread (the store's writer, the reader) holds the
interpreter either, so every answer in flight waits for it. `settle()` collects the start-up
garbage once and then freezes what is left (`gc.freeze`): those objects live as long as the process
and are never walked again, so later collections only see what was made since. Objects that go out
of use are still freed by reference counting; only cycles among start-up objects are kept.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Call once, when start-up is done: collect its garbage, then freeze what survived."""
    gc.collect()
    gc.freeze()
