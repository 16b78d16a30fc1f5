"""Where one call's time went: opt-in timings of its phases, for latency breakdowns.

A caller that wants them (the store benchmark) runs the call in a task after `phases.track()`;
the layers the call passes through add seconds under a phase name with `phases.add(name, seconds)`
(or `phases.current()` when the time is measured on another thread and added later). Without
`track()` every `add` is one context-variable look-up and nothing more, so the hooks stay in the
real code paths the bot runs.

Phase names used by the answer path: `read_round` (finding the round), `grade_queued` (waiting in
the grading pool for a free worker), `grade` (grading itself, in a worker or here), `grade_ipc` (the
worker round trip beyond grading, the loop's wake-up included), `write_queued` (waiting for the
store's writer: the batch before it, its commit included), `write_begin` (BEGIN IMMEDIATE),
`write_tx` (the batch's transaction from BEGIN up to COMMIT), `write_own` (this write's own
statements, part of `write_tx`), `commit` (COMMIT with its disk sync),
`write_ack` (from the commit to the caller running again: the loop's wake-up).
"""

from __future__ import annotations

import contextvars

_current: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "studybot_phases", default=None
)


def track() -> dict[str, float]:
    """Record the phases of whatever the current task does from now on into the returned dict."""
    timings: dict[str, float] = {}
    _current.set(timings)
    return timings


def current() -> dict[str, float] | None:
    """The dict the current task records into, or None when nobody asked."""
    return _current.get()


def add(name: str, seconds: float, timings: dict[str, float] | None = None) -> None:
    """Add `seconds` to phase `name` of `timings` (default: the current task's, if tracked)."""
    if timings is None:
        timings = _current.get()
        if timings is None:
            return
    timings[name] = timings.get(name, 0.0) + seconds
