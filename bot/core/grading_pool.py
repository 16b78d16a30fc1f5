"""Grading in worker processes, so the event loop and the store's writer are not kept waiting by it.

`GradingPool(workers)` starts `workers` processes (spawned, not forked: the store's threads are
running). Each holds the questions it was sent, so a request carries only the question id and the
reply; a question object the worker has not seen (a new one, or a reload) goes along once. The loop
writes requests to a worker's pipe and reads replies when the pipe is readable (`add_reader`): no
thread hop, and every reply ready is read in one wake-up. At most `IN_FLIGHT` requests are in a
worker's pipe at once (further ones wait in the pool), so neither side ever blocks on a full pipe.

Whatever the worker cannot answer is graded in this process instead, with the same outcome a member
would get without the pool: a reply the worker refused or failed on (the exception is raised here,
by grading again), and every request pending on a worker that died, which is then started again.
With 0 workers, or where processes cannot be started, everything is graded in this process.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import multiprocessing
import pickle
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from bot.core import interpreter, phases
from bot.core.models import Grade, Question
from bot.core.question_types import grade_attempt

log = logging.getLogger("studybot.grading")

IN_FLIGHT = 32  # requests in one worker's pipe at once: their replies (~0.5 kB each) fit its buffer
PIPE_BUDGET = 48_000  # bytes of requests in one worker's pipe at once (Linux pipes hold 64 kB)


def _serve(conn: Connection) -> None:
    """The worker: grade each request; answer `(seq, (stored text or None when unchanged, grade),
    seconds spent grading)`, or `(seq, None, seconds)` when grading raised."""
    questions: dict[str, Question] = {}
    interpreter.settle()  # the worker's imports are done: its collections walk only what it makes later
    while True:
        try:
            seq, question_id, question, text = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the pool closed its end
        if question is not None:
            questions[question_id] = question
        start = time.perf_counter()
        try:
            stored, result = grade_attempt(questions[question_id], text)
            outcome = (None if stored == text else stored, result)
        except Exception:  # the pool grades it again in its own process and raises it there
            outcome = None
        seconds = time.perf_counter() - start
        try:
            conn.send_bytes(pickle.dumps((seq, outcome, seconds), pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Request:
    seq: int
    question: Question
    text: str
    future: asyncio.Future
    queued: float = 0.0  # perf_counter when the request was made, and when it went into a pipe
    sent: float = 0.0
    graded_s: float = 0.0  # what grading took in the worker


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    sent: dict[str, Question] = field(default_factory=dict)  # what the worker holds, by identity
    pending: dict[int, tuple[_Request, int]] = field(default_factory=dict)  # seq -> (request, bytes)
    in_pipe: int = 0  # bytes of the pending requests


def _grade_here(question: Question, text: str) -> tuple[str, Grade]:
    """Grade in this process (on the event loop), timed as phase `grade` when tracked."""
    if phases.current() is None:
        return grade_attempt(question, text)
    start = time.perf_counter()
    try:
        return grade_attempt(question, text)
    finally:
        phases.add("grade", time.perf_counter() - start)


class GradingPool:
    """`await pool.grade_attempt(question, text)`: `question_types.grade_attempt` off the event loop."""

    def __init__(self, workers: int) -> None:
        self.size = max(0, int(workers))
        self.restarts = 0  # workers started again after one died
        self._workers: list[_Worker] = []
        self._waiting: collections.deque[_Request] = collections.deque()
        self._seq = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @property
    def workers(self) -> int:
        """Worker processes running now."""
        return sum(1 for w in self._workers if w.process.is_alive())

    async def grade_attempt(self, question: Question, text: str) -> tuple[str, Grade]:
        """The reply in stored form and its grade, as `question_types.grade_attempt` gives them."""
        if self.size == 0 or self._closed:
            return _grade_here(question, text)
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._start(loop)
        if not self._workers:
            return _grade_here(question, text)
        self._seq += 1
        request = _Request(self._seq, question, text, loop.create_future(), time.perf_counter())
        self._waiting.append(request)
        self._dispatch()
        outcome = await request.future
        if request.sent and phases.current() is not None:
            phases.add("grade_queued", request.sent - request.queued)
            phases.add("grade", request.graded_s)
            phases.add("grade_ipc", time.perf_counter() - request.sent - request.graded_s)
        if outcome is None:  # refused or failed over there: the same thing happens here, raised here
            return _grade_here(question, text)
        stored, result = outcome
        return (text if stored is None else stored), result

    def close(self) -> None:
        """Stop the workers; requests still pending are graded in this process."""
        self._closed = True
        for worker in list(self._workers):
            self._drop(worker)
        self._workers.clear()
        for request in self._waiting:
            if not request.future.done():
                request.future.set_result(None)
        self._waiting.clear()

    # --- workers ---------------------------------------------------------------------------------
    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the workers for this event loop (a new loop, as in tests, gets new workers)."""
        for worker in self._workers:
            self._drop(worker)
        self._workers = []
        self._loop = loop
        for _ in range(self.size):
            worker = self._spawn()
            if worker is not None:
                self._workers.append(worker)

    def _spawn(self) -> _Worker | None:
        try:
            ours, theirs = multiprocessing.Pipe(duplex=True)
            process = multiprocessing.get_context("spawn").Process(
                target=_serve, args=(theirs,), name="studybot-grader", daemon=True
            )
            process.start()
            theirs.close()
        except (OSError, RuntimeError) as exc:  # no processes here: grade in this process
            log.warning("could not start a grading worker (%s); grading in the bot's process", exc)
            return None
        worker = _Worker(process, ours)
        assert self._loop is not None
        self._loop.add_reader(ours.fileno(), self._on_readable, worker)
        return worker

    def _drop(self, worker: _Worker) -> None:
        """Forget a worker: stop reading it, end it, hand its pending requests back for grading here."""
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(Exception):
                self._loop.remove_reader(worker.conn.fileno())
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.terminate()
        worker.process.join(timeout=2)
        for request, _ in worker.pending.values():
            if not request.future.done():
                request.future.set_result(None)  # graded in this process by the caller
        worker.pending.clear()

    def _died(self, worker: _Worker) -> None:
        log.warning(
            "a grading worker stopped (exit code %s); its %d pending answer(s) are graded in the bot's "
            "process and the worker is started again",
            worker.process.exitcode,
            len(worker.pending),
        )
        self._drop(worker)
        with contextlib.suppress(ValueError):
            self._workers.remove(worker)
        if not self._closed:
            again = self._spawn()
            if again is not None:
                self.restarts += 1
                self._workers.append(again)
        self._dispatch()

    # --- requests --------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        """Move waiting requests into the least busy workers' pipes (each up to IN_FLIGHT)."""
        while self._waiting:
            if not self._workers:
                request = self._waiting.popleft()
                if not request.future.done():
                    request.future.set_result(None)
                continue
            worker = min(self._workers, key=lambda w: len(w.pending))
            if len(worker.pending) >= IN_FLIGHT:
                return
            request = self._waiting[0]
            if request.future.done():
                self._waiting.popleft()
                continue  # the caller stopped waiting
            question = request.question
            known = worker.sent.get(question.id) is question
            payload = pickle.dumps(
                (request.seq, question.id, None if known else question, request.text),
                pickle.HIGHEST_PROTOCOL,
            )
            if worker.pending and worker.in_pipe + len(payload) > PIPE_BUDGET:
                return  # sent when replies make room
            self._waiting.popleft()
            try:
                worker.conn.send_bytes(payload)
            except OSError:
                self._waiting.appendleft(request)
                self._died(worker)
                return
            request.sent = time.perf_counter()
            worker.sent[question.id] = question
            worker.pending[request.seq] = (request, len(payload))
            worker.in_pipe += len(payload)

    def _on_readable(self, worker: _Worker) -> None:
        """Every reply the worker has ready, in one wake-up of the loop."""
        try:
            while worker.conn.poll():
                seq, outcome, seconds = pickle.loads(worker.conn.recv_bytes())
                request, size = worker.pending.pop(seq, (None, 0))
                worker.in_pipe -= size
                if request is not None and not request.future.done():
                    request.graded_s = seconds
                    request.future.set_result(outcome)
        except (EOFError, OSError):
            self._died(worker)
            return
        self._dispatch()
