"""interpreter.settle(): start-up garbage is collected, what survives is frozen out of later collections,
and a thread that keeps letting go of the interpreter (the store's writer) is not starved by a busy one."""

from __future__ import annotations

import gc
import sys
import threading
import time
import weakref

import pytest

from bot.core import interpreter


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen():
    interval = sys.getswitchinterval()
    yield
    gc.unfreeze()  # other tests run with an ordinary collector
    sys.setswitchinterval(interval)


def test_settle_frees_start_up_cycles_and_freezes_what_is_kept(unfrozen):
    a, b = Node(), Node()
    a.other, b.other = b, a
    garbage = weakref.ref(a)
    del a, b
    kept = Node()
    frozen_before = gc.get_freeze_count()

    interpreter.settle()

    assert garbage() is None  # the cycle went before the freeze, it is not kept for ever
    assert gc.get_freeze_count() > frozen_before
    assert not any(o is kept for o in gc.get_objects())  # no longer walked by collections
    c, d = Node(), Node()  # what is made afterwards is still collected
    c.other, d.other = d, c
    later = weakref.ref(c)
    del c, d
    gc.collect()
    assert later() is None


def wakeups_while_busy(busy_s: float) -> int:
    """How often a thread that waits on the disk (a 1 ms sleep: the store's writer during a COMMIT)
    gets the interpreter back while this thread spins in Python (the event loop)."""
    stop, done = threading.Event(), [0]

    def writer() -> None:
        while not stop.is_set():
            time.sleep(0.001)  # lets go of the interpreter, needs it back to go on
            done[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    end = time.perf_counter() + busy_s
    while time.perf_counter() < end:
        pass
    ran = done[0]
    stop.set()
    thread.join()
    return ran


def test_after_settle_a_busy_thread_holds_up_a_thread_back_from_the_disk_far_less(unfrozen):
    sys.setswitchinterval(0.005)  # Python's default
    before = wakeups_while_busy(0.4)
    interpreter.settle()
    assert sys.getswitchinterval() == pytest.approx(interpreter.SWITCH_INTERVAL_S)
    after = wakeups_while_busy(0.4)
    # each wake-up waits for the spinning thread to be asked to let go: up to 5 ms before, 0.5 ms after
    assert before <= 0.4 / 0.005 * 1.2
    assert after >= 2 * before
