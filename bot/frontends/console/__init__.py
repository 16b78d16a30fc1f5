"""The terminal frontend: the same commands as the chat frontends, against the same core and database.

`build(service, settings, json_mode=..., advance=...)` gives a ConsoleFrontend; `bot/app.py` runs
it. `--json` prints every output as one JSON object per line (see `events.py` for the fields).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any

from bot.core.i18n import _
from bot.core.service import StudyService
from bot.frontends.console.messenger import ConsoleMessenger, Output
from bot.frontends.console.output import JsonOutput, TextOutput
from bot.frontends.console.session import Advance, ConsoleSession

__all__ = ["ConsoleFrontend", "build"]


async def in_daemon_thread(fn: Callable[..., str], *args: Any) -> str:
    """Run a blocking read in a daemon thread, so a pending read never holds up shutdown."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result or "")

    def work() -> None:
        try:
            result = fn(*args)
        except BaseException as err:  # EOFError, KeyboardInterrupt, OSError: hand them to the loop
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, None, err)
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    return await future


async def stdin_lines(stream: IO[str] | None = None) -> AsyncIterator[str]:
    """Lines from a stream (stdin) until end of input, read off the event loop.

    Undecodable bytes arrive as lone surrogates (never as an exception); the session replaces them.
    """
    stream = stream or sys.stdin
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="surrogateescape")
    while (line := await in_daemon_thread(stream.readline)) != "":
        yield line


class ConsoleFrontend:
    """Implements the Frontend port; `run()` reads commands until end of input or /quit."""

    name = "console"

    def __init__(
        self,
        service: StudyService,
        output: Output,
        advance: Advance | None,
        interactive: bool,
        charts: Path | None = None,
    ) -> None:
        self.service = service
        self.output = output
        self.messenger = ConsoleMessenger(output)
        self.session = ConsoleSession(service, output, advance, charts)
        self.interactive = interactive
        self._stopping = False
        self._busy = asyncio.Lock()
        service.register_messenger(self.messenger)

    async def start(self) -> None:
        """Nothing to connect: the console is ready as soon as it is built."""

    @property
    def stopping(self) -> bool:
        """True once stop() was called: long work (a /clock jump) ends at its next step."""
        return self._stopping

    async def stop(self) -> None:
        """Finish the command in progress, then stop reading."""
        self._stopping = True
        async with self._busy:
            pass

    def ready(self, **fields: Any) -> None:
        """Announce that the prompt is up (the `ready` event)."""
        member, channel = self.session.member.user_id, self.session.channel.channel_id
        now = self.service.now().isoformat(timespec="minutes")
        message = _("studybot console: you are `{member}` in #{channel}; it is {now}. /help lists commands; "
                    "type plain text to answer the open question.").format(
                        member=member, channel=channel, now=now)
        if fields.get("resumed"):
            message += " " + _("The clock resumed at this database's time, so it never goes back.")
        self.output.emit({"type": "ready", "member": member, "channel": channel, "now": now,
                          "message": message, **fields})

    async def run(self, lines: AsyncIterator[str] | None = None) -> None:
        """Handle lines until end of input, /quit or stop()."""
        if lines is None and self.interactive:
            await self.run_interactive()
            return
        async for line in lines or stdin_lines():
            if self._stopping:
                return
            async with self._busy:
                if not await self.session.handle(line):
                    return

    async def run_interactive(self) -> None:
        """The interactive loop: a fresh prompt (member@#channel) for every line, with line editing."""
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - line editing and history for input()
        while not self._stopping:
            try:
                line = await in_daemon_thread(input, self.session.prompt())
            except (EOFError, KeyboardInterrupt):
                return
            async with self._busy:
                if not await self.session.handle(line):
                    return

    async def tick(self, work: Any) -> None:
        """Run background work (due rounds) between commands, never during one."""
        async with self._busy:
            await work


def build(
    service: StudyService,
    settings: object | None = None,
    *,
    json_mode: bool = False,
    advance: Advance | None = None,
    stream: IO[str] | None = None,
    charts: Path | None = None,
) -> ConsoleFrontend:
    """The console frontend writing to `stream` (stdout): JSON lines or readable, coloured text."""
    output: Output = JsonOutput(stream) if json_mode else TextOutput(stream)
    interactive = not json_mode and (stream or sys.stdout).isatty() and sys.stdin.isatty()
    return ConsoleFrontend(service, output, advance, interactive, charts)
