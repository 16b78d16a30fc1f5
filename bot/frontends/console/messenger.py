"""The console's Messenger: posts, live counts, reveals and notices become console events."""

from __future__ import annotations

from typing import Protocol

from bot.core.models import ChannelRef, Platform
from bot.core.ports import PrivateNote, RoundPost, RoundSummary
from bot.frontends.console import events, member_events
from bot.frontends.console.events import Event


class Output(Protocol):
    def emit(self, event: Event) -> None: ...


class ConsoleMessenger:
    """Implements the Messenger port for the terminal."""

    platform = Platform.CONSOLE

    def __init__(self, output: Output) -> None:
        self.output = output

    async def post_round(self, post: RoundPost) -> str:
        """Show the daily question; the message reference is the round id."""
        self.output.emit(events.round_posted(post))
        return f"console:{post.round_id}"

    async def update_answer_count(
        self, channel: ChannelRef, message_ref: str, round_id: int, answered: int
    ) -> None:
        """Show the live count ("3 answered")."""
        self.output.emit({"type": "answer_count", "channel": channel.channel_id, "round_id": round_id,
                          "answered": answered})

    async def post_round_closed(self, summary: RoundSummary) -> None:
        """Show the reveal: model answer and the round's stats."""
        self.output.emit(events.round_closed(summary))

    async def send_notice(self, channel: ChannelRef, text: str) -> None:
        """Show an operational message for a channel."""
        self.output.emit({"type": "notice", "channel": channel.channel_id, "message": text})

    async def send_private(self, note: PrivateNote) -> None:
        """Show a reminder or freeze note meant for one member (`reminder` / `freeze` events)."""
        self.output.emit(member_events.private_note(note))
