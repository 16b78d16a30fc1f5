"""heap.settle(): start-up garbage is collected, what survives is frozen out of later collections."""

from __future__ import annotations

import gc
import weakref

import pytest

from bot.core import heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # other tests run with an ordinary collector


def test_settle_frees_start_up_cycles_and_freezes_what_is_kept(unfrozen):
    a, b = Node(), Node()
    a.other, b.other = b, a
    garbage = weakref.ref(a)
    del a, b
    kept = Node()
    frozen_before = gc.get_freeze_count()

    heap.settle()

    assert garbage() is None  # the cycle went before the freeze, it is not kept for ever
    assert gc.get_freeze_count() > frozen_before
    assert not any(o is kept for o in gc.get_objects())  # no longer walked by collections
    c, d = Node(), Node()  # what is made afterwards is still collected
    c.other, d.other = d, c
    later = weakref.ref(c)
    del c, d
    gc.collect()
    assert later() is None
